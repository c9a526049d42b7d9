// Domain errors every service throws; each service's fault renderer turns them into its upstream fault body.

/** An error with an HTTP status. `title` is the reason phrase Keystone puts in its error body. */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  /** Extra headers to send with the fault (e.g. WWW-Authenticate on 401). */
  readonly headers: Record<string, string>;

  constructor(status: number, title: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.title = title;
    this.headers = headers;
  }
}

export class BadRequest extends HttpError {
  constructor(message = 'The request you have made requires validation.') {
    super(400, 'Bad Request', message);
  }
}

export class Unauthorized extends HttpError {
  constructor(message = 'The request you have made requires authentication.') {
    super(401, 'Unauthorized', message);
  }
}

export class Forbidden extends HttpError {
  constructor(message = 'You are not authorized to perform the requested action.') {
    super(403, 'Forbidden', message);
  }
}

/** Over quota: Nova and Glance answer 403 with their own message. */
export class OverQuota extends HttpError {
  constructor(message: string) {
    super(403, 'Forbidden', message);
  }
}

export class NotFound extends HttpError {
  constructor(message = 'Could not find the requested resource.') {
    super(404, 'Not Found', message);
  }
}

export class MethodNotAllowed extends HttpError {
  constructor(message = 'The method is not allowed for the requested URL.') {
    super(405, 'Method Not Allowed', message);
  }
}

export class Conflict extends HttpError {
  constructor(message = 'Conflict occurred attempting to store the resource.') {
    super(409, 'Conflict', message);
  }
}

export class PayloadTooLarge extends HttpError {
  constructor(message = 'Request is too large.') {
    super(413, 'Request Entity Too Large', message);
  }
}

export class UnsupportedMediaType extends HttpError {
  constructor(message = 'The media type of the request body is not supported.') {
    super(415, 'Unsupported Media Type', message);
  }
}

export class NotImplemented extends HttpError {
  constructor(message = 'The action you have requested has not been implemented.') {
    super(501, 'Not Implemented', message);
  }
}

/** Anything that is not an HttpError becomes this, logged with the request id: a 500 is always a bug. */
export class InternalError extends HttpError {
  constructor(requestId: string) {
    super(
      500,
      'Internal Server Error',
      `An unexpected error prevented the server from fulfilling your request. Request id: ${requestId}`,
    );
  }
}

/** Turns whatever was thrown into an HttpError; `internal` reports whether it was unexpected. */
export function toHttpError(err: unknown, requestId: string): { error: HttpError; internal: boolean } {
  if (err instanceof HttpError) return { error: err, internal: false };
  const fastifyError = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (fastifyError?.validation) return { error: new BadRequest(fastifyError.message), internal: false };
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: new PayloadTooLarge(), internal: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { error: new UnsupportedMediaType(), internal: false };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { error: new BadRequest('Malformed request body: the body is not valid JSON.'), internal: false };
  }
  if (fastifyError?.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    if (fastifyError.statusCode === 413) return { error: new PayloadTooLarge(), internal: false };
    if (fastifyError.statusCode === 415) return { error: new UnsupportedMediaType(), internal: false };
    return { error: new BadRequest(fastifyError.message ?? 'Bad request'), internal: false };
  }
  return { error: new InternalError(requestId), internal: true };
}

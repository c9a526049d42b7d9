// Gerrit's error bodies: the message as plain text (RestApiServlet's replyError), a Basic challenge on 401.
import { type HttpError, Unauthorized } from '@nubo/core';
import { BASIC_REALM } from '../identity-client.js';

/** Gerrit answers errors with their message and a newline, as text/plain. */
export function renderReviewFault(error: HttpError): string {
  return `${error.status === 500 ? 'Internal server error' : error.message}\n`;
}

/** A 401 that asks for HTTP Basic credentials, as Gerrit's `/a/` URLs do. */
export function challenge(): Unauthorized {
  const error = new Unauthorized('Unauthorized');
  Object.assign(error.headers, { 'www-authenticate': `Basic realm="${BASIC_REALM}"` });
  return error;
}

// Glance's fault bodies: webob's HTTPException rendering (JSON, HTML or plain text by Accept); 401s as keystonemiddleware.
import type { HttpError } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** webob's reason phrases, which Glance's faults carry in `code` and `title`. */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Requested Range Not Satisfiable',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The JSON flavour of a Glance fault: webob's json_formatter over its default body template. */
interface WebobFault {
  message: string;
  code: string;
  title: string;
}

/**
 * Renders a domain error as Glance does. Glance raises webob exceptions whose body is the template
 * `${explanation}<br /><br />\n${detail}\n${html_comment}\n`; `negotiateFaults` then picks JSON, HTML or text.
 * A 401 comes from keystonemiddleware instead, in Keystone's `{"error": {…}}` shape.
 */
export function renderImageFault(error: HttpError): unknown {
  const title = TITLES[error.status] ?? error.title;
  if (error.status === 401) return { error: { code: 401, title, message: error.message } };
  const fault: WebobFault = { message: `${error.message}<br /><br />\n\n\n`, code: `${error.status} ${title}`, title };
  return fault;
}

/** webob's Accept matching over the offers text/html then application/json: which one, or plain text. */
function negotiate(accept: string | undefined): 'html' | 'json' | 'plain' {
  if (!accept || accept.trim() === '') return 'plain';
  const ranges = accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
  });
  const quality = (offer: string): number => {
    const [major] = offer.split('/');
    const exact = ranges.find((r) => r.type === offer);
    const family = ranges.find((r) => r.type === `${major}/*`);
    const any = ranges.find((r) => r.type === '*/*');
    return (exact ?? family ?? any)?.q ?? 0;
  };
  const html = quality('text/html');
  const json = quality('application/json');
  if (html <= 0 && json <= 0) return 'plain';
  return json > html ? 'json' : 'html';
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function rerender(fault: WebobFault, as: 'html' | 'plain'): string {
  const explanation = fault.message.replace(/<br \/><br \/>\n\n\n$/, '');
  // webob's strip_tags turns the template's newlines into spaces and each <br /> into a newline.
  if (as === 'plain') return `${fault.code}\n\n${explanation}\n\n   `;
  return (
    `<html>\n <head>\n  <title>${fault.code}</title>\n </head>\n <body>\n  <h1>${fault.code}</h1>\n` +
    `  ${escapeHtml(explanation)}<br /><br />\n\n\n\n </body>\n</html>`
  );
}

function isWebobFault(value: unknown): value is WebobFault {
  const v = value as Partial<WebobFault> | null;
  return typeof v?.message === 'string' && typeof v.code === 'string' && typeof v.title === 'string';
}

/**
 * Re-renders faults by the request's Accept header, as webob's generate_response does: `application/json` gets the
 * JSON body, `text/html` and `*\/*` (what python-requests sends) get HTML, no Accept gets plain text.
 */
export function negotiateFaults(scope: FastifyInstance): void {
  scope.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    if (reply.statusCode < 400 || reply.statusCode === 401 || typeof payload !== 'string') return payload;
    const as = negotiate(request.headers.accept);
    if (as === 'json') return payload;
    let fault: unknown;
    try {
      fault = JSON.parse(payload);
    } catch {
      return payload;
    }
    if (!isWebobFault(fault)) return payload;
    reply.header('content-type', as === 'html' ? 'text/html; charset=UTF-8' : 'text/plain; charset=UTF-8');
    return rerender(fault, as);
  });
}

// Neutron's fault body (neutron/api/v2/resource.py): {"NeutronError": {"type", "message", "detail"}}, the type being
// the exception class name; errors without one are named after their HTTP status as webob's are.
import type { HttpError } from '@nubo/core';

const STATUS_TYPES: Record<number, string> = {
  400: 'HTTPBadRequest',
  401: 'HTTPUnauthorized',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'HTTPRequestEntityTooLarge',
  415: 'HTTPUnsupportedMediaType',
  501: 'HTTPNotImplemented',
};

export function renderNetworkFault(error: HttpError): unknown {
  const typed = (error as { type?: unknown }).type;
  const type = typeof typed === 'string' ? typed : (STATUS_TYPES[error.status] ?? 'HTTPInternalServerError');
  return { NeutronError: { type, message: error.message, detail: '' } };
}

// Nova's fault body: {"<faultName>": {"code": N, "message": "…"}} with the names of nova/api/openstack/wsgi.py.
import type { HttpError } from '@nubo/core';

const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function renderComputeFault(error: HttpError): unknown {
  const name = FAULT_NAMES[error.status] ?? 'computeFault';
  return { [name]: { code: error.status, message: error.message } };
}

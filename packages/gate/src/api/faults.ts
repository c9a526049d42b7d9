// The gate's fault body. Zuul's web server answers API errors with a small JSON document; nubo keeps that shape for
// every 4xx/5xx of the gate (including the 401/403 of admin calls).
import type { HttpError } from '@nubo/core';

/** `{ "code": 404, "error": "Not Found", "description": "Tenant x does not exist." }` */
export function renderGateFault(error: HttpError): unknown {
  return { code: error.status, error: error.title, description: error.message };
}

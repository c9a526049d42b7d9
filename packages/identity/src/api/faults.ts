// Keystone's fault body: {"error": {"code", "title", "message"}}.
import type { HttpError } from '@nubo/core';

export function renderIdentityFault(error: HttpError): unknown {
  return { error: { code: error.status, title: error.title, message: error.message } };
}

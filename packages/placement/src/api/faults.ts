// Placement's fault body: {"errors": [{"status", "title", "detail", "code", "request_id"}]} (api-ref errors.inc).
import type { HttpError } from '@nubo/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorCode } from '../errors.js';
import { negotiatedVersion, PLACEMENT_VERSIONS } from './common.js';

/** The fault for registerService; the request-dependent members are completed by `completeFault`. */
export function renderPlacementFault(error: HttpError): unknown {
  return { errors: [{ status: error.status, title: error.title, detail: error.message, code: errorCode(error) }] };
}

interface FaultBody {
  errors: Record<string, unknown>[];
}

/**
 * onSend hook: adds the request id to every error, keeps `code` only from microversion 1.23, and on a failed
 * negotiation's 406 names the versions supported (util.json_error_formatter).
 */
export async function completeFault(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{"errors"')) return payload;
  const body = JSON.parse(payload) as FaultBody;
  const version = negotiatedVersion(request);
  for (const error of body.errors) {
    if (!version?.atLeast('1.23')) delete error.code;
    error.request_id = request.id;
    if (error.status === 406 && !version) {
      error.max_version = PLACEMENT_VERSIONS.max;
      error.min_version = PLACEMENT_VERSIONS.min;
    }
  }
  return JSON.stringify(body);
}

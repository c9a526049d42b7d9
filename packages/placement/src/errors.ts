// Placement's error codes (placement/errors.py, api-ref errors.inc) and the domain errors that carry them.
import { BadRequest, Conflict, type HttpError, NotFound } from '@nubo/core';

/** The `code` member of a Placement fault (shown from microversion 1.23). */
export const ErrorCode = {
  undefined: 'placement.undefined_code',
  inventoryInUse: 'placement.inventory.inuse',
  concurrentUpdate: 'placement.concurrent_update',
  duplicateName: 'placement.duplicate_name',
  providerInUse: 'placement.resource_provider.inuse',
  cannotDeleteParent: 'placement.resource_provider.cannot_delete_parent',
  duplicateKey: 'placement.query.duplicate_key',
  badValue: 'placement.query.bad_value',
  missingValue: 'placement.query.missing_value',
} as const;

/** A 409 whose code is `placement.concurrent_update`: a generation the caller sent or read is stale. */
export class ConcurrentUpdate extends Conflict {
  readonly code: string = ErrorCode.concurrentUpdate;
}

/**
 * The compare-and-swap on a provider's generation found another writer first. Allocation writes retry on it
 * (Placement's allocation_conflict_retry_count); every other write reports it as a ConcurrentUpdate.
 */
export class ProviderConcurrentUpdate extends ConcurrentUpdate {
  constructor() {
    super('Another thread concurrently updated the resource provider data. Please retry your update');
  }
}

/** A 409 with an explicit code (inventory in use, duplicate name, provider in use, parent with children). */
export class CodedConflict extends Conflict {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A 400 with an explicit code (query parameter problems since 1.35/1.36). */
export class CodedBadRequest extends BadRequest {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The Placement code of an error: its own, or `placement.undefined_code`. */
export function errorCode(error: HttpError): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('placement.') ? code : ErrorCode.undefined;
}

/** Placement's 404 for a provider named in the path. */
export function providerNotFound(uuid: string): NotFound {
  return new NotFound(`No resource provider with uuid ${uuid} found`);
}

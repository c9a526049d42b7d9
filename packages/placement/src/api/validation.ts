// JSON Schema validation of bodies and query strings, with jsonschema-style messages as Placement prints them.
import { BadRequest } from '@nubo/core';
import type { FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    current = (current as Record<string, unknown> | undefined)?.[key];
  }
  return current;
}

/** Python's repr of a JSON value, near enough: strings in single quotes. */
function repr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function describe(error: SchemaError, data: unknown): string {
  const value = valueAt(data, error.instancePath);
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return `'${(p.requiredProperties as string[])[0]}' is a required property`;
    case 'additionalProperties': {
      const extra = p.additionalProperties as string[];
      return `Additional properties are not allowed (${extra.map((e) => `'${e}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`;
    }
    case 'type':
      return `${repr(value)} is not of type '${p.type}'`;
    case 'minimum':
      return `${repr(value)} is less than the minimum of ${p.limit}`;
    case 'maximum':
      return `${repr(value)} is greater than the maximum of ${p.limit}`;
    case 'minLength':
    case 'minItems':
      return `${repr(value)} is too short`;
    case 'maxLength':
    case 'maxItems':
      return `${repr(value)} is too long`;
    case 'pattern':
      return `${repr(value)} does not match '${p.pattern}'`;
    case 'enum':
      return `${repr(value)} is not one of ${JSON.stringify(p.allowedValues)}`;
    case 'minProperties':
      return `${repr(value)} does not have enough properties`;
    case 'uniqueItems':
      return `${repr(value)} has non-unique elements`;
    case 'anyOf':
      return `${repr(value)} is not valid under any of the given schemas`;
    default:
      return `${repr(value)}: ${error.message}`;
  }
}

/** The first problem of `data` against `schema`, described as Python's jsonschema would; undefined if valid. */
export function schemaProblem(schema: TSchema, data: unknown): string | undefined {
  if (Value.Check(schema, data)) return undefined;
  const errors = [...Value.Errors(schema, data)] as SchemaError[];
  // `false` sub-schemas report each unexpected key; the parent's additionalProperties error reads better.
  const first = errors.find((e) => e.keyword !== 'boolean') ?? errors[0]!;
  const union = errors.find((e) => e.keyword === 'anyOf' && e.instancePath === first.instancePath);
  return describe(union ?? first, data);
}

/** The JSON body validated against `schema`: Placement's 400 `JSON does not validate: …` otherwise. */
export function extractBody<T extends TSchema>(request: FastifyRequest, schema: T): Static<T> {
  if (request.body === undefined) {
    throw new BadRequest('Malformed JSON: Expecting value: line 1 column 1 (char 0)');
  }
  const problem = schemaProblem(schema, request.body);
  if (problem) throw new BadRequest(`JSON does not validate: ${problem}`);
  return request.body as Static<T>;
}

/** Every value of every query parameter, in order (a repeated key keeps all its values). */
export function queryValues(request: FastifyRequest): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value];
    out.set(
      key,
      values.filter((v) => v !== undefined).map((v) => String(v)),
    );
  }
  return out;
}

/**
 * Validates the query string the way Placement does (`jsonschema.validate(dict(req.GET), schema)`: a repeated key
 * is checked by its last value) and returns those last values.
 */
export function validateQuery(request: FastifyRequest, schema: TSchema): Record<string, string> {
  const last: Record<string, string> = {};
  for (const [key, values] of queryValues(request)) if (values.length > 0) last[key] = values[values.length - 1]!;
  const problem = schemaProblem(schema, last);
  if (problem) throw new BadRequest(`Invalid query string parameters: ${problem}`);
  return last;
}

/** The entry of a microversion-keyed table for `version`: the one with the highest key not above it. */
export function forVersion<T>(table: Record<string, T>, version: { atLeast(v: string): boolean }): T {
  const keys = Object.keys(table).sort((a, b) => {
    const [am, an] = a.split('.').map(Number);
    const [bm, bn] = b.split('.').map(Number);
    return am! - bm! || an! - bn!;
  });
  let chosen = table[keys[0]!]!;
  for (const key of keys) if (version.atLeast(key)) chosen = table[key]!;
  return chosen;
}

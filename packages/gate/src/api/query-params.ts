// Reads Zuul's query parameters: each filter may repeat (`?project=a&project=b`), booleans are "true"/"false",
// numbers are decimal; anything else is a 400, never a silent match-all.
import { BadRequest } from '@nubo/core';

type Query = Record<string, string | string[] | undefined>;

/** Every value of a repeated parameter, or undefined when it is absent. */
export function listParam(query: Query, name: string): string[] | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** Every value of a repeated integer parameter. */
export function intListParam(query: Query, name: string): number[] | undefined {
  const values = listParam(query, name);
  return values?.map((v) => {
    if (!/^\d+$/.test(v)) throw new BadRequest(`Invalid value for ${name}: ${JSON.stringify(v)} is not an integer.`);
    return Number(v);
  });
}

/** A boolean parameter (`true`/`false`, any case, as Zuul's `final`, `voting`, `held`, `complete`). */
export function boolParam(query: Query, name: string): boolean | undefined {
  const values = listParam(query, name);
  if (values === undefined) return undefined;
  const v = values[values.length - 1]!.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new BadRequest(`Invalid value for ${name}: ${JSON.stringify(v)} is not true or false.`);
}

/** Zuul's paging: `limit` (default 50, at most 1000) and `skip` (default 0). */
export function pageParams(query: Query): { limit: number; skip: number } {
  const limit = intListParam(query, 'limit')?.at(-1) ?? 50;
  const skip = intListParam(query, 'skip')?.at(-1) ?? 0;
  return { limit: Math.min(Math.max(limit, 1), 1000), skip };
}

/** The filters /builds and /buildsets share: which item (project, change, ref …) and its outcome. */
export function itemFilterParams(query: Query) {
  return {
    project: listParam(query, 'project'),
    pipeline: listParam(query, 'pipeline'),
    change: intListParam(query, 'change'),
    patchset: intListParam(query, 'patchset'),
    ref: listParam(query, 'ref'),
    newrev: listParam(query, 'newrev'),
    branch: listParam(query, 'branch'),
    uuid: listParam(query, 'uuid'),
    result: listParam(query, 'result'),
    complete: boolParam(query, 'complete'),
  };
}

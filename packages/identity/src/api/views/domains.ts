// A domain as Keystone shows it.
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { IdentityContext } from '../../context.js';
import type { DomainRow } from '../../db/tables.js';
import { selfLink } from '../common.js';

export function domainView(ctx: IdentityContext, row: DomainRow): Record<string, unknown> {
  return {
    ...fromDbJson(row.extra, {}),
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: fromDbBool(row.enabled),
    tags: [],
    options: {},
    links: selfLink(ctx, `domains/${row.id}`),
  };
}

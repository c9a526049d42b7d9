// A project as Keystone shows it (a top-level project's parent is its domain).
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { IdentityContext } from '../../context.js';
import { listProjectTags } from '../../db/projects.js';
import type { ProjectRow } from '../../db/tables.js';
import { selfLink } from '../common.js';

function one(ctx: IdentityContext, row: ProjectRow, tags: string[]): Record<string, unknown> {
  return {
    ...fromDbJson(row.extra, {}),
    id: row.id,
    name: row.name,
    domain_id: row.domain_id,
    parent_id: row.parent_id ?? row.domain_id,
    description: row.description,
    enabled: fromDbBool(row.enabled),
    is_domain: false,
    tags,
    options: {},
    links: selfLink(ctx, `projects/${row.id}`),
  };
}

export const projectView = {
  async one(ctx: IdentityContext, row: ProjectRow): Promise<Record<string, unknown>> {
    const tags = await listProjectTags(ctx.db, [row.id]);
    return one(ctx, row, tags.get(row.id) ?? []);
  },
  async list(ctx: IdentityContext, rows: ProjectRow[]): Promise<Record<string, unknown>[]> {
    const tags = await listProjectTags(
      ctx.db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => one(ctx, row, tags.get(row.id) ?? []));
  },
};

// The table-driven check of malformed and refused requests: each row answers its 4xx with Nova's fault body and
// leaves every Compute table exactly as it was.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from './harness.js';

/** One refused request. */
export interface BadInputRow {
  /** Who asks. */
  as: 'admin' | 'demo';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `{server}`, `{flavor}`, `{aggregate}`, `{image}`, `{project}` are replaced by fixtures. */
  path: string;
  body?: unknown;
  version?: string;
  status: number;
  message?: string | RegExp;
}

/** A uuid that names nothing. */
export const UNKNOWN = '0e1f2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/** A digest of every Compute table, to prove a refused request changed nothing. */
async function snapshot(h: Harness): Promise<string> {
  const hash = createHash('sha256');
  const tables = [
    'compute_flavors',
    'compute_flavor_extra_specs',
    'compute_flavor_access',
    'compute_keypairs',
    'compute_instances',
    'compute_instance_metadata',
    'compute_instance_tags',
    'compute_tasks',
    'compute_instance_actions',
    'compute_server_groups',
    'compute_server_group_members',
    'compute_aggregates',
    'compute_aggregate_hosts',
    'compute_aggregate_metadata',
    'compute_services',
    'compute_quotas',
  ] as const;
  for (const table of tables) {
    const rows = await h.ctx.db.selectFrom(table).selectAll().execute();
    hash.update(table);
    hash.update(JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()));
  }
  return hash.digest('hex');
}

/** Runs each group of rows as one test, on a harness with an ACTIVE server, a flavor, an image and an aggregate. */
export function runBadInputTable(title: string, groups: Record<string, BadInputRow[]>): void {
  describe(title, () => {
    let h: Harness;
    const tokens: Record<string, string> = {};
    const fixtures: Record<string, string> = {};

    before(async () => {
      h = await startHarness();
      tokens.admin = await h.adminToken();
      tokens.demo = await h.demoToken();
      await h.addHost('compute1');
      await h.call(tokens.admin, 'POST', '/v2.1/flavors', {
        flavor: { name: 'tiny', id: 'tiny', vcpus: 1, ram: 64, disk: 1 },
      });
      fixtures.flavor = 'tiny';
      fixtures.image = h.images.add().id;
      fixtures.project = h.projects.demo!;
      const server = await h.call(
        tokens.demo,
        'POST',
        '/v2.1/servers',
        { server: { name: 's', imageRef: fixtures.image, flavorRef: 'tiny', networks: 'none' } },
        '2.96',
      );
      fixtures.server = (server.data.server as { id: string }).id;
      await h.activate(fixtures.server);
      const aggregate = await h.call(tokens.admin, 'POST', '/v2.1/os-aggregates', { aggregate: { name: 'agg' } });
      fixtures.aggregate = String((aggregate.data.aggregate as { id: number }).id);
    });
    after(() => h.close());

    for (const [resource, rows] of Object.entries(groups)) {
      test(resource, async () => {
        for (const row of rows) {
          const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => fixtures[name] ?? `{${name}}`);
          const body =
            typeof row.body === 'string'
              ? row.body
              : row.body === undefined
                ? undefined
                : JSON.parse(fill(JSON.stringify(row.body)));
          const before = await snapshot(h);
          const answer = await h.call(tokens[row.as], row.method, fill(row.path), body, row.version);
          const where = `${row.method} ${row.path} ${row.version ?? ''} ${JSON.stringify(row.body ?? '').slice(0, 120)}`;
          try {
            assertFault(answer, row.status, row.message);
          } catch (err) {
            throw new Error(`${where}: ${(err as Error).message}`);
          }
          assert.equal(await snapshot(h), before, `${where} changed the database`);
        }
      });
    }
  });
}

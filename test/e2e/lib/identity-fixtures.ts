// Named identity resources for table-driven e2e tests: `{project}`, `{user}`, … in a path or body become the id of
// a resource created on first use over HTTP; `{missing}` is an id that names nothing.
import { randomBytes } from 'node:crypto';
import { keystoneCall } from './keystone-http.js';
import type { NuboServer } from './nubo-server.js';

/** The placeholders `resolve` knows; each is created at most once per server. */
export const FIXTURE_NAMES = [
  'project',
  'user',
  'group',
  'role',
  'domain',
  'region',
  'service',
  'endpoint',
  'admin_user',
  'missing',
] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

/** Names and secrets of the created fixtures, for rows that need a duplicate or a login. */
export const FIXTURE = {
  project: 'bad-input-project',
  user: 'bad-input-user',
  userPassword: 'pw-bad-input-1',
  group: 'bad-input-group',
  role: 'bad-input-role',
  domain: 'bad-input-domain',
  region: 'bad-input-region',
  serviceType: 'bad-input',
} as const;

export interface Fixtures {
  /** Replaces every `{<fixture>}` in `text` by that fixture's id, creating it first when needed. */
  resolve(text: string): Promise<string>;
}

const placeholder = new RegExp(`\\{(${FIXTURE_NAMES.join('|')})\\}`, 'g');

/** Fixtures created on demand on `server` with the admin token. */
export function identityFixtures(server: NuboServer, adminToken: string): Fixtures {
  const ids = new Map<FixtureName, Promise<string>>();
  ids.set('missing', Promise.resolve(randomBytes(16).toString('hex')));

  const create = async (path: string, body: unknown, member: string): Promise<string> => {
    const answer = await keystoneCall(server, path, { method: 'POST', token: adminToken, body });
    const id = (answer.json as Record<string, { id?: string }> | undefined)?.[member]?.id;
    if (answer.status !== 201 || typeof id !== 'string') {
      throw new Error(`fixture ${member}: POST ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    }
    return id;
  };

  const make = async (name: FixtureName): Promise<string> => {
    switch (name) {
      case 'project':
        return create('/v3/projects', { project: { name: FIXTURE.project } }, 'project');
      case 'user':
        return create('/v3/users', { user: { name: FIXTURE.user, password: FIXTURE.userPassword } }, 'user');
      case 'group':
        return create('/v3/groups', { group: { name: FIXTURE.group } }, 'group');
      case 'role':
        return create('/v3/roles', { role: { name: FIXTURE.role } }, 'role');
      case 'domain':
        return create('/v3/domains', { domain: { name: FIXTURE.domain } }, 'domain');
      case 'region':
        return create('/v3/regions', { region: { id: FIXTURE.region } }, 'region');
      case 'service':
        return create('/v3/services', { service: { type: FIXTURE.serviceType, name: 'bad-input-service' } }, 'service');
      case 'endpoint': {
        const serviceId = await fixture('service');
        const endpoint = { service_id: serviceId, interface: 'public', url: 'http://example.org/bad-input' };
        return create('/v3/endpoints', { endpoint }, 'endpoint');
      }
      case 'admin_user': {
        const answer = await keystoneCall(server, '/v3/users?name=admin', { token: adminToken });
        const id = (answer.json as { users?: { id: string }[] } | undefined)?.users?.[0]?.id;
        if (!id) throw new Error(`fixture admin_user: GET /v3/users?name=admin answered ${answer.status}`);
        return id;
      }
      case 'missing':
        throw new Error('unreachable: `missing` is set up front');
    }
  };

  const fixture = (name: FixtureName): Promise<string> => {
    let id = ids.get(name);
    if (!id) {
      id = make(name);
      ids.set(name, id);
    }
    return id;
  };

  return {
    async resolve(text: string): Promise<string> {
      const names = new Set([...text.matchAll(placeholder)].map((m) => m[1] as FixtureName));
      const values = new Map<string, string>();
      for (const name of names) values.set(name, await fixture(name));
      return text.replace(placeholder, (_, name: string) => values.get(name)!);
    },
  };
}

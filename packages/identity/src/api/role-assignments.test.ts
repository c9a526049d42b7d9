// GET /v3/role_assignments: direct listing with filters, effective expansion (groups, inheritance, implied roles),
// include_names, include_subtree, and the refused filter combinations.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newHexId } from '@nubo/core';
import { type Harness, startHarness } from '../../test/harness.js';
import { addMember, insertGroup } from '../db/groups.js';
import { insertUser } from '../db/users.js';

type Entry = {
  role: { id: string; name?: string; domain?: { id: string; name: string } };
  user?: { id: string; name?: string; domain?: { id: string; name: string } };
  group?: { id: string; name?: string };
  scope: {
    project?: { id: string; name?: string; domain?: { id: string; name: string } };
    domain?: { id: string; name?: string };
    system?: { all: boolean };
    'OS-INHERIT:inherited_to'?: string;
  };
  links: { assignment: string; membership?: string; prior_role?: string };
};

describe('/v3/role_assignments', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  let base: string;
  const roles: Record<string, string> = {};
  const names = new Map<string, string>();
  let alice: string;
  let bob: string;
  let group: string;
  let parent: string;
  let child: string;

  /** `<actor>:<role>@<scope>[^]` per entry (^ marks OS-INHERIT), sorted, with names for ids. */
  const summary = (entries: Entry[]) =>
    entries
      .map((e) => {
        const actor = e.user ? names.get(e.user.id) : `group:${names.get(e.group!.id)}`;
        const where = e.scope.project
          ? names.get(e.scope.project.id)
          : e.scope.domain
            ? `domain:${e.scope.domain.id}`
            : 'system';
        return `${actor}:${names.get(e.role.id)}@${where}${e.scope['OS-INHERIT:inherited_to'] ? '^' : ''}`;
      })
      .sort();
  const list = async (query: string): Promise<Entry[]> => {
    const response = await h.call(admin, 'GET', `/v3/role_assignments${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.data.role_assignments as Entry[];
  };

  async function addUser(name: string, password?: string): Promise<string> {
    const id = newHexId();
    await insertUser(h.identity.ctx.db, {
      id,
      name,
      domain_id: 'default',
      enabled: 1,
      default_project_id: null,
      password_hash: password ? await h.identity.ctx.passwords.hash(password) : null,
      password_created_at: null,
      password_expires_at: null,
      extra: '{}',
      created_at: new Date().toISOString(),
    });
    names.set(id, name);
    return id;
  }
  async function addProject(name: string, parentId?: string): Promise<string> {
    const response = await h.call(admin, 'POST', '/v3/projects', {
      project: { name, ...(parentId ? { parent_id: parentId } : {}) },
    });
    const id = (response.data.project as { id: string }).id;
    names.set(id, name);
    return id;
  }
  async function grant(path: string): Promise<void> {
    assert.equal((await h.call(admin, 'PUT', path)).statusCode, 204, path);
  }

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.token('demo', h.credentials.demo.password, 'demo');
    base = `${h.identity.ctx.baseUrl}/v3`;
    for (const role of (await h.call(admin, 'GET', '/v3/roles')).data.roles as { id: string; name: string }[]) {
      roles[role.name] = role.id;
      names.set(role.id, role.name);
    }
    const adminRow = await h.identity.ctx.db
      .selectFrom('identity_users')
      .select('id')
      .where('name', '=', 'admin')
      .executeTakeFirstOrThrow();
    names.set(adminRow.id, 'admin');
    alice = await addUser('alice');
    bob = await addUser('bob');
    group = newHexId();
    names.set(group, 'crew');
    await insertGroup(h.identity.ctx.db, {
      id: group,
      name: 'crew',
      domain_id: 'default',
      description: '',
      extra: '{}',
    });
    await addMember(h.identity.ctx.db, group, bob);
    parent = await addProject('parent');
    child = await addProject('child', parent);
    // alice: member on parent; reader inherited from parent to the projects below. crew: member on child.
    await grant(`/v3/projects/${parent}/users/${alice}/roles/${roles.member}`);
    await grant(`/v3/OS-INHERIT/projects/${parent}/users/${alice}/roles/${roles.reader}/inherited_to_projects`);
    await grant(`/v3/projects/${child}/groups/${group}/roles/${roles.member}`);
  });
  after(() => h.close());

  test('direct listing: each grant once, with the link of its grant URL', async () => {
    assert.deepEqual(summary(await list(`?user.id=${alice}`)), ['alice:member@parent', 'alice:reader@parent^']);
    const onParent = await list(`?scope.project.id=${parent}`);
    const inherited = onParent.find((e) => e.scope['OS-INHERIT:inherited_to'])!;
    assert.equal(
      inherited.links.assignment,
      `${base}/OS-INHERIT/projects/${parent}/users/${alice}/roles/${roles.reader}/inherited_to_projects`,
    );
    const direct = onParent.find((e) => !e.scope['OS-INHERIT:inherited_to'])!;
    assert.deepEqual(direct, {
      user: { id: alice },
      role: { id: roles.member },
      scope: { project: { id: parent } },
      links: { assignment: `${base}/projects/${parent}/users/${alice}/roles/${roles.member}` },
    });
    assert.deepEqual(summary(await list(`?group.id=${group}`)), ['group:crew:member@child']);
    assert.deepEqual(summary(await list(`?role.id=${roles.reader}`)), ['alice:reader@parent^']);
    assert.deepEqual(summary(await list('?scope.OS-INHERIT:inherited_to=projects')), ['alice:reader@parent^']);
    const system = await list('?scope.system=all');
    assert.deepEqual(summary(system), ['admin:admin@system']);
    assert.equal(system[0]!.links.assignment, `${base}/system/users/${system[0]!.user!.id}/roles/${roles.admin}`);
    assert.deepEqual(system[0]!.scope, { system: { all: true } });
  });

  test('effective: groups become their members, inheritance reaches the child, implied roles are added', async () => {
    const bobs = await list(`?effective&user.id=${bob}`);
    assert.deepEqual(summary(bobs), ['bob:member@child', 'bob:reader@child']);
    for (const entry of bobs) {
      assert.equal(entry.group, undefined);
      assert.equal(entry.links.membership, `${base}/groups/${group}/users/${bob}`);
    }
    const implied = bobs.find((e) => e.role.id === roles.reader)!;
    assert.equal(implied.links.assignment, `${base}/projects/${child}/groups/${group}/roles/${roles.member}`);
    assert.equal(implied.links.prior_role, `${base}/roles/${roles.member}/implies/${roles.reader}`);

    const onChild = await list(`?effective&scope.project.id=${child}`);
    assert.deepEqual(summary(onChild), ['alice:reader@child^', 'bob:member@child', 'bob:reader@child']);
    const fromParent = onChild.find((e) => e.user?.id === alice)!;
    assert.equal(
      fromParent.links.assignment,
      `${base}/OS-INHERIT/projects/${parent}/users/${alice}/roles/${roles.reader}/inherited_to_projects`,
    );
    // Effective mode lists what tokens carry: no system grants, no group entries.
    const everything = summary(await list('?effective'));
    assert.ok(
      everything.every((s) => !s.startsWith('group:') && !s.endsWith('@system')),
      everything.join(),
    );
    assert.ok(everything.includes('alice:member@parent') && !everything.includes('alice:reader@parent^'));
  });

  test('include_names names every id and the domain of each', async () => {
    const [entry] = await list(`?effective&include_names&user.id=${alice}&scope.project.id=${child}`);
    assert.deepEqual(entry, {
      user: { id: alice, name: 'alice', domain: { id: 'default', name: 'Default' } },
      role: { id: roles.reader, name: 'reader' },
      scope: {
        project: { id: child, name: 'child', domain: { id: 'default', name: 'Default' } },
        'OS-INHERIT:inherited_to': 'projects',
      },
      links: {
        assignment: `${base}/OS-INHERIT/projects/${parent}/users/${alice}/roles/${roles.reader}/inherited_to_projects`,
      },
    });
    const [groupEntry] = await list(`?include_names&group.id=${group}`);
    assert.deepEqual(groupEntry!.group, { id: group, name: 'crew', domain: { id: 'default', name: 'Default' } });
  });

  test('include_subtree lists the project and the projects below it', async () => {
    assert.deepEqual(summary(await list(`?scope.project.id=${parent}&include_subtree`)), [
      'alice:member@parent',
      'alice:reader@parent^',
      'group:crew:member@child',
    ]);
    assert.deepEqual(summary(await list(`?scope.project.id=${parent}&include_subtree&effective`)), [
      'alice:member@parent',
      'alice:reader@child^',
      'alice:reader@parent',
      'bob:member@child',
      'bob:reader@child',
    ]);
    assert.equal(
      (await h.call(admin, 'GET', '/v3/role_assignments?scope.project.id=nope&include_subtree')).statusCode,
      404,
    );
  });

  test('refused filter combinations are 400, a member gets 403, no token 401', async () => {
    const cases: [string | undefined, string, number, string?][] = [
      [admin, `?user.id=${alice}&group.id=${group}`, 400, 'Specify a user or group, not both'],
      [admin, `?scope.project.id=${parent}&scope.domain.id=default`, 400, 'Specify a domain or project, not both'],
      [admin, `?scope.project.id=${parent}&scope.system=all`, 400, 'Specify system or project, not both'],
      [admin, '?scope.domain.id=default&scope.system=all', 400, 'Specify system or domain, not both'],
      [
        admin,
        `?effective&group.id=${group}`,
        400,
        'Combining effective and group filter will always result in an empty list.',
      ],
      [admin, '?effective&scope.domain.id=default&scope.OS-INHERIT:inherited_to=projects', 400],
      [admin, '?include_subtree', 400, 'scope.project.id must be specified if include_subtree is also specified'],
      [demo, '', 403],
      [demo, `?scope.project.id=${parent}&include_subtree`, 403],
      [undefined, '', 401],
    ];
    for (const [token, query, status, message] of cases) {
      const response = await h.call(token, 'GET', `/v3/role_assignments${query}`);
      assert.equal(response.statusCode, status, `${query}: ${response.body}`);
      if (message) assert.equal((response.data as { error: { message: string } }).error.message, message);
    }
  });

  test('a domain-scoped reader sees only the assignments within its domain', async () => {
    const dora = await addUser('dora', 'dora-pass-1');
    await grant(`/v3/domains/default/users/${dora}/roles/${roles.reader}`);
    const elsewhere = await h.call(admin, 'POST', '/v3/domains', { domain: { name: 'elsewhere' } });
    const otherDomain = (elsewhere.data.domain as { id: string }).id;
    const far = await h.call(admin, 'POST', '/v3/projects', { project: { name: 'far', domain_id: otherDomain } });
    const farId = (far.data.project as { id: string }).id;
    names.set(farId, 'far');
    await grant(`/v3/projects/${farId}/users/${alice}/roles/${roles.member}`);
    assert.ok(summary(await list(`?user.id=${alice}`)).includes('alice:member@far'));

    const auth = await h.call(undefined, 'POST', '/v3/auth/tokens', {
      auth: {
        identity: { methods: ['password'], password: { user: { id: dora, password: 'dora-pass-1' } } },
        scope: { domain: { id: 'default' } },
      },
    });
    assert.equal(auth.statusCode, 201, auth.body);
    const token = String(auth.headers['x-subject-token']);
    const seen = await h.call(token, 'GET', `/v3/role_assignments?user.id=${alice}`);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.deepEqual(summary(seen.data.role_assignments as Entry[]), ['alice:member@parent', 'alice:reader@parent^']);
    assert.equal(
      (await h.call(admin, 'DELETE', `/v3/projects/${farId}/users/${alice}/roles/${roles.member}`)).statusCode,
      204,
    );
  });

  test('a key-only flag set to 0 is off', async () => {
    assert.deepEqual(summary(await list(`?effective=0&user.id=${alice}`)), [
      'alice:member@parent',
      'alice:reader@parent^',
    ]);
  });
});

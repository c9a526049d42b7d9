// /v2/images/{id}/members: the owner offers a shared image, the member accepts or rejects it; refusals change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, type Persona, startHarness } from '../../test/harness.js';

describe('image members', () => {
  let h: Harness;
  let id: string;
  before(async () => {
    h = await startHarness({ config: { imageMemberQuota: 2 } });
    id = String((await h.create('alice', { name: 'to-share', disk_format: 'raw', container_format: 'bare' })).id);
  });
  after(() => h.close());

  const members = async () => (await h.call('alice', 'GET', `/v2/images/${id}/members`)).data.members;
  const listed = async (as: Persona) =>
    ((await h.call(as, 'GET', '/v2/images')).data.images as { id: string }[]).some((i) => i.id === id);

  it('adds a pending member who sees the image but does not list it until accepting', async () => {
    const r = await h.call('alice', 'POST', `/v2/images/${id}/members`, { member: 'p-bob' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(Object.keys(r.data).sort(), [
      'created_at',
      'image_id',
      'member_id',
      'schema',
      'status',
      'updated_at',
    ]);
    assert.equal(r.data.member_id, 'p-bob');
    assert.equal(r.data.image_id, id);
    assert.equal(r.data.status, 'pending');
    assert.equal(r.data.schema, '/v2/schemas/member');
    assert.equal((await h.call('bob', 'GET', `/v2/images/${id}`)).statusCode, 200);
    assert.equal(await listed('bob'), false);
    const accepted = await h.call('bob', 'PUT', `/v2/images/${id}/members/p-bob`, { status: 'accepted' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.data.status, 'accepted');
    assert.equal(await listed('bob'), true);
    const rejected = await h.call('bob', 'PUT', `/v2/images/${id}/members/p-bob`, { status: 'rejected' });
    assert.equal(rejected.data.status, 'rejected');
    assert.equal(await listed('bob'), false);
    await h.call('bob', 'PUT', `/v2/images/${id}/members/p-bob`, { status: 'accepted' });
  });

  it('shows the owner every member and a member only itself', async () => {
    await h.call('alice', 'POST', `/v2/images/${id}/members`, { member: 'p-carol' });
    const all = await h.call('alice', 'GET', `/v2/images/${id}/members`);
    assert.equal(all.data.schema, '/v2/schemas/members');
    assert.deepEqual((all.data.members as { member_id: string }[]).map((m) => m.member_id).sort(), [
      'p-bob',
      'p-carol',
    ]);
    const own = await h.call('bob', 'GET', `/v2/images/${id}/members`);
    assert.deepEqual(
      (own.data.members as { member_id: string }[]).map((m) => m.member_id),
      ['p-bob'],
    );
    assert.equal((await h.call('bob', 'GET', `/v2/images/${id}/members/p-bob`)).statusCode, 200);
    const other = await h.call('bob', 'GET', `/v2/images/${id}/members/p-carol`);
    assert.equal(other.statusCode, 404);
    assert.match(String(other.data.message), /p-carol not found in the member list of the image/);
    assert.equal((await h.call('alice', 'GET', `/v2/images/${id}/members/p-carol`)).data.status, 'pending');
  });

  const refusals: {
    name: string;
    as: Persona;
    method: 'POST' | 'PUT' | 'DELETE' | 'GET';
    path: string;
    body?: unknown;
    status: number;
    message: RegExp;
  }[] = [
    { name: 'adding with no body', as: 'alice', method: 'POST', path: '', status: 400, message: /Body expected/ },
    {
      name: 'adding without member',
      as: 'alice',
      method: 'POST',
      path: '',
      body: { who: 'x' },
      status: 400,
      message: /Member to be added not specified/,
    },
    {
      name: 'adding an empty member',
      as: 'alice',
      method: 'POST',
      path: '',
      body: { member: '' },
      status: 400,
      message: /Member can't be empty/,
    },
    {
      name: 'adding a non-string member',
      as: 'alice',
      method: 'POST',
      path: '',
      body: { member: 5 },
      status: 400,
      message: /Expected a member/,
    },
    {
      name: 'adding with a list body',
      as: 'alice',
      method: 'POST',
      path: '',
      body: ['p-x'],
      status: 400,
      message: /Expected a member/,
    },
    {
      name: 'adding twice',
      as: 'alice',
      method: 'POST',
      path: '',
      body: { member: 'p-bob' },
      status: 409,
      message: /Member p-bob is duplicated/,
    },
    {
      name: 'over the member quota',
      as: 'alice',
      method: 'POST',
      path: '',
      body: { member: 'p-erin' },
      status: 413,
      message: /Image member limit exceeded/,
    },
    {
      name: 'a member adding members',
      as: 'bob',
      method: 'POST',
      path: '',
      body: { member: 'p-eve' },
      status: 403,
      message: /add_member/,
    },
    {
      name: 'a stranger adding members',
      as: 'dave',
      method: 'POST',
      path: '',
      body: { member: 'p-dave' },
      status: 404,
      message: /Image .* not found/,
    },
    {
      name: 'showing a project that is no member',
      as: 'admin',
      method: 'GET',
      path: '/p-zed',
      status: 404,
      message: /p-zed not found/,
    },
    {
      name: 'updating with no status',
      as: 'bob',
      method: 'PUT',
      path: '/p-bob',
      body: {},
      status: 400,
      message: /Status not specified/,
    },
    {
      name: 'updating to a bad status',
      as: 'bob',
      method: 'PUT',
      path: '/p-bob',
      body: { status: 'maybe' },
      status: 400,
      message: /Status must be "pending", "accepted" or "rejected"/,
    },
    {
      name: 'a non-string status',
      as: 'bob',
      method: 'PUT',
      path: '/p-bob',
      body: { status: 1 },
      status: 400,
      message: /Status must be/,
    },
    {
      name: 'the owner answering for a member',
      as: 'alice',
      method: 'PUT',
      path: '/p-bob',
      body: { status: 'rejected' },
      status: 403,
      message: /modify_member/,
    },
    {
      name: 'a member answering for another',
      as: 'bob',
      method: 'PUT',
      path: '/p-carol',
      body: { status: 'accepted' },
      status: 404,
      message: /not found in the member list/,
    },
    {
      name: 'a member removing itself',
      as: 'bob',
      method: 'DELETE',
      path: '/p-bob',
      status: 403,
      message: /delete_member/,
    },
    {
      name: 'a member showing another member',
      as: 'carol',
      method: 'GET',
      path: '/p-bob',
      status: 404,
      message: /not found/,
    },
    {
      name: 'a stranger listing members',
      as: 'dave',
      method: 'GET',
      path: '',
      status: 404,
      message: /Image .* not found/,
    },
    {
      name: 'removing an unknown member',
      as: 'alice',
      method: 'DELETE',
      path: '/p-nobody',
      status: 404,
      message: /not found in the member list/,
    },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name} (${c.status}) and changes nothing`, async () => {
      const before = await members();
      const r = await h.call(c.as, c.method, `/v2/images/${id}/members${c.path}`, c.body);
      assert.equal(r.statusCode, c.status, r.body);
      assert.match(String(r.data.message), c.message);
      assert.deepEqual(await members(), before);
    });
  }

  it("hides another project's image from strangers (404) and refuses members on non-shared images (403)", async () => {
    const priv = await h.create('alice', { name: 'priv', visibility: 'private' });
    const stranger = await h.call('carol', 'GET', `/v2/images/${priv.id}/members`);
    assert.equal(stranger.statusCode, 404);
    assert.match(String(stranger.data.message), /Image .* not found/);
    const add = await h.call('alice', 'POST', `/v2/images/${priv.id}/members`, { member: 'p-bob' });
    assert.equal(add.statusCode, 403);
    assert.match(String(add.data.message), /Not allowed to create members for image/);
    const list = await h.call('alice', 'GET', `/v2/images/${priv.id}/members`);
    assert.equal(list.statusCode, 403);
    assert.match(String(list.data.message), /Only shared images have members/);
    assert.equal((await h.call('alice', 'GET', `/v2/images/${priv.id}/members/p-bob`)).statusCode, 404);
    assert.equal((await h.call('bob', 'GET', `/v2/images/${priv.id}`)).statusCode, 404);
  });

  it('lets the owner remove a member, who then loses sight of the image', async () => {
    assert.equal((await h.call('alice', 'DELETE', `/v2/images/${id}/members/p-carol`)).statusCode, 204);
    assert.equal((await h.call('carol', 'GET', `/v2/images/${id}`)).statusCode, 404);
    assert.equal((await h.call('alice', 'DELETE', `/v2/images/${id}/members/p-bob`)).statusCode, 204);
    assert.equal((await h.call('bob', 'GET', `/v2/images/${id}`)).statusCode, 404);
    assert.deepEqual(await members(), []);
  });

  it('lets an admin answer for a member', async () => {
    await h.call('alice', 'POST', `/v2/images/${id}/members`, { member: 'p-bob' });
    const r = await h.call('admin', 'PUT', `/v2/images/${id}/members/p-bob`, { status: 'accepted' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.data.status, 'accepted');
  });
});

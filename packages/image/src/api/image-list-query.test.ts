// GET /v2/images: filters, `in:` lists, ranges, times, sorting, markers and links, visibility rules, bad queries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';
import { parseImageListQuery } from './image-list-query.js';

const limits = { defaultLimit: 25, maxLimit: 1000 };
const parse = (query: string) => parseImageListQuery([...new URLSearchParams(query).entries()], limits);

describe('list query parsing', () => {
  it('splits in: lists with quotes as Glance does', () => {
    const q = parse('name=in:"glass,%20darkly",share%20me');
    assert.deepEqual(
      q.conditions.find((c) => c.column === 'name'),
      {
        column: 'name',
        op: 'in',
        values: ['glass, darkly', 'share me'],
      },
    );
  });

  it('reads both sorting syntaxes, applying one direction to every key', () => {
    assert.deepEqual(parse('sort=name:asc,status').sort, [
      { key: 'name', dir: 'asc' },
      { key: 'status', dir: 'desc' },
    ]);
    assert.deepEqual(parse('sort_key=name&sort_key=size&sort_dir=asc').sort, [
      { key: 'name', dir: 'asc' },
      { key: 'size', dir: 'asc' },
    ]);
    assert.deepEqual(parse('').sort, [{ key: 'created_at', dir: 'desc' }]);
  });

  it('caps the limit and treats unknown keys as property filters', () => {
    const q = parse('limit=5000&os_distro=ubuntu&hw_x=1');
    assert.equal(q.limit, 1000);
    assert.deepEqual(q.properties, { os_distro: 'ubuntu', hw_x: '1' });
  });

  const bad: [string, RegExp][] = [
    ['limit=abc', /limit param must be an integer/],
    ['limit=-1', /limit param must be positive/],
    ['sort_key=owner', /Invalid sort key: owner/],
    ['sort_dir=up', /Invalid sort direction: up/],
    ['sort=name:sideways', /Invalid sort direction/],
    ['sort=name&sort_key=size', /Old and new sorting syntax cannot be combined/],
    ['sort_key=name&sort_key=size&sort_key=id&sort_dir=asc&sort_dir=desc', /Number of sort dirs/],
    ['visibility=world', /Invalid visibility value: world/],
    ['member_status=maybe', /Invalid status: maybe/],
    ['os_hidden=maybe', /Invalid value 'maybe' for 'os_hidden' filter/],
    ['protected=1', /Invalid value '1' for 'protected' filter/],
    ['size_min=big', /non-numeric value/],
    ['name=like:foo', /Unable to filter by unknown operator 'like'/],
    ['created_at=gt:yesterday', /Bad "created_at" query filter format/],
    ['updated_at=around:2020-01-01T00:00:00Z', /unknown operator/],
    ['name=in:a"b', /no comma before opening quotation mark/],
    ['name=in:"ab', /The quote is not closed/],
    ['changes-since=2020-01-01', /no longer available on v2/],
  ];
  for (const [query, message] of bad) {
    it(`refuses ${query}`, () => {
      assert.throws(
        () => parse(query),
        (err: Error & { status?: number }) => {
          assert.equal(err.status, 400);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }
});

describe('image list', () => {
  let h: Harness;
  const ids: Record<string, string> = {};
  before(async () => {
    h = await startHarness();
    const make = async (as: 'alice' | 'bob' | 'admin', name: string, body: Record<string, unknown> = {}) => {
      ids[name] = String((await h.create(as, { name, disk_format: 'raw', container_format: 'bare', ...body })).id);
    };
    await make('alice', 'a-private', { visibility: 'private', os_distro: 'ubuntu', tags: ['x', 'y'] });
    await make('alice', 'a-shared', { tags: ['x'] });
    await make('alice', 'a-community', { visibility: 'community', disk_format: 'qcow2' });
    await make('alice', 'a-hidden', { os_hidden: true });
    await make('alice', 'a-protected', { protected: true, visibility: 'private' });
    await make('bob', 'b-private', { visibility: 'private' });
    await make('bob', 'b-shared');
    await make('admin', 'public-1', { visibility: 'public' });
    await h.upload('alice', ids['a-private']!, Buffer.alloc(2048));
    await h.upload('alice', ids['a-shared']!, Buffer.alloc(10));
    // b-shared is offered to alice, who has not answered yet.
    await h.call('bob', 'POST', `/v2/images/${ids['b-shared']}/members`, { member: 'p-alice' });
  });
  after(() => h.close());

  const names = async (as: 'alice' | 'bob' | 'admin' | 'carol', query = '') => {
    const r = await h.call(as, 'GET', `/v2/images${query}`);
    assert.equal(r.statusCode, 200, r.body);
    return (r.data.images as { name: string }[]).map((i) => i.name).sort();
  };

  it('lists own, public and accepted shared images; community only to its owner; hidden only on request', async () => {
    assert.deepEqual(await names('alice'), ['a-community', 'a-private', 'a-protected', 'a-shared', 'public-1']);
    assert.deepEqual(await names('bob'), ['b-private', 'b-shared', 'public-1']);
    assert.deepEqual(await names('carol'), ['public-1']);
    assert.deepEqual(await names('carol', '?visibility=community'), ['a-community']);
    assert.deepEqual(await names('alice', '?os_hidden=true'), ['a-hidden']);
  });

  it('shows pending shared images with member_status, and accepted ones once accepted', async () => {
    assert.deepEqual(await names('alice', '?member_status=pending'), [
      'a-community',
      'a-private',
      'a-protected',
      'a-shared',
      'b-shared',
      'public-1',
    ]);
    assert.deepEqual(await names('alice', '?visibility=shared&member_status=all'), ['a-shared', 'b-shared']);
  });

  it('lets an admin list every project with visibility=all', async () => {
    const all = await names('admin', '?visibility=all');
    assert.deepEqual(all, ['a-community', 'a-private', 'a-protected', 'a-shared', 'b-private', 'b-shared', 'public-1']);
  });

  it('filters by attributes, in: lists, sizes, tags, properties, owner, protected, times', async () => {
    assert.deepEqual(await names('alice', '?name=a-shared'), ['a-shared']);
    assert.deepEqual(await names('alice', '?name=in:a-shared,public-1,b-private'), ['a-shared', 'public-1']);
    assert.deepEqual(await names('alice', `?id=in:${ids['a-private']},${ids['b-private']}`), ['a-private']);
    assert.deepEqual(await names('alice', '?status=active'), ['a-private', 'a-shared']);
    assert.deepEqual(await names('alice', '?status=in:queued,saving&visibility=private'), ['a-protected']);
    assert.deepEqual(await names('alice', '?disk_format=qcow2'), ['a-community']);
    assert.deepEqual(await names('alice', '?container_format=in:bare'), [
      'a-community',
      'a-private',
      'a-protected',
      'a-shared',
      'public-1',
    ]);
    assert.deepEqual(await names('alice', '?size_min=100'), ['a-private']);
    assert.deepEqual(await names('alice', '?size_min=5&size_max=100'), ['a-shared']);
    assert.deepEqual(await names('alice', '?tag=x'), ['a-private', 'a-shared']);
    assert.deepEqual(await names('alice', '?tag=x&tag=y'), ['a-private']);
    assert.deepEqual(await names('alice', '?os_distro=ubuntu'), ['a-private']);
    assert.deepEqual(await names('alice', '?owner=p-admin'), ['public-1']);
    assert.deepEqual(await names('alice', '?protected=true'), ['a-protected']);
    assert.deepEqual(await names('alice', '?visibility=private'), ['a-private', 'a-protected']);
    assert.equal((await names('alice', '?created_at=gte:2000-01-01T00:00:00Z')).length, 5);
    assert.deepEqual(await names('alice', '?created_at=lt:2000-01-01T00:00:00Z'), []);
    assert.deepEqual(await names('alice', '?updated_at=gt:2999-01-01'), []);
    assert.deepEqual(await names('alice', '?min_ram=abc'), [], 'a non-integer matches nothing');
  });

  it('sorts by one or several keys', async () => {
    const r = await h.call('alice', 'GET', '/v2/images?sort=name:asc');
    assert.deepEqual(
      (r.data.images as { name: string }[]).map((i) => i.name),
      ['a-community', 'a-private', 'a-protected', 'a-shared', 'public-1'],
    );
    const bySize = await h.call('alice', 'GET', '/v2/images?sort_key=size&sort_dir=desc&sort_key=name&sort_dir=asc');
    assert.deepEqual(
      (bySize.data.images as { name: string }[]).map((i) => i.name),
      ['a-private', 'a-shared', 'a-community', 'a-protected', 'public-1'],
    );
  });

  it('pages with limit and marker, with first and next links keeping the query', async () => {
    const seen: string[] = [];
    let url = '/v2/images?sort=name:asc&limit=2';
    const first = await h.call('alice', 'GET', url);
    assert.equal(first.data.first, '/v2/images?sort=name%3Aasc&limit=2');
    assert.equal(first.data.schema, '/v2/schemas/images');
    for (let page = 0; page < 10; page++) {
      const r = await h.call('alice', 'GET', url);
      seen.push(...(r.data.images as { name: string }[]).map((i) => i.name));
      if (!r.data.next) break;
      assert.match(String(r.data.next), /^\/v2\/images\?sort=name%3Aasc&limit=2&marker=/);
      url = String(r.data.next);
    }
    assert.deepEqual(seen, ['a-community', 'a-private', 'a-protected', 'a-shared', 'public-1']);
    const plain = await h.call('alice', 'GET', '/v2/images');
    assert.equal(plain.data.first, '/v2/images');
    assert.equal(plain.data.next, undefined);
    const none = await h.call('alice', 'GET', '/v2/images?limit=0');
    assert.deepEqual(none.data.images, []);
  });

  it('refuses a marker it cannot find (400) or may not see (403)', async () => {
    const missing = await h.call('alice', 'GET', '/v2/images?marker=00000000-0000-4000-8000-000000000000');
    assert.equal(missing.statusCode, 400);
    assert.match(String(missing.data.message), /No image found with ID/);
    const hidden = await h.call('alice', 'GET', `/v2/images?marker=${ids['b-private']}`);
    assert.equal(hidden.statusCode, 403);
  });

  it('refuses bad queries with 400', async () => {
    for (const q of ['limit=x', 'sort_key=bogus', 'visibility=nope', 'os_hidden=2', 'size_max=a', 'name=gt:x']) {
      const r = await h.call('alice', 'GET', `/v2/images?${q}`);
      assert.equal(r.statusCode, 400, `${q}: ${r.body}`);
    }
  });
});

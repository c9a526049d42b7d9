// The behaviour every Placement route shares: version discovery, microversion negotiation, the fault body,
// authentication, 404/405, Accept and Content-Type handling (Placement's microversion.yaml and basic-http.yaml).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('placement HTTP basics', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('GET / and GET "" need no token and describe the one version', async () => {
    for (const path of ['/', '']) {
      const root = await h.call(undefined, 'GET', path);
      assert.equal(root.statusCode, 200, root.body);
      assert.deepEqual(root.data, {
        versions: [
          {
            id: 'v1.0',
            max_version: '1.39',
            min_version: '1.0',
            status: 'CURRENT',
            links: [{ rel: 'self', href: '' }],
          },
        ],
      });
      assert.equal(root.headers['openstack-api-version'], 'placement 1.0');
      assert.match(String(root.headers.vary), /openstack-api-version/i);
      assert.equal(root.headers['cache-control'], undefined, 'no cache headers before 1.15');
    }
  });

  test('microversions: latest, a chosen one, and the 400/406 refusals with upstream wording', async () => {
    const latest = await h.call(undefined, 'GET', '/', undefined, { version: 'latest' });
    assert.equal(latest.headers['openstack-api-version'], 'placement 1.39');
    assert.equal(latest.headers['cache-control'], 'no-cache', 'cache headers from 1.15');
    assert.ok(latest.headers['last-modified']);
    const chosen = await h.call(undefined, 'GET', '/', undefined, { version: '1.17' });
    assert.equal(chosen.headers['openstack-api-version'], 'placement 1.17');
    const other = await h.call(undefined, 'GET', '/', undefined, {
      headers: { 'openstack-api-version': 'compute 2.1, placement 1.28' },
    });
    assert.equal(other.headers['openstack-api-version'], 'placement 1.28');

    const tooLow = await h.call(undefined, 'GET', '/', undefined, { version: '0.5' });
    assert.equal(tooLow.statusCode, 406);
    assert.equal(tooLow.data.errors[0].title, 'Not Acceptable');
    assert.match(tooLow.data.errors[0].detail, /Unacceptable version header: 0.5/);
    assert.equal(tooLow.data.errors[0].max_version, '1.39');
    assert.equal(tooLow.data.errors[0].min_version, '1.0');
    const tooHigh = await h.call(undefined, 'GET', '/', undefined, { version: '1.40' });
    assert.equal(tooHigh.statusCode, 406);
    for (const bad of ['pony.horse', '1.2.3']) {
      const response = await h.call(undefined, 'GET', '/', undefined, { version: bad });
      assert.equal(response.statusCode, 400, bad);
      assert.equal(response.data.errors[0].title, 'Bad Request');
      assert.match(response.data.errors[0].detail, new RegExp(`invalid version string: ${bad.replace('.', '\\.')}`));
    }
  });

  test('faults: status, title, detail, request id; code only from 1.23', async () => {
    const old = await h.call('admin', 'GET', '/barnabas');
    assert.equal(old.statusCode, 404);
    const [error] = old.data.errors;
    assert.equal(error.status, 404);
    assert.equal(error.title, 'Not Found');
    assert.equal(typeof error.detail, 'string');
    assert.match(error.request_id, /^req-[a-f0-9-]+$/);
    assert.equal(error.request_id, old.headers['x-openstack-request-id']);
    assert.equal('code' in error, false);
    const coded = await h.call('admin', 'GET', '/barnabas', undefined, { version: '1.23' });
    assert.equal(coded.data.errors[0].code, 'placement.undefined_code');
    assert.equal(coded.headers['openstack-api-version'], 'placement 1.23', 'errors carry the version too');
  });

  test('a token is required everywhere but the root; a bad one is a 401', async () => {
    for (const token of [undefined, 'bogus'] as const) {
      const response = await h.call(token as undefined, 'GET', '/resource_providers');
      assert.equal(response.statusCode, 401);
      assert.equal(response.data.errors[0].title, 'Unauthorized');
    }
  });

  test('405 with an Allow header on a known URL; routes below their microversion are 404s', async () => {
    const root = await h.call(undefined, 'DELETE', '/');
    assert.equal(root.statusCode, 405);
    assert.equal(root.headers.allow, 'GET');
    const rps = await h.call('admin', 'DELETE', '/resource_providers');
    assert.equal(rps.statusCode, 405);
    assert.equal(rps.headers.allow, 'GET, POST');
    assert.equal(rps.data.errors[0].detail, 'The method DELETE is not allowed for this resource.');
    const options = await h.call('admin', 'OPTIONS', '/resource_providers');
    assert.equal(options.statusCode, 405);
    assert.equal((await h.call('admin', 'PATCH', '/traits')).statusCode, 405);
    assert.equal((await h.call('admin', 'GET', '/traits', undefined, { version: '1.5' })).statusCode, 404);
    assert.equal((await h.call('admin', 'GET', '/traits', undefined, { version: '1.6' })).statusCode, 200);
    assert.equal((await h.call('admin', 'GET', '/resource_classes', undefined, { version: '1.1' })).statusCode, 404);
    assert.equal((await h.call('admin', 'GET', '/usages?project_id=x', undefined, { version: '1.8' })).statusCode, 404);
    assert.equal(
      (await h.call('admin', 'GET', '/allocation_candidates?resources=VCPU:1', undefined, { version: '1.9' }))
        .statusCode,
      404,
    );
    assert.equal((await h.call('admin', 'POST', '/allocations', {}, { version: '1.12' })).statusCode, 404);
  });

  test('Accept must allow JSON on reads; writes need Content-Type: application/json', async () => {
    const plain = await h.call('admin', 'GET', '/resource_providers', undefined, { headers: { accept: 'text/plain' } });
    assert.equal(plain.statusCode, 406);
    assert.match(plain.data.errors[0].detail, /Only application\/json is provided/);
    const browser = await h.call('admin', 'GET', '/resource_providers', undefined, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    assert.equal(browser.statusCode, 200);
    assert.deepEqual(browser.data, { resource_providers: [] });
    const noStar = await h.call('admin', 'GET', '/resource_providers', undefined, {
      headers: { accept: 'text/html,application/xml;q=0.9' },
    });
    assert.equal(noStar.statusCode, 406);

    const wrongType = await h.call('admin', 'POST', '/resource_providers', undefined, {
      raw: 'I want a resource provider please',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(wrongType.statusCode, 415);
    const noType = await h.call('admin', 'POST', '/resource_providers', undefined, {
      raw: 'I want a resource provider please',
    });
    assert.equal(noType.statusCode, 400);
    assert.match(noType.data.errors[0].detail, /content-type header required/);
    const noBody = await h.call('admin', 'PUT', '/resource_providers/d3a64825-8228-4ccb-8a6c-1c6d3eb6a3e8');
    assert.equal(noBody.statusCode, 415);
    assert.equal(noBody.data.errors[0].detail, 'The media type None is not supported, use application/json');
    const malformed = await h.call('admin', 'POST', '/resource_providers', undefined, {
      raw: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(malformed.statusCode, 400);
    assert.deepEqual((await h.call('admin', 'GET', '/resource_providers')).data.resource_providers, []);
  });
});

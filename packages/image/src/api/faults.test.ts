// Glance's fault bodies: webob's JSON, HTML or plain text by Accept; keystonemiddleware's 401.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('image faults', () => {
  let h: Harness;
  const path = '/v2/images/00000000-0000-4000-8000-000000000000';
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('renders JSON for Accept: application/json', async () => {
    const r = await h.call('alice', 'GET', path);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(r.data, {
      message: 'No image found with ID 00000000-0000-4000-8000-000000000000<br /><br />\n\n\n',
      code: '404 Not Found',
      title: 'Not Found',
    });
  });

  it('renders HTML for */* (what python-requests sends) and text/html', async () => {
    for (const accept of ['*/*', 'text/html', 'text/html,application/json;q=0.9']) {
      const r = await h.call('alice', 'GET', path, undefined, { accept });
      assert.equal(r.statusCode, 404);
      assert.equal(r.headers['content-type'], 'text/html; charset=UTF-8', accept);
      assert.match(r.body, /<title>404 Not Found<\/title>/);
      assert.match(r.body, /No image found with ID 00000000-0000-4000-8000-000000000000<br \/><br \/>/);
    }
  });

  it('renders plain text without an Accept header, and JSON when JSON is preferred', async () => {
    const plain = await h.call('alice', 'GET', path, undefined, { accept: '' });
    assert.equal(plain.headers['content-type'], 'text/plain; charset=UTF-8');
    assert.equal(plain.body, '404 Not Found\n\nNo image found with ID 00000000-0000-4000-8000-000000000000\n\n   ');
    const json = await h.call('alice', 'GET', path, undefined, { accept: 'text/html;q=0.5, application/json' });
    assert.equal(json.data.code, '404 Not Found');
  });

  it('answers 401 as keystonemiddleware, whatever the Accept', async () => {
    const r = await h.call(null, 'GET', '/v2/images', undefined, { accept: '*/*' });
    assert.equal(r.statusCode, 401);
    assert.deepEqual(r.data, {
      error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
    });
    assert.equal((await h.call('nobody' as 'alice', 'GET', '/v2/images')).statusCode, 401);
  });
});

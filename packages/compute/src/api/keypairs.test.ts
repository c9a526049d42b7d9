// /os-keypairs through the HTTP API: generate and import by microversion, fingerprints, admins acting for another
// user (2.10), paging (2.35), quota, and other users' key pairs out of reach.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';

/** An OpenSSH ed25519 public key built by hand (RFC 8709 wire format). */
function ed25519PublicKey(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} me@host`;
}

describe('/os-keypairs', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  let demoUserId: string;

  before(async () => {
    h = await startHarness({ compute: { quotaKeyPairs: 4 } });
    admin = await h.adminToken();
    demo = await h.demoToken();
  });
  after(() => h.close());

  test('generate (before 2.92), show, list, delete', async () => {
    const v21 = await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'gen-21' } });
    assert.equal(v21.statusCode, 200, 'create answers 200 at 2.1');
    const k21 = v21.data.keypair as Record<string, string>;
    assert.equal('type' in k21, false);
    assert.match(k21.private_key!, /^-----BEGIN RSA PRIVATE KEY-----/);
    assert.match(k21.public_key!, /^ssh-rsa AAAA\S+ Generated-by-Nova$/);
    const blob = Buffer.from(k21.public_key!.split(' ')[1]!, 'base64');
    assert.equal(k21.fingerprint, createHash('md5').update(blob).digest('hex').match(/../g)!.join(':'));
    demoUserId = k21.user_id!;

    const v22 = await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'gen-22' } }, '2.2');
    assert.equal(v22.statusCode, 201);
    assert.equal((v22.data.keypair as Record<string, string>).type, 'ssh');

    const shown = await h.call(demo, 'GET', '/v2.1/os-keypairs/gen-22', undefined, '2.2');
    const detail = shown.data.keypair as Record<string, unknown>;
    assert.deepEqual(Object.keys(detail).sort(), [
      'created_at',
      'deleted',
      'deleted_at',
      'fingerprint',
      'id',
      'name',
      'public_key',
      'type',
      'updated_at',
      'user_id',
    ]);
    assert.equal(typeof detail.id, 'number');
    assert.equal(detail.deleted, false);

    const listed = await h.call(demo, 'GET', '/v2.1/os-keypairs', undefined, '2.2');
    assert.deepEqual(
      (listed.data.keypairs as { keypair: { name: string } }[]).map((k) => k.keypair.name),
      ['gen-21', 'gen-22'],
    );
    assert.equal((await h.call(demo, 'DELETE', '/v2.1/os-keypairs/gen-21')).statusCode, 202, '202 at 2.1');
    assert.equal((await h.call(demo, 'DELETE', '/v2.1/os-keypairs/gen-22', undefined, '2.2')).statusCode, 204);
    assertFault(
      await h.call(demo, 'GET', '/v2.1/os-keypairs/gen-22'),
      404,
      `Keypair gen-22 not found for user ${demoUserId}`,
    );
    assertFault(await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'nokey' } }, '2.92'), 400);
  });

  test('import ssh (rsa, ed25519) and x509; refuse bad keys and duplicates', async () => {
    const ed = ed25519PublicKey();
    const imported = await h.call(
      demo,
      'POST',
      '/v2.1/os-keypairs',
      { keypair: { name: 'ed', public_key: ed } },
      '2.92',
    );
    assert.equal(imported.statusCode, 201, imported.body);
    const k = imported.data.keypair as Record<string, unknown>;
    assert.equal('private_key' in k, false);
    assert.equal(k.public_key, ed);
    assertFault(
      await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'ed', public_key: ed } }, '2.92'),
      409,
      "Key pair 'ed' already exists.",
    );
    for (const bad of ['ssh-rsa notbase64!', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBad', 'hello', '']) {
      assertFault(
        await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'bad', public_key: bad } }, '2.92'),
        400,
        /^Keypair data is invalid/,
      );
    }
    assertFault(
      await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'bad.x', public_key: ed } }, '2.91'),
      400,
      undefined,
    );
    const x509 = await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'cert', type: 'x509' } }, '2.2');
    assert.equal(x509.statusCode, 201, x509.body);
    const cert = x509.data.keypair as Record<string, string>;
    assert.match(cert.public_key!, /BEGIN CERTIFICATE/);
    assert.match(cert.fingerprint!, /^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
    const reimported = await h.call(
      demo,
      'POST',
      '/v2.1/os-keypairs',
      { keypair: { name: 'cert2', type: 'x509', public_key: cert.public_key } },
      '2.2',
    );
    assert.equal((reimported.data.keypair as Record<string, string>).fingerprint, cert.fingerprint);
  });

  test('admins act for other users from 2.10; members only for themselves', async () => {
    const forDemo = await h.call(
      admin,
      'POST',
      '/v2.1/os-keypairs',
      { keypair: { name: 'by-admin', user_id: demoUserId, public_key: ed25519PublicKey() } },
      '2.10',
    );
    assert.equal(forDemo.statusCode, 201, forDemo.body);
    assert.equal((forDemo.data.keypair as Record<string, string>).user_id, demoUserId);
    assert.equal((await h.call(demo, 'GET', '/v2.1/os-keypairs/by-admin', undefined, '2.10')).statusCode, 200);
    const listed = await h.call(admin, 'GET', `/v2.1/os-keypairs?user_id=${demoUserId}`, undefined, '2.10');
    assert.ok((listed.data.keypairs as { keypair: { name: string } }[]).some((k) => k.keypair.name === 'by-admin'));
    assertFault(await h.call(admin, 'GET', '/v2.1/os-keypairs/by-admin', undefined, '2.10'), 404, /not found for user/);
    const adminUser = (await h.call(admin, 'GET', '/v2.1/os-keypairs', undefined, '2.2')).data;
    assert.deepEqual(adminUser.keypairs, []);
    assertFault(await h.call(demo, 'GET', '/v2.1/os-keypairs?user_id=someone-else', undefined, '2.10'), 403);
    assertFault(
      await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'x', user_id: 'someone-else' } }, '2.10'),
      403,
    );
    assert.equal(
      (await h.call(admin, 'DELETE', `/v2.1/os-keypairs/by-admin?user_id=${demoUserId}`, undefined, '2.10')).statusCode,
      204,
    );
  });

  test('paging from 2.35, quota', async () => {
    const page = await h.call(demo, 'GET', '/v2.1/os-keypairs?limit=1', undefined, '2.35');
    assert.equal((page.data.keypairs as unknown[]).length, 1);
    const next = new URL((page.data.keypairs_links as { href: string }[])[0]!.href);
    const rest = await h.call(demo, 'GET', `/v2.1/os-keypairs${next.search}`, undefined, '2.35');
    assert.ok((rest.data.keypairs as unknown[]).length >= 1);
    assertFault(await h.call(demo, 'GET', '/v2.1/os-keypairs?marker=nope', undefined, '2.35'), 400);
    // The user has ed, cert and cert2; the quota (4) allows one more.
    assert.equal(
      (
        await h.call(
          demo,
          'POST',
          '/v2.1/os-keypairs',
          { keypair: { name: 'q4', public_key: ed25519PublicKey() } },
          '2.92',
        )
      ).statusCode,
      201,
    );
    assertFault(
      await h.call(
        demo,
        'POST',
        '/v2.1/os-keypairs',
        { keypair: { name: 'q5', public_key: ed25519PublicKey() } },
        '2.92',
      ),
      403,
      'Quota exceeded, too many key pairs.',
    );
  });
});

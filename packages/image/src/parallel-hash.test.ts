// ParallelHash: the digests equal node:crypto's over the same bytes, whatever the cut into updates; jobs interleave
// without mixing; an aborted job settles its promises and leaves the workers serving others.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ParallelHash } from './parallel-hash.js';

/** `data` copied into a SharedArrayBuffer, as the upload's slabs are. */
function shared(data: Buffer): Uint8Array {
  const view = new Uint8Array(new SharedArrayBuffer(Math.max(1, data.length)), 0, data.length);
  view.set(data);
  return view;
}

const digestOf = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest('hex');

describe('ParallelHash', () => {
  for (const groups of [[['md5', 'sha512']], [['md5'], ['sha512']]]) {
    const label = groups.map((g) => g.join('+')).join(' | ');
    it(`${label}: digests match node:crypto for empty, small and multi-part data`, async () => {
      for (const sizes of [[], [0], [1], [1000, 1, 65536], [1024 * 1024, 3 * 1024 * 1024 + 7]]) {
        const parts = sizes.map((n) => randomBytes(n));
        const hash = new ParallelHash(groups);
        for (const part of parts) await hash.update(shared(part));
        const whole = Buffer.concat(parts);
        assert.deepEqual(await hash.digest(), [digestOf('md5', whole), digestOf('sha512', whole)], `sizes ${sizes}`);
      }
    });
  }

  it('keeps interleaved jobs apart, updates in flight together', async () => {
    const a = randomBytes(300_000);
    const b = randomBytes(200_000);
    const ha = new ParallelHash([['md5', 'sha512']]);
    const hb = new ParallelHash([['md5', 'sha512']]);
    await Promise.all([
      ha.update(shared(a.subarray(0, 100_000))),
      hb.update(shared(b)),
      ha.update(shared(a.subarray(100_000))),
    ]);
    assert.deepEqual(await hb.digest(), [digestOf('md5', b), digestOf('sha512', b)]);
    assert.deepEqual(await ha.digest(), [digestOf('md5', a), digestOf('sha512', a)]);
  });

  it('rejects what is pending once aborted, and the workers go on serving other jobs', async () => {
    const aborted = new ParallelHash([['md5', 'sha512']]);
    const pending = aborted.update(shared(randomBytes(4 * 1024 * 1024)));
    aborted.abort();
    await assert.rejects(pending, /aborted/);
    await assert.rejects(aborted.digest(), /aborted/);
    const data = randomBytes(1000);
    const next = new ParallelHash([['md5', 'sha512']]);
    await next.update(shared(data));
    assert.deepEqual(await next.digest(), [digestOf('md5', data), digestOf('sha512', data)]);
  });
});

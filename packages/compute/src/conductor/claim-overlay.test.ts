// The claim overlay: concurrent schedules see claims in flight and claims made after their Placement read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testHost } from '../scheduler/test-hosts.js';
import { ClaimOverlay } from './claim-overlay.js';

const used = (overlay: ClaimOverlay, readAt: number) => {
  const hosts = [testHost('a', { nodeUuid: 'a' })];
  overlay.apply(hosts, readAt);
  return hosts[0]!.used.VCPU;
};

test('a claim in flight shows in every read; a committed one only in reads that may have missed it', () => {
  const overlay = new ClaimOverlay();
  const early = overlay.beginRead();
  const claim = overlay.add('a', { VCPU: 2 });
  assert.equal(used(overlay, early), 2);
  claim.settle(true);
  assert.equal(used(overlay, early), 2, 'the early read may not include the committed claim');
  const late = overlay.beginRead();
  assert.equal(used(overlay, late), 0, 'a read started after the commit includes it already');
  overlay.done(early);
  overlay.done(late);
});

test('a refused claim disappears, and committed entries go once no read needs them', () => {
  const overlay = new ClaimOverlay();
  const read = overlay.beginRead();
  overlay.add('a', { VCPU: 1 }).settle(false);
  assert.equal(used(overlay, read), 0);
  overlay.add('a', { VCPU: 3 }).settle(true);
  overlay.done(read);
  assert.equal(used(overlay, 0), 0);
});

// Allocation candidates shared within the ttl, asked afresh on demand or once expired.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakePlacement } from '../fake-placement.js';
import { CandidateCache } from './candidate-cache.js';
import { ClaimOverlay } from './claim-overlay.js';

async function setup(ttlMs: number) {
  const placement = new FakePlacement();
  await placement.ensureResourceProvider('rp', 'host', { VCPU: { total: 4 } }, []);
  return { placement, cache: new CandidateCache(placement, new ClaimOverlay(), ttlMs) };
}

test('concurrent and close requests share one answer; fresh asks again', async () => {
  const { placement, cache } = await setup(10_000);
  const query = { resources: { VCPU: 1 } };
  const [first, second] = await Promise.all([cache.get(query), cache.get(query)]);
  assert.equal(placement.calls.getAllocationCandidates, 1);
  assert.equal(first.shared, false);
  assert.equal(second.shared, true);
  assert.equal(first.candidates, second.candidates);
  await cache.get({ resources: { VCPU: 2 } });
  assert.equal(placement.calls.getAllocationCandidates, 2, 'another query is another answer');
  const fresh = await cache.get(query, true);
  assert.equal(fresh.shared, false);
  assert.equal(placement.calls.getAllocationCandidates, 3);
});

test('a ttl of 0 asks every time; an expired answer serves while its refresh runs, a too old one never', async () => {
  const none = await setup(0);
  await none.cache.get({ resources: { VCPU: 1 } });
  await none.cache.get({ resources: { VCPU: 1 } });
  assert.equal(none.placement.calls.getAllocationCandidates, 2);
  const short = await setup(5);
  const first = await short.cache.get({ resources: { VCPU: 1 } });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const stale = await short.cache.get({ resources: { VCPU: 1 } });
  assert.equal(stale.shared, true);
  assert.equal(stale.candidates, first.candidates, 'the last answer, not a wait for the refresh');
  assert.equal(short.placement.calls.getAllocationCandidates, 2, 'a refresh was started');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const late = await short.cache.get({ resources: { VCPU: 1 } });
  assert.equal(late.shared, false, 'past 8 ttls the last answer is not used');
  assert.notEqual(late.candidates, first.candidates);
});

test('a failed read is not shared', async () => {
  const { placement, cache } = await setup(10_000);
  placement.down = true;
  await assert.rejects(cache.get({ resources: { VCPU: 1 } }));
  placement.down = false;
  assert.equal((await cache.get({ resources: { VCPU: 1 } })).shared, false);
});

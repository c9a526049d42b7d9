// PlacementClient over a real sdk Session against the Placement API (a fake Keystone login hands the session a
// service token and a catalog): what the compute conductor relies on.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Session, type Transport, type TransportRequest, type TransportResponse } from '@nubo/sdk';
import type { FastifyInstance } from 'fastify';
import { type Harness, startHarness } from '../test/harness.js';
import { PlacementClient } from './client.js';

const BASE = 'http://nubo.test';

/** Answers the Keystone login itself; sends everything else into the Fastify app. */
class LoopbackTransport implements Transport {
  constructor(private readonly app: FastifyInstance) {}

  async request(request: TransportRequest): Promise<TransportResponse> {
    if (request.url.endsWith('/auth/tokens')) {
      const token = {
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        catalog: [
          {
            type: 'placement',
            endpoints: [{ interface: 'internal', region_id: 'RegionOne', url: `${BASE}/placement` }],
          },
        ],
      };
      return {
        status: 201,
        headers: { 'x-subject-token': 'service', 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ token })),
      };
    }
    const response = await this.app.inject({
      method: request.method as 'GET',
      url: request.url.slice(BASE.length),
      headers: request.headers,
      payload: request.body,
    });
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)]));
    return { status: response.statusCode, headers, body: response.rawPayload };
  }
}

describe('PlacementClient', () => {
  let h: Harness;
  let client: PlacementClient;
  const host = randomUUID();
  before(async () => {
    h = await startHarness();
    const session = new Session(
      { authUrl: `${BASE}/identity/v3`, username: 'placement', password: 'x', projectName: 'service' },
      new LoopbackTransport(h.app),
    );
    client = new PlacementClient(session);
  });
  after(() => h.close());

  test('ensureProvider creates, then leaves alone, then brings the inventory up to date', async () => {
    const created = await client.ensureProvider('compute-1', host, {
      VCPU: { total: 4, allocation_ratio: 2 },
      MEMORY_MB: 4096,
    });
    assert.equal(created.uuid, host);
    assert.equal(created.generation, 1);
    const again = await client.ensureProvider('compute-1', host, {
      VCPU: { total: 4, allocation_ratio: 2 },
      MEMORY_MB: 4096,
    });
    assert.equal(again.generation, 1, 'nothing to change, no write');
    const grown = await client.ensureProvider('compute-1', host, {
      VCPU: { total: 8, allocation_ratio: 2 },
      MEMORY_MB: 4096,
    });
    assert.equal(grown.generation, 2);
    assert.equal(await client.getProvider(randomUUID()), undefined);
  });

  test('allocationCandidates, claim, usages, release', async () => {
    const { allocationRequests, providerSummaries } = await client.allocationCandidates(
      { VCPU: 2, MEMORY_MB: 1024 },
      { limit: 5, forbidden: ['COMPUTE_STATUS_DISABLED'] },
    );
    assert.equal(allocationRequests.length, 1);
    assert.deepEqual(allocationRequests[0]!.allocations, { [host]: { resources: { VCPU: 2, MEMORY_MB: 1024 } } });
    assert.equal(providerSummaries[host]!.resources.VCPU!.capacity, 16);
    const instance = randomUUID();
    const claimed = await client.claim(instance, { [host]: { VCPU: 2, MEMORY_MB: 1024 } }, 'p1', 'u1', null);
    assert.deepEqual(claimed, { claimed: true });
    const stale = await client.claim(instance, { [host]: { VCPU: 1 } }, 'p1', 'u1', null);
    assert.equal(stale.claimed, false);
    assert.equal(!stale.claimed && stale.code, 'placement.concurrent_update');
    const full = await client.claim(randomUUID(), { [host]: { VCPU: 15 } }, 'p1', 'u1', null);
    assert.equal(full.claimed, false);
    assert.match(!full.claimed ? full.detail : '', /exceed the capacity/);
    const held = await client.getAllocations(instance);
    assert.equal(held.consumerGeneration, 1);
    assert.deepEqual(held.allocations[host]!.resources, { VCPU: 2, MEMORY_MB: 1024 });
    assert.deepEqual(await client.usages(host), { MEMORY_MB: 1024, VCPU: 2 });
    assert.deepEqual(await client.projectUsages('p1'), { MEMORY_MB: 1024, VCPU: 2 });
    assert.equal(await client.release(instance), true);
    assert.equal(await client.release(instance), false);
    assert.deepEqual(await client.getAllocations(instance), { allocations: {}, consumerGeneration: null });
  });
});

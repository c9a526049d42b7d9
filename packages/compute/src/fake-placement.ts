// An in-memory Placement behind the PlacementApi interface, for the engine's unit and functional tests: providers,
// inventories with allocation ratios, traits, aggregates, candidates and generation-checked claims.
import {
  type AllocationCandidates,
  type CandidateQuery,
  type ClaimResult,
  CONCURRENT_UPDATE,
  type ConsumerAllocations,
  type ConsumerWrite,
  type InventoryRecord,
  type PlacementApi,
  type Resources,
} from './placement.js';

interface FakeProvider {
  uuid: string;
  name: string;
  inventory: Record<string, InventoryRecord>;
  traits: Set<string>;
  aggregates: Set<string>;
}

interface FakeConsumer {
  allocations: Record<string, Resources>;
  generation: number;
  projectId: string;
  userId: string;
  consumerType: string;
}

/**
 * @example
 * const placement = new FakePlacement();
 * placement.down = true; // every call now fails, as an unreachable Placement does
 */
export class FakePlacement implements PlacementApi {
  readonly providers = new Map<string, FakeProvider>();
  readonly consumers = new Map<string, FakeConsumer>();
  /** While true every call throws (Placement unreachable). */
  down = false;
  /** Calls made, by method name (for tests that count round trips). */
  readonly calls: Record<string, number> = {};

  private enter(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    if (this.down) throw new Error('placement: connection refused (fake placement is down)');
  }

  async ensureResourceProvider(
    uuid: string,
    name: string,
    inventory: Record<string, InventoryRecord>,
    traits: string[],
  ): Promise<void> {
    this.enter('ensureResourceProvider');
    for (const other of this.providers.values()) {
      if (other.name === name && other.uuid !== uuid) throw new Error(`placement: provider name ${name} is taken`);
    }
    const provider = this.providers.get(uuid) ?? {
      uuid,
      name,
      inventory: {},
      traits: new Set(),
      aggregates: new Set(),
    };
    provider.name = name;
    provider.inventory = structuredClone(inventory);
    provider.traits = new Set(traits);
    this.providers.set(uuid, provider);
  }

  async getProviderAggregates(uuid: string): Promise<string[]> {
    this.enter('getProviderAggregates');
    return [...(this.providers.get(uuid)?.aggregates ?? [])].sort();
  }

  async setProviderAggregates(uuid: string, aggregates: string[]): Promise<void> {
    this.enter('setProviderAggregates');
    const provider = this.providers.get(uuid);
    if (!provider) throw new Error(`placement: no resource provider ${uuid}`);
    provider.aggregates = new Set(aggregates);
  }

  /** Resource class → capacity of a provider ((total − reserved) × allocation_ratio). */
  capacity(uuid: string): Resources {
    const out: Resources = {};
    for (const [rc, record] of Object.entries(this.providers.get(uuid)?.inventory ?? {})) {
      out[rc] = Math.floor((record.total - (record.reserved ?? 0)) * (record.allocation_ratio ?? 1));
    }
    return out;
  }

  /** Resource class → amount used on a provider, summed over every consumer. */
  usages(uuid: string): Resources {
    const out: Resources = {};
    for (const rc of Object.keys(this.providers.get(uuid)?.inventory ?? {})) out[rc] = 0;
    for (const consumer of this.consumers.values()) {
      for (const [rc, amount] of Object.entries(consumer.allocations[uuid] ?? {})) out[rc] = (out[rc] ?? 0) + amount;
    }
    return out;
  }

  async getAllocationCandidates(query: CandidateQuery): Promise<AllocationCandidates> {
    this.enter('getAllocationCandidates');
    const result: AllocationCandidates = { allocationRequests: [], providerSummaries: {} };
    for (const provider of this.providers.values()) {
      if (query.inTree && provider.uuid !== query.inTree) continue;
      if ((query.required ?? []).some((t) => !provider.traits.has(t))) continue;
      if ((query.forbidden ?? []).some((t) => provider.traits.has(t))) continue;
      if ((query.memberOf ?? []).some((group) => !group.some((a) => provider.aggregates.has(a)))) continue;
      const capacity = this.capacity(provider.uuid);
      const used = this.usages(provider.uuid);
      const fits = Object.entries(query.resources).every(([rc, amount]) => {
        const record = provider.inventory[rc];
        return (
          record && amount <= (record.max_unit ?? Number.MAX_SAFE_INTEGER) && (used[rc] ?? 0) + amount <= capacity[rc]!
        );
      });
      if (!fits) continue;
      result.allocationRequests.push({ allocations: { [provider.uuid]: { resources: { ...query.resources } } } });
      result.providerSummaries[provider.uuid] = {
        resources: Object.fromEntries(
          Object.keys(provider.inventory).map((rc) => [rc, { capacity: capacity[rc]!, used: used[rc] ?? 0 }]),
        ),
        traits: [...provider.traits].sort(),
      };
      if (query.limit !== undefined && result.allocationRequests.length >= query.limit) break;
    }
    return result;
  }

  async getAllocations(consumer: string): Promise<ConsumerAllocations> {
    this.enter('getAllocations');
    const found = this.consumers.get(consumer);
    return found
      ? { allocations: structuredClone(found.allocations), generation: found.generation }
      : { allocations: {}, generation: null };
  }

  async claim(consumer: string, write: ConsumerWrite): Promise<ClaimResult> {
    this.enter('claim');
    return this.apply({ [consumer]: write });
  }

  async claimMany(writes: Record<string, ConsumerWrite>): Promise<ClaimResult> {
    this.enter('claimMany');
    return this.apply(writes);
  }

  async release(consumer: string): Promise<void> {
    this.enter('release');
    this.consumers.delete(consumer);
  }

  async getUsages(uuid: string): Promise<Resources> {
    this.enter('getUsages');
    return this.usages(uuid);
  }

  /** Checks generations and capacity for every consumer, then writes them all or none (as Placement does). */
  private apply(writes: Record<string, ConsumerWrite>): ClaimResult {
    for (const [consumer, write] of Object.entries(writes)) {
      const generation = this.consumers.get(consumer)?.generation ?? null;
      if (generation !== write.consumerGeneration) {
        return { claimed: false, code: CONCURRENT_UPDATE, detail: `consumer generation conflict for ${consumer}` };
      }
    }
    const before = new Map(this.consumers);
    for (const [consumer, write] of Object.entries(writes)) {
      const previous = this.consumers.get(consumer);
      if (Object.keys(write.allocations).length === 0) this.consumers.delete(consumer);
      else {
        this.consumers.set(consumer, {
          allocations: structuredClone(write.allocations),
          generation: (previous?.generation ?? -1) + 1,
          projectId: write.projectId,
          userId: write.userId,
          consumerType: write.consumerType,
        });
      }
    }
    for (const uuid of new Set(Object.values(writes).flatMap((w) => Object.keys(w.allocations)))) {
      if (!this.providers.has(uuid)) {
        this.restore(before);
        return { claimed: false, code: 'placement.undefined_code', detail: `no resource provider ${uuid}` };
      }
      const capacity = this.capacity(uuid);
      const used = this.usages(uuid);
      const over = Object.entries(used).find(([rc, amount]) => amount > (capacity[rc] ?? 0));
      if (over) {
        this.restore(before);
        return {
          claimed: false,
          code: 'placement.undefined_code',
          detail: `Unable to allocate inventory: unable to allocate ${over[0]} on ${uuid}`,
        };
      }
    }
    return { claimed: true };
  }

  private restore(before: Map<string, FakeConsumer>): void {
    this.consumers.clear();
    for (const [k, v] of before) this.consumers.set(k, v);
  }
}

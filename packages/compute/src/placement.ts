// Compute's view of Placement: a small typed adapter over its REST API (microversion 1.39), through the sdk as the
// nova service user — resource providers for compute nodes, allocation candidates, and claims on behalf of servers.
import type { Session } from '@nubo/sdk';

/** Resource class → amount, e.g. {VCPU: 2, MEMORY_MB: 2048, DISK_GB: 20}. */
export type Resources = Record<string, number>;

/** One inventory record of a provider (Placement's defaults fill the rest). */
export interface InventoryRecord {
  total: number;
  reserved?: number;
  min_unit?: number;
  max_unit?: number;
  step_size?: number;
  allocation_ratio?: number;
}

/** What GET /allocation_candidates is asked (one unsuffixed request group, as Nova's plain flavors make). */
export interface CandidateQuery {
  resources: Resources;
  required?: string[];
  forbidden?: string[];
  /** Each inner list is one `member_of=in:a,b` (the provider must be in one of them); the lists are ANDed. */
  memberOf?: string[][];
  inTree?: string;
  limit?: number;
}

/** One allocation request: a ready PUT /allocations body part, provider uuid → resources. */
export interface AllocationRequest {
  allocations: Record<string, { resources: Resources }>;
}

/** What a candidate provider has and uses (capacity is (total − reserved) × allocation_ratio). */
export interface ProviderSummary {
  resources: Record<string, { capacity: number; used: number }>;
  traits: string[];
}

/** GET /allocation_candidates' answer: the requests to claim with, and what each provider has. */
export interface AllocationCandidates {
  allocationRequests: AllocationRequest[];
  providerSummaries: Record<string, ProviderSummary>;
}

/** A consumer's allocations and generation (generation null: the consumer does not exist). */
export interface ConsumerAllocations {
  allocations: Record<string, Resources>;
  generation: number | null;
}

/** Who a consumer belongs to, and its kind (1.38's consumer_type: INSTANCE or MIGRATION, as Nova writes). */
export interface ConsumerOwner {
  projectId: string;
  userId: string;
  consumerType: 'INSTANCE' | 'MIGRATION';
}

/** The consumer's allocations to write: `allocations` {} clears it (1.28). */
export interface ConsumerWrite extends ConsumerOwner {
  allocations: Record<string, Resources>;
  /** The generation last read; null for a consumer that does not exist yet. */
  consumerGeneration: number | null;
}

/** A claim's answer: a 409 (no room, or someone else wrote the consumer first) is an answer, not an exception. */
export type ClaimResult = { claimed: true } | { claimed: false; code: string; detail: string };

/** The 409 code Placement gives a stale consumer (or provider) generation. */
export const CONCURRENT_UPDATE = 'placement.concurrent_update';

/** Everything Compute asks of Placement. The HTTP adapter below implements it; tests use FakePlacement. */
export interface PlacementApi {
  /**
   * Makes the provider `uuid` exist with `name`, exactly `inventory` and exactly `traits` (Nova's
   * update_provider_tree for one node). Idempotent; lost generation races are retried.
   */
  ensureResourceProvider(
    uuid: string,
    name: string,
    inventory: Record<string, InventoryRecord>,
    traits: string[],
  ): Promise<void>;
  /** The Placement aggregates (uuids) the provider is in. */
  getProviderAggregates(uuid: string): Promise<string[]>;
  /** Replaces the provider's aggregates (mirroring host aggregates, as Nova's API does). */
  setProviderAggregates(uuid: string, aggregates: string[]): Promise<void>;
  getAllocationCandidates(query: CandidateQuery): Promise<AllocationCandidates>;
  getAllocations(consumer: string): Promise<ConsumerAllocations>;
  /** PUT /allocations/{consumer}. */
  claim(consumer: string, write: ConsumerWrite): Promise<ClaimResult>;
  /** POST /allocations: several consumers written atomically (Nova's move_allocations for resize). */
  claimMany(writes: Record<string, ConsumerWrite>): Promise<ClaimResult>;
  /** DELETE /allocations/{consumer}; succeeds when it holds nothing. */
  release(consumer: string): Promise<void>;
  /** Resource class → amount used on the provider. */
  getUsages(uuid: string): Promise<Resources>;
}

const MICROVERSION = 'placement 1.39';
const RETRIES = 5;

interface FaultBody {
  errors?: { code?: string; detail?: string }[];
}

function writeBody(write: ConsumerWrite) {
  return {
    allocations: Object.fromEntries(Object.entries(write.allocations).map(([rp, resources]) => [rp, { resources }])),
    project_id: write.projectId,
    user_id: write.userId,
    consumer_generation: write.consumerGeneration,
    consumer_type: write.consumerType,
  };
}

function sameInventory(current: Record<string, Record<string, number>>, wanted: Record<string, InventoryRecord>) {
  const defaults = { reserved: 0, min_unit: 1, max_unit: 2147483647, step_size: 1, allocation_ratio: 1 };
  if (Object.keys(current).length !== Object.keys(wanted).length) return false;
  return Object.entries(wanted).every(([rc, record]) => {
    const have = current[rc];
    return have !== undefined && Object.entries({ ...defaults, ...record }).every(([k, v]) => have[k] === v);
  });
}

/** The Placement API over an sdk Session (the nova service user's). */
export class HttpPlacement implements PlacementApi {
  constructor(private readonly session: () => Session) {}

  private call<T>(method: string, path: string, body?: unknown, ok?: number[]) {
    return this.session().request<T>('placement', method, path, { body, microversion: MICROVERSION, ok });
  }

  async ensureResourceProvider(
    uuid: string,
    name: string,
    inventory: Record<string, InventoryRecord>,
    traits: string[],
  ): Promise<void> {
    const found = await this.call<{ name: string }>('GET', `/resource_providers/${uuid}`, undefined, [200, 404]);
    if (found.status === 404) {
      const created = await this.call<FaultBody>('POST', '/resource_providers', { name, uuid }, [200, 409]);
      if (created.status === 409) {
        const again = await this.call('GET', `/resource_providers/${uuid}`, undefined, [200, 404]);
        if (again.status === 404) {
          throw new Error(`placement: provider name ${name} is taken by another provider (${uuid} cannot be created)`);
        }
      }
    } else if (found.data.name !== name) {
      await this.call('PUT', `/resource_providers/${uuid}`, { name });
    }
    await this.retryOnConflict(`inventory of ${name}`, async () => {
      const current = await this.call<{
        resource_provider_generation: number;
        inventories: Record<string, Record<string, number>>;
      }>('GET', `/resource_providers/${uuid}/inventories`);
      if (sameInventory(current.data.inventories, inventory)) return 200;
      const put = await this.call(
        'PUT',
        `/resource_providers/${uuid}/inventories`,
        { resource_provider_generation: current.data.resource_provider_generation, inventories: inventory },
        [200, 409],
      );
      return put.status;
    });
    await this.retryOnConflict(`traits of ${name}`, async () => {
      const current = await this.call<{ resource_provider_generation: number; traits: string[] }>(
        'GET',
        `/resource_providers/${uuid}/traits`,
      );
      const wanted = [...new Set(traits)].sort();
      if (JSON.stringify([...current.data.traits].sort()) === JSON.stringify(wanted)) return 200;
      const put = await this.call(
        'PUT',
        `/resource_providers/${uuid}/traits`,
        { resource_provider_generation: current.data.resource_provider_generation, traits: wanted },
        [200, 409],
      );
      return put.status;
    });
  }

  async getProviderAggregates(uuid: string): Promise<string[]> {
    return (await this.call<{ aggregates: string[] }>('GET', `/resource_providers/${uuid}/aggregates`)).data.aggregates;
  }

  async setProviderAggregates(uuid: string, aggregates: string[]): Promise<void> {
    await this.retryOnConflict(`aggregates of ${uuid}`, async () => {
      const current = await this.call<{ aggregates: string[]; resource_provider_generation: number }>(
        'GET',
        `/resource_providers/${uuid}/aggregates`,
      );
      const wanted = [...new Set(aggregates)].sort();
      if (JSON.stringify([...current.data.aggregates].sort()) === JSON.stringify(wanted)) return 200;
      const put = await this.call(
        'PUT',
        `/resource_providers/${uuid}/aggregates`,
        { aggregates: wanted, resource_provider_generation: current.data.resource_provider_generation },
        [200, 409],
      );
      return put.status;
    });
  }

  async getAllocationCandidates(query: CandidateQuery): Promise<AllocationCandidates> {
    const params = new URLSearchParams({
      resources: Object.entries(query.resources)
        .map(([rc, amount]) => `${rc}:${amount}`)
        .join(','),
    });
    const traits = [...(query.required ?? []), ...(query.forbidden ?? []).map((t) => `!${t}`)];
    if (traits.length > 0) params.set('required', traits.join(','));
    for (const group of query.memberOf ?? []) params.append('member_of', `in:${group.join(',')}`);
    if (query.inTree) params.set('in_tree', query.inTree);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const { data } = await this.call<{
      allocation_requests: AllocationRequest[];
      provider_summaries: Record<string, ProviderSummary>;
    }>('GET', `/allocation_candidates?${params}`);
    return {
      // 1.34's `mappings` (request group → providers) matter only to requests with suffixed groups; Compute has none.
      allocationRequests: data.allocation_requests.map((r) => ({ allocations: r.allocations })),
      providerSummaries: data.provider_summaries,
    };
  }

  async getAllocations(consumer: string): Promise<ConsumerAllocations> {
    const { data } = await this.call<{
      allocations: Record<string, { resources: Resources }>;
      consumer_generation?: number | null;
    }>('GET', `/allocations/${consumer}`);
    return {
      allocations: Object.fromEntries(Object.entries(data.allocations).map(([rp, a]) => [rp, a.resources])),
      generation: data.consumer_generation ?? null,
    };
  }

  async claim(consumer: string, write: ConsumerWrite): Promise<ClaimResult> {
    const response = await this.call<FaultBody>('PUT', `/allocations/${consumer}`, writeBody(write), [204, 409]);
    return claimResult(response.status, response.data);
  }

  async claimMany(writes: Record<string, ConsumerWrite>): Promise<ClaimResult> {
    const body = Object.fromEntries(Object.entries(writes).map(([consumer, write]) => [consumer, writeBody(write)]));
    const response = await this.call<FaultBody>('POST', '/allocations', body, [204, 409]);
    return claimResult(response.status, response.data);
  }

  async release(consumer: string): Promise<void> {
    await this.call('DELETE', `/allocations/${consumer}`, undefined, [204, 404]);
  }

  async getUsages(uuid: string): Promise<Resources> {
    return (await this.call<{ usages: Resources }>('GET', `/resource_providers/${uuid}/usages`)).data.usages;
  }

  /** Runs a read-compare-write until it does not lose a generation race (409), at most RETRIES times. */
  private async retryOnConflict(what: string, attempt: () => Promise<number>): Promise<void> {
    for (let n = 1; n <= RETRIES; n++) if ((await attempt()) !== 409) return;
    throw new Error(`placement: ${what} kept losing generation races`);
  }
}

function claimResult(status: number, body: FaultBody | undefined): ClaimResult {
  if (status === 204) return { claimed: true };
  const error = body?.errors?.[0];
  return { claimed: false, code: error?.code ?? 'placement.undefined_code', detail: error?.detail ?? '' };
}

/** What a flavor asks of Placement (Nova's resources_from_flavor): zero amounts are left out, as Placement wants. */
export function resourcesOfFlavor(flavor: {
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  extra_specs?: Record<string, string>;
}): Resources {
  const resources: Resources = {
    VCPU: flavor.vcpus,
    MEMORY_MB: flavor.ram,
    DISK_GB: flavor.disk + flavor.ephemeral + Math.ceil(flavor.swap / 1024),
  };
  // Extra specs `resources:<CLASS>=<amount>` override (or add) a class, 0 removes it (Nova's flavor-based overrides).
  for (const [key, value] of Object.entries(flavor.extra_specs ?? {})) {
    const match = /^resources:([A-Z0-9_]+)$/.exec(key);
    if (match) resources[match[1]!] = Number.parseInt(value, 10) || 0;
  }
  for (const [rc, amount] of Object.entries(resources)) if (!(amount > 0)) delete resources[rc];
  return resources;
}

/** Traits a flavor (extra specs `trait:X=required|forbidden`) or image (properties of the same form) asks for. */
export function traitsOfRequest(...sources: Record<string, unknown>[]): { required: string[]; forbidden: string[] } {
  const required = new Set<string>();
  const forbidden = new Set<string>();
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const match = /^trait:([A-Z0-9_]+)$/.exec(key);
      if (!match) continue;
      if (value === 'required') required.add(match[1]!);
      else if (value === 'forbidden') forbidden.add(match[1]!);
    }
  }
  return { required: [...required].sort(), forbidden: [...forbidden].sort() };
}

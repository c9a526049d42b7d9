// A typed client of the Placement API over an sdk Session: what the compute conductor registers hosts and claims
// resources with. It speaks microversion 1.39 unless told otherwise.
import type { Session } from '@nubo/sdk';

/** One inventory record; omitted fields take Placement's defaults. */
export interface InventorySpec {
  total: number;
  reserved?: number;
  min_unit?: number;
  max_unit?: number;
  step_size?: number;
  allocation_ratio?: number;
}

/** A resource provider as Placement shows it from 1.14. */
export interface ResourceProvider {
  uuid: string;
  name: string;
  generation: number;
  parent_provider_uuid: string | null;
  root_provider_uuid: string;
}

/** One allocation request: a ready PUT /allocations body (without the consumer fields). */
export interface AllocationCandidate {
  allocations: Record<string, { resources: Record<string, number> }>;
  /** Request group suffix → providers satisfying it ('' for the unsuffixed group). */
  mappings: Record<string, string[]>;
}

/** What GET /allocation_candidates tells about one provider. */
export interface ProviderSummary {
  resources: Record<string, { capacity: number; used: number }>;
  traits: string[];
  parent_provider_uuid: string | null;
  root_provider_uuid: string;
}

/** The answer of allocationCandidates(). */
export interface AllocationCandidates {
  allocationRequests: AllocationCandidate[];
  providerSummaries: Record<string, ProviderSummary>;
}

/** The outcome of a claim: a 409 is an answer (no room, or someone else wrote first), not an exception. */
export type ClaimResult = { claimed: true } | { claimed: false; status: number; code: string; detail: string };

/** How the client talks to Placement. */
export interface PlacementClientOptions {
  /** Microversion to speak (default 1.39). */
  microversion?: string;
  /** Attempts at an inventory write that loses a generation race (default 5). */
  retries?: number;
}

interface FaultBody {
  errors?: { status: number; code?: string; detail?: string }[];
}

const SERVICE = 'placement';

/**
 * @example
 * const placement = new PlacementClient(deps.serviceSession() as Session);
 * await placement.ensureProvider('compute-1', hostUuid, { VCPU: { total: 8, allocation_ratio: 4 } });
 * const { allocationRequests } = await placement.allocationCandidates({ VCPU: 2, MEMORY_MB: 2048 }, { limit: 10 });
 * const result = await placement.claim(instanceUuid, { [hostUuid]: { VCPU: 2 } }, projectId, userId, null);
 */
export class PlacementClient {
  private readonly microversion: string;
  private readonly retries: number;

  constructor(
    private readonly session: Session,
    options: PlacementClientOptions = {},
  ) {
    this.microversion = `${SERVICE} ${options.microversion ?? '1.39'}`;
    this.retries = options.retries ?? 5;
  }

  private async call<T>(method: string, path: string, body?: unknown, ok?: number[]) {
    return this.session.request<T>(SERVICE, method, path, { body, microversion: this.microversion, ok });
  }

  /** The provider, or undefined when there is none with that uuid. */
  async getProvider(uuid: string): Promise<ResourceProvider | undefined> {
    const response = await this.call<ResourceProvider>('GET', `/resource_providers/${uuid}`, undefined, [200, 404]);
    return response.status === 404 ? undefined : response.data;
  }

  /**
   * Makes sure a provider with this uuid and name exists with exactly `inventory` (resource class → record or
   * total), creating or renaming it and replacing its inventories as needed. Idempotent; a lost generation race
   * is retried.
   */
  async ensureProvider(
    name: string,
    uuid: string,
    inventory: Record<string, InventorySpec | number>,
    options: { parentUuid?: string } = {},
  ): Promise<ResourceProvider> {
    let provider = await this.getProvider(uuid);
    if (!provider) {
      const created = await this.call<ResourceProvider>(
        'POST',
        '/resource_providers',
        { name, uuid, ...(options.parentUuid ? { parent_provider_uuid: options.parentUuid } : {}) },
        [200, 409],
      );
      // A 409 means another caller created it first (or the name is taken, which the GET below reveals).
      provider = created.status === 200 ? created.data : await this.getProvider(uuid);
      if (!provider) throw new Error(`placement: cannot create provider ${name} (${uuid}): name in use`);
    } else if (provider.name !== name) {
      provider = (await this.call<ResourceProvider>('PUT', `/resource_providers/${uuid}`, { name })).data;
    }
    const wanted = Object.fromEntries(
      Object.entries(inventory).map(([rc, spec]) => [rc, typeof spec === 'number' ? { total: spec } : spec]),
    );
    for (let attempt = 1; ; attempt++) {
      const current = await this.call<{ resource_provider_generation: number; inventories: Record<string, unknown> }>(
        'GET',
        `/resource_providers/${uuid}/inventories`,
      );
      if (sameInventories(current.data.inventories, wanted)) break;
      const put = await this.call<FaultBody>(
        'PUT',
        `/resource_providers/${uuid}/inventories`,
        { resource_provider_generation: current.data.resource_provider_generation, inventories: wanted },
        [200, 409],
      );
      if (put.status === 200) break;
      const code = put.data?.errors?.[0]?.code;
      if (code !== 'placement.concurrent_update' || attempt >= this.retries) {
        throw new Error(`placement: inventory of ${uuid} refused: ${put.data?.errors?.[0]?.detail ?? put.status}`);
      }
    }
    return (await this.getProvider(uuid))!;
  }

  /** GET /allocation_candidates for one unsuffixed group. */
  async allocationCandidates(
    resources: Record<string, number>,
    options: { required?: string[]; forbidden?: string[]; memberOf?: string[]; inTree?: string; limit?: number } = {},
  ): Promise<AllocationCandidates> {
    const query = new URLSearchParams({
      resources: Object.entries(resources)
        .map(([rc, amount]) => `${rc}:${amount}`)
        .join(','),
    });
    const traits = [...(options.required ?? []), ...(options.forbidden ?? []).map((t) => `!${t}`)];
    if (traits.length > 0) query.set('required', traits.join(','));
    if (options.memberOf?.length) query.set('member_of', `in:${options.memberOf.join(',')}`);
    if (options.inTree) query.set('in_tree', options.inTree);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    const { data } = await this.call<{
      allocation_requests: AllocationCandidate[];
      provider_summaries: Record<string, ProviderSummary>;
    }>('GET', `/allocation_candidates?${query}`);
    return { allocationRequests: data.allocation_requests, providerSummaries: data.provider_summaries };
  }

  /**
   * Replaces the consumer's allocations with `allocations` (provider uuid → class → amount). Pass the consumer
   * generation last read, or null for a new consumer. A 409 (no room, or a stale generation) is returned, not
   * thrown.
   */
  async claim(
    consumer: string,
    allocations: Record<string, Record<string, number>>,
    projectId: string,
    userId: string,
    consumerGeneration: number | null,
    consumerType = 'INSTANCE',
  ): Promise<ClaimResult> {
    const response = await this.call<FaultBody>(
      'PUT',
      `/allocations/${consumer}`,
      {
        allocations: Object.fromEntries(Object.entries(allocations).map(([rp, resources]) => [rp, { resources }])),
        project_id: projectId,
        user_id: userId,
        consumer_generation: consumerGeneration,
        consumer_type: consumerType,
      },
      [204, 409],
    );
    if (response.status === 204) return { claimed: true };
    const error = response.data?.errors?.[0];
    return {
      claimed: false,
      status: response.status,
      code: error?.code ?? 'placement.undefined_code',
      detail: error?.detail ?? '',
    };
  }

  /** The consumer's allocations and generation (null when it holds nothing). */
  async getAllocations(consumer: string): Promise<{
    allocations: Record<string, { generation: number; resources: Record<string, number> }>;
    consumerGeneration: number | null;
  }> {
    const { data } = await this.call<{
      allocations: Record<string, { generation: number; resources: Record<string, number> }>;
      consumer_generation?: number;
    }>('GET', `/allocations/${consumer}`);
    return { allocations: data.allocations, consumerGeneration: data.consumer_generation ?? null };
  }

  /** Drops every allocation of the consumer; false when it had none. */
  async release(consumer: string): Promise<boolean> {
    const response = await this.call('DELETE', `/allocations/${consumer}`, undefined, [204, 404]);
    return response.status === 204;
  }

  /** Class → amount allocated on the provider, for every class it has inventory of. */
  async usages(providerUuid: string): Promise<Record<string, number>> {
    const { data } = await this.call<{ usages: Record<string, number> }>(
      'GET',
      `/resource_providers/${providerUuid}/usages`,
    );
    return data.usages;
  }

  /** Class → amount allocated to a project's (or user's) consumers, all consumer types together. */
  async projectUsages(projectId: string, userId?: string): Promise<Record<string, number>> {
    const query = new URLSearchParams({ project_id: projectId, ...(userId ? { user_id: userId } : {}) });
    const { data } = await this.session.request<{ usages: Record<string, number> }>(
      SERVICE,
      'GET',
      `/usages?${query}`,
      // 1.37 is the last version with the flat form (1.38 groups by consumer type).
      { microversion: `${SERVICE} 1.37` },
    );
    return data.usages;
  }
}

const DEFAULTS: Required<Omit<InventorySpec, 'total'>> = {
  reserved: 0,
  min_unit: 1,
  max_unit: 2147483647,
  step_size: 1,
  allocation_ratio: 1,
};

function sameInventories(current: Record<string, unknown>, wanted: Record<string, InventorySpec>): boolean {
  const keys = Object.keys(wanted);
  if (Object.keys(current).length !== keys.length) return false;
  return keys.every((rc) => {
    const have = current[rc] as Record<string, number> | undefined;
    if (!have) return false;
    const want = { ...DEFAULTS, ...wanted[rc] } as Record<string, number>;
    return Object.entries(want).every(([field, value]) => have[field] === value);
  });
}

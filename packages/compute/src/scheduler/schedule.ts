// The scheduler (Nova's FilterScheduler), as a pure function: candidate hosts and a request in, a plan out — the
// hosts that pass every filter, best first. The conductor then commits the plan by claiming in Placement.
import { aggregateInstanceExtraSpecsFilter } from './filters/aggregate-instance-extra-specs-filter.js';
import { availabilityZoneFilter } from './filters/availability-zone-filter.js';
import { computeFilter } from './filters/compute-filter.js';
import type { HostFilter } from './filters/filter.js';
import { imagePropertiesFilter } from './filters/image-properties-filter.js';
import { serverGroupAffinityFilter } from './filters/server-group-affinity-filter.js';
import { serverGroupAntiAffinityFilter } from './filters/server-group-anti-affinity-filter.js';
import type { HostState, SchedulingSpec } from './host-state.js';
import { cpuWeigher } from './weighers/cpu-weigher.js';
import { diskWeigher } from './weighers/disk-weigher.js';
import { ramWeigher } from './weighers/ram-weigher.js';
import { serverGroupSoftAffinityWeigher } from './weighers/server-group-soft-affinity-weigher.js';
import { serverGroupSoftAntiAffinityWeigher } from './weighers/server-group-soft-anti-affinity-weigher.js';
import { DEFAULT_MULTIPLIERS, type HostWeigher, type WeightMultipliers } from './weighers/weigher.js';

/** The filters run, in order (Nova's enabled_filters, plus the zone and aggregate extra-specs filters). */
export const DEFAULT_FILTERS: HostFilter[] = [
  computeFilter,
  availabilityZoneFilter,
  aggregateInstanceExtraSpecsFilter,
  imagePropertiesFilter,
  serverGroupAntiAffinityFilter,
  serverGroupAffinityFilter,
];

/** The weighers applied (Nova's `nova.scheduler.weights.all_weighers` that apply without extra data). */
export const DEFAULT_WEIGHERS: HostWeigher[] = [
  ramWeigher,
  cpuWeigher,
  diskWeigher,
  serverGroupSoftAffinityWeigher,
  serverGroupSoftAntiAffinityWeigher,
];

/** The input: candidate hosts (those Placement found room on) — the scheduler reads nothing else. */
export interface SchedulerSnapshot {
  hosts: HostState[];
}

/** What may replace the defaults (tests; later nubo.yaml's enabled filters and multipliers). */
export interface SchedulerOptions {
  filters?: HostFilter[];
  weighers?: HostWeigher[];
  multipliers?: Partial<WeightMultipliers>;
  /**
   * Nova's host_subset_size: the host tried first is picked at random among this many best (default 1: the best),
   * so concurrent schedulers with the same view do not all race for one host.
   */
  hostSubsetSize?: number;
  /** Random number in [0, 1) for the subset pick (tests pin it). */
  random?: () => number;
}

/** A host that passed, with its total weight. */
export interface WeighedHost {
  host: HostState;
  weight: number;
}

/** The output: hosts to try in order (empty: no valid host), and which filter turned which hosts away. */
export interface SchedulePlan {
  hosts: WeighedHost[];
  rejected: { filter: string; hosts: string[] }[];
}

/** Nova's weights.normalize: maps weights onto 0..1 (all 0 when they are all equal). */
export function normalize(weights: number[]): number[] {
  if (weights.length === 0) return [];
  const min = Math.min(...weights);
  const max = Math.max(...weights);
  if (min === max) return weights.map(() => 0);
  return weights.map((w) => (w - min) / (max - min));
}

/**
 * Filters and weighs the snapshot's hosts for `spec`.
 *
 * @example
 * const plan = schedule({ hosts }, spec);
 * if (plan.hosts.length === 0) throw new NoValidHost();
 */
export function schedule(
  snapshot: SchedulerSnapshot,
  spec: SchedulingSpec,
  options: SchedulerOptions = {},
): SchedulePlan {
  const rejected: SchedulePlan['rejected'] = [];
  let hosts = snapshot.hosts.filter((h) => !spec.ignoreHosts.includes(h.host));
  const forced = spec.forcedHost !== null || spec.forcedNode !== null;
  if (forced) {
    // Nova's force_hosts/force_nodes: only that host, and the filters are skipped.
    hosts = hosts.filter(
      (h) =>
        (spec.forcedHost === null || h.host === spec.forcedHost) &&
        (spec.forcedNode === null || h.nodename === spec.forcedNode),
    );
  } else {
    hosts = hosts.filter(
      (h) =>
        (spec.requestedHost === null || h.host === spec.requestedHost) &&
        (spec.requestedNode === null || h.nodename === spec.requestedNode),
    );
    for (const filter of options.filters ?? DEFAULT_FILTERS) {
      const passed: HostState[] = [];
      const failed: string[] = [];
      for (const host of hosts) {
        if (filter.hostPasses(host, spec)) passed.push(host);
        else failed.push(host.host);
      }
      if (failed.length > 0) rejected.push({ filter: filter.name, hosts: failed });
      hosts = passed;
      if (hosts.length === 0) break;
    }
  }
  const multipliers = { ...DEFAULT_MULTIPLIERS, ...options.multipliers };
  const totals = hosts.map(() => 0);
  for (const weigher of options.weighers ?? DEFAULT_WEIGHERS) {
    const multiplier = weigher.multiplier(multipliers);
    if (multiplier === 0) continue;
    normalize(hosts.map((h) => weigher.weigh(h, spec))).forEach((w, i) => {
      totals[i]! += multiplier * w;
    });
  }
  const weighed = hosts.map((host, i) => ({ host, weight: totals[i]!, order: i }));
  weighed.sort((a, b) => b.weight - a.weight || a.order - b.order);
  const subset = Math.min(weighed.length, Math.max(1, options.hostSubsetSize ?? 1));
  if (subset > 1) {
    // Nova's _get_sorted_hosts: the chosen one goes first, the others keep their order after it.
    const [chosen] = weighed.splice(Math.floor((options.random ?? Math.random)() * subset), 1);
    weighed.unshift(chosen!);
  }
  return { hosts: weighed.map(({ host, weight }) => ({ host, weight })), rejected };
}

// A read-only picture of every provider, and the per-provider predicates that searching it needs.

/** One inventory with what is allocated of it. */
export interface InventorySummary {
  total: number;
  reserved: number;
  minUnit: number;
  maxUnit: number;
  stepSize: number;
  allocationRatio: number;
  used: number;
}

/** One provider with everything the search reads of it. */
export interface ProviderNode {
  uuid: string;
  name: string;
  generation: number;
  parentUuid: string | null;
  rootUuid: string;
  inventories: Map<string, InventorySummary>;
  traits: Set<string>;
  aggregates: Set<string>;
}

/** Every provider, keyed by uuid, in creation order. */
export interface ProviderSnapshot {
  providers: Map<string, ProviderNode>;
}

/** The standard trait marking a provider whose inventory is shared through its aggregates. */
export const SHARING_TRAIT = 'MISC_SHARES_VIA_AGGREGATE';

/** (total − reserved) × allocation_ratio, the amount a provider may hand out of one class. */
export function capacityOf(inventory: InventorySummary): number {
  return (inventory.total - inventory.reserved) * inventory.allocationRatio;
}

/**
 * Whether `amount` more fits in the inventory: within capacity and within min_unit, max_unit and step_size (the
 * checks Placement applies to GET /resource_providers?resources= and to allocation candidates).
 */
export function canSatisfy(inventory: InventorySummary | undefined, amount: number): boolean {
  if (!inventory) return false;
  return (
    inventory.used + amount <= capacityOf(inventory) &&
    amount >= inventory.minUnit &&
    amount <= inventory.maxUnit &&
    amount % inventory.stepSize === 0
  );
}

/** Every set of `any` must meet `have` (the sets are OR'd inside, AND'd together). */
export function satisfiesAll(have: Set<string>, any: Set<string>[]): boolean {
  return any.every((set) => [...set].some((item) => have.has(item)));
}

/** Whether the two sets share an item. */
export function intersects(have: Set<string>, other: Set<string>): boolean {
  for (const item of other) if (have.has(item)) return true;
  return false;
}

/** Whether any provider has a parent: nested trees switch allocation candidates to their slower path. */
export function hasProviderTrees(snapshot: ProviderSnapshot): boolean {
  for (const p of snapshot.providers.values()) if (p.parentUuid !== null) return true;
  return false;
}

/**
 * The roots of every tree that a sharing provider shares with: the roots of all providers in any of its
 * aggregates, itself included (Placement's anchors_for_sharing_providers).
 */
export function sharingAnchors(snapshot: ProviderSnapshot, sharing: ProviderNode): Set<string> {
  const anchors = new Set<string>();
  if (sharing.aggregates.size === 0) return anchors;
  for (const p of snapshot.providers.values()) {
    if (intersects(p.aggregates, sharing.aggregates)) anchors.add(p.rootUuid);
  }
  return anchors;
}

/** The provider and all its ancestors. */
export function ancestorsOf(snapshot: ProviderSnapshot, uuid: string): Set<string> {
  const out = new Set<string>();
  let current: string | null = uuid;
  while (current !== null && !out.has(current)) {
    out.add(current);
    current = snapshot.providers.get(current)?.parentUuid ?? null;
  }
  return out;
}

// The Placement tables as Kysely sees them (timestamps are ISO text; standard classes and traits are not stored).
import type { Kysely, Transaction } from 'kysely';

/** A resource provider; `root_provider_uuid` is its own uuid for a root, the tree's root otherwise. */
export interface ResourceProviderRow {
  uuid: string;
  name: string;
  generation: number;
  parent_provider_uuid: string | null;
  root_provider_uuid: string;
  created_at: string;
  updated_at: string;
}

/** How much of one class a provider has, and the unit rules for allocating it. */
export interface InventoryRow {
  resource_provider_uuid: string;
  resource_class: string;
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
  created_at: string;
  updated_at: string;
}

/** A custom resource class (the standard ones come from os-resource-classes). */
export interface ResourceClassRow {
  name: string;
  created_at: string;
  updated_at: string;
}

/** A custom trait (the standard ones come from os-traits). */
export interface TraitRow {
  name: string;
  created_at: string;
}

/** A trait of a provider. */
export interface ProviderTraitRow {
  resource_provider_uuid: string;
  trait: string;
}

/** An aggregate a provider is associated with. */
export interface ProviderAggregateRow {
  resource_provider_uuid: string;
  aggregate_uuid: string;
}

/** Whoever holds allocations (an instance, a migration, …); `consumer_type` is null before microversion 1.38. */
export interface ConsumerRow {
  uuid: string;
  project_id: string;
  user_id: string;
  consumer_type: string | null;
  generation: number;
  created_at: string;
  updated_at: string;
}

/** An amount of one class that a consumer holds on a provider. */
export interface AllocationRow {
  consumer_uuid: string;
  resource_provider_uuid: string;
  resource_class: string;
  used: number;
  created_at: string;
}

/** Every Placement table, as Kysely types them. */
export interface PlacementTables {
  placement_resource_providers: ResourceProviderRow;
  placement_inventories: InventoryRow;
  placement_resource_classes: ResourceClassRow;
  placement_traits: TraitRow;
  placement_provider_traits: ProviderTraitRow;
  placement_provider_aggregates: ProviderAggregateRow;
  placement_consumers: ConsumerRow;
  placement_allocations: AllocationRow;
}

/** The database, typed with the Placement tables. */
export type PlacementDb = Kysely<PlacementTables>;

/** The database or an open transaction: query functions take either. */
export type PlacementQueryable = PlacementDb | Transaction<PlacementTables>;

// Inventories as Placement shows them: one record, or every record keyed by class with the provider generation.
import type { InventoryRow } from '../../db/tables.js';

/** The six numbers of an inventory record. */
export function inventoryFields(row: InventoryRow): Record<string, number> {
  return {
    total: row.total,
    reserved: row.reserved,
    min_unit: row.min_unit,
    max_unit: row.max_unit,
    step_size: row.step_size,
    allocation_ratio: Number(row.allocation_ratio),
  };
}

/** One inventory; Placement adds the generation only when it is truthy (handlers/inventory.py). */
export function inventoryView(row: InventoryRow, generation: number): Record<string, unknown> {
  return { ...inventoryFields(row), ...(generation ? { resource_provider_generation: generation } : {}) };
}

/** GET and PUT /resource_providers/{uuid}/inventories. */
export function inventoriesView(generation: number, rows: InventoryRow[]): Record<string, unknown> {
  return {
    resource_provider_generation: generation,
    inventories: Object.fromEntries(rows.map((r) => [r.resource_class, inventoryFields(r)])),
  };
}

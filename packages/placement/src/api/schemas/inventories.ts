// Request bodies of /resource_providers/{uuid}/inventories (placement/schemas/inventory.py).
import { Type } from 'typebox';
import { RC_PATTERN } from './common.js';

const MAX_INT = 2147483647;
/** SQL single-precision float maximum, Placement's cap on allocation_ratio. */
const SQL_SP_FLOAT_MAX = 3.40282e38;

const count = (minimum: number) => Type.Integer({ minimum, maximum: MAX_INT });
const fields = {
  total: count(1),
  reserved: Type.Optional(count(0)),
  min_unit: Type.Optional(count(1)),
  max_unit: Type.Optional(count(1)),
  step_size: Type.Optional(count(1)),
  allocation_ratio: Type.Optional(Type.Number({ maximum: SQL_SP_FLOAT_MAX })),
};
const generation = Type.Integer();
const closed = { additionalProperties: false } as const;

/** PUT /resource_providers/{uuid}/inventories/{resource_class}. */
export const inventoryBody = Type.Object({ resource_provider_generation: generation, ...fields }, closed);

/** POST /resource_providers/{uuid}/inventories. */
export const createInventoryBody = Type.Object(
  {
    resource_class: Type.String({ pattern: RC_PATTERN }),
    resource_provider_generation: Type.Optional(generation),
    ...fields,
  },
  closed,
);

/** PUT /resource_providers/{uuid}/inventories: every inventory, keyed by resource class. */
export const inventoriesBody = Type.Object(
  {
    resource_provider_generation: generation,
    // Keys that are no class name are not validated here; they fail later as unknown classes (as upstream).
    inventories: Type.Record(
      Type.String({ pattern: RC_PATTERN }),
      Type.Object({ resource_provider_generation: Type.Optional(generation), ...fields }, closed),
    ),
  },
  closed,
);

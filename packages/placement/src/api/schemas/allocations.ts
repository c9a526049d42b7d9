// Request bodies of /allocations (placement/schemas/allocation.py), one per microversion where they change.
import { Type } from 'typebox';
import { CONSUMER_TYPE_PATTERN, GROUP_SUFFIX_1_33, RC_PATTERN, UUID_PATTERN, uuidString } from './common.js';

const closed = { additionalProperties: false } as const;
const amounts = Type.Record(Type.String({ pattern: RC_PATTERN }), Type.Integer({ minimum: 1 }), {
  minProperties: 1,
  additionalProperties: false,
});
const id = Type.String({ minLength: 1, maxLength: 255 });

/** Before 1.12 allocations are a list of {resource_provider: {uuid}, resources}. */
const allocationList = Type.Array(
  Type.Object({ resource_provider: Type.Object({ uuid: uuidString }, closed), resources: amounts }, closed),
  { minItems: 1 },
);
/** From 1.12 they are an object keyed by provider uuid, as GET shows them; `generation` is accepted and ignored. */
const allocationObject = (minProperties: number) =>
  Type.Record(
    Type.String({ pattern: UUID_PATTERN }),
    Type.Object({ generation: Type.Optional(Type.Integer()), resources: amounts }, closed),
    { minProperties, additionalProperties: false },
  );
const consumerGeneration = Type.Union([Type.Integer(), Type.Null()]);
/** 1.34: the mappings of an allocation candidate may be sent back; they are ignored. */
const mappings = Type.Object(
  {},
  { minProperties: 1, patternProperties: { [GROUP_SUFFIX_1_33]: Type.Array(uuidString, { minItems: 1 }) } },
);
const consumerType = Type.String({ pattern: CONSUMER_TYPE_PATTERN, minLength: 1, maxLength: 255 });

const v1_12 = { allocations: allocationObject(1), project_id: id, user_id: id };
// From 1.28 an empty allocations object clears the consumer (with its generation, the safe way to delete).
const v1_28 = {
  allocations: allocationObject(0),
  project_id: id,
  user_id: id,
  consumer_generation: consumerGeneration,
};
const v1_34 = { ...v1_28, mappings: Type.Optional(mappings) };
const v1_38 = { ...v1_34, consumer_type: consumerType };

/** PUT /allocations/{consumer_uuid}, by microversion. */
export const consumerAllocationsBody = {
  '1.0': Type.Object({ allocations: allocationList }, closed),
  '1.8': Type.Object({ allocations: allocationList, project_id: id, user_id: id }, closed),
  '1.12': Type.Object(v1_12, closed),
  '1.28': Type.Object(v1_28, closed),
  '1.34': Type.Object(v1_34, closed),
  '1.38': Type.Object(v1_38, closed),
};

const byConsumer = (entry: ReturnType<typeof Type.Object>) =>
  Type.Record(Type.String({ pattern: UUID_PATTERN }), entry, { minProperties: 1, additionalProperties: false });

/** POST /allocations (1.13): allocations of several consumers, keyed by consumer uuid, by microversion. */
export const manyAllocationsBody = {
  '1.13': byConsumer(Type.Object({ ...v1_12, allocations: allocationObject(0) }, closed)),
  '1.28': byConsumer(Type.Object(v1_28, closed)),
  '1.34': byConsumer(Type.Object(v1_34, closed)),
  '1.38': byConsumer(Type.Object(v1_38, closed)),
};

// What every agent operation works with: the host's driver and neighbours, and the few instance helpers they all
// use (the driver's view of an instance, compare-and-set saves, fault records).
import type { ComputeContext } from '../context.js';
import { updateInstance } from '../db/instances.js';
import { listMetadata } from '../db/metadata.js';
import type { InstanceRow } from '../db/tables.js';
import type { ComputeDriver, DriverFlavor, DriverInstance } from '../drivers/driver.js';
import type { Flavor } from '../flavors.js';
import type { PlacementApi } from '../placement.js';
import type { RequestSpec } from '../servers.js';
import type { ImageDataApi } from './image-data.js';

/** One host's agent as its operations see it. */
export interface AgentContext {
  ctx: ComputeContext;
  host: string;
  /** The host's compute node (hypervisor_hostname) and its uuid (= its resource provider). */
  nodename: string;
  nodeUuid: string;
  driver: ComputeDriver;
  placement: PlacementApi;
  imageData: ImageDataApi;
  /** Nova's shelved_offload_time: 0 offloads at once after a shelve, −1 never. */
  shelvedOffloadTimeSec: number;
}

/** A resize or cold migration in flight, kept in the instance's request spec under `migration` until confirm/revert. */
export interface MigrationRecord {
  /** The Placement consumer holding the source's (old flavor's) allocation, as Nova's migration uuid. */
  uuid: string;
  /** The task that started it (a retried conductor step recognises its own work). */
  taskId: string;
  kind: 'resize' | 'migration';
  sourceHost: string;
  sourceNode: string;
  sourceZone: string | null;
  destHost: string;
  destNode: string;
  destZone: string;
  newFlavor: Flavor;
  /** vm_state before the resize: a stopped server comes back stopped. */
  oldVmState: 'active' | 'stopped';
}

/** The request spec JSON of an instance. */
export function requestSpecOf(row: InstanceRow): RequestSpec {
  return JSON.parse(row.request_spec || '{}') as RequestSpec;
}

/** The migration in flight, if any. */
export function migrationOf(row: InstanceRow): MigrationRecord | undefined {
  return (requestSpecOf(row).migration as MigrationRecord | undefined) ?? undefined;
}

/** A request spec JSON with the migration record set (or removed when undefined). */
export function withMigration(row: InstanceRow, migration: MigrationRecord | undefined): string {
  const { migration: _old, ...spec } = requestSpecOf(row);
  return JSON.stringify(migration ? { ...spec, migration } : spec);
}

/** The flavor JSON of an instance. */
export function flavorOf(row: InstanceRow): Flavor {
  return JSON.parse(row.flavor) as Flavor;
}

/** A flavor in the driver's units. */
export function driverFlavorOf(flavor: Flavor): DriverFlavor {
  return {
    id: flavor.id,
    name: flavor.name,
    vcpus: flavor.vcpus,
    memoryMb: flavor.ram,
    rootGb: flavor.disk,
    ephemeralGb: flavor.ephemeral,
    swapMb: flavor.swap,
    extraSpecs: flavor.extra_specs ?? {},
  };
}

/** The driver's view of an instance (its metadata read now); `flavor` overrides the row's (resize). */
export async function driverInstanceOf(
  a: { ctx: Pick<ComputeContext, 'db'> },
  row: InstanceRow,
  flavor: Flavor = flavorOf(row),
): Promise<DriverInstance> {
  const spec = requestSpecOf(row);
  const metadata = (await listMetadata(a.ctx.db, [row.id])).get(row.id) ?? {};
  const image =
    row.image_id === null
      ? null
      : spec.image && spec.image.id === row.image_id
        ? { id: row.image_id, name: spec.image.name, properties: spec.image.properties ?? {} }
        : { id: row.image_id, name: null, properties: {} };
  return {
    uuid: row.id,
    name: row.name,
    hostname: row.hostname,
    projectId: row.project_id,
    userId: row.user_id,
    flavor: driverFlavorOf(flavor),
    image,
    metadata,
    userData: row.user_data,
    keyData: row.key_data,
    vifs: spec.network_info ?? [],
  };
}

/** Updates a live instance (updated_at set) if it still matches `expect`; returns whether it did. */
export function saveInstance(
  a: { ctx: Pick<ComputeContext, 'db'> },
  id: string,
  changes: Partial<Omit<InstanceRow, 'id'>>,
  expect: { vmStates?: InstanceRow['vm_state'][]; taskStates?: (string | null)[] } = {},
): Promise<boolean> {
  return updateInstance(a.ctx.db, id, { ...changes, updated_at: new Date().toISOString() }, expect);
}

/** Nova's instance fault record (shown as the server's `fault`): code, message, details, created. */
export function faultJson(message: string, code = 500, details = ''): string {
  return JSON.stringify({ code, message, details, created: new Date().toISOString() });
}

/** The message of whatever was thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

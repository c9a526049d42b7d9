// The Compute tables as Kysely sees them (booleans are 0/1 integers, JSON and timestamps are ISO text).
// The API writes instances and tasks; the conductor and the agents take tasks and move instances through states.
import type { Kysely } from 'kysely';

export interface FlavorRow {
  /** Nova's flavorid: a string the user may choose (e.g. "1", "m1.small" or a UUID). */
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  rxtx_factor: number;
  is_public: number;
  description: string | null;
  disabled: number;
  created_at: string;
}

export interface FlavorExtraSpecRow {
  flavor_id: string;
  key: string;
  value: string;
}

export interface FlavorAccessRow {
  flavor_id: string;
  project_id: string;
}

export interface KeypairRow {
  /** Nova's integer id (migration 0002); assigned as max + 1. */
  id: number;
  user_id: string;
  name: string;
  /** `ssh` or `x509`. */
  type: string;
  public_key: string;
  fingerprint: string;
  created_at: string;
}

/** Nova's vm_state values, as the API shows them (status is derived from vm_state + task_state). */
export type VmState =
  | 'building'
  | 'active'
  | 'stopped'
  | 'paused'
  | 'suspended'
  | 'rescued'
  | 'resized'
  | 'shelved'
  | 'shelved_offloaded'
  | 'error'
  | 'deleted'
  | 'soft-delete';

export interface InstanceRow {
  /** A dashed UUID: the server id. */
  id: string;
  name: string;
  project_id: string;
  user_id: string;
  /** The flavor as it was at create/resize time (Nova keeps a copy), JSON of FlavorRow + extra_specs. */
  flavor: string;
  /** During a resize until confirm/revert: the flavor to go back to. JSON or null. */
  old_flavor: string | null;
  image_id: string | null;
  key_name: string | null;
  key_data: string | null;
  vm_state: VmState;
  task_state: string | null;
  /** Nova's power_state integers: 0 NOSTATE, 1 RUNNING, 3 PAUSED, 4 SHUTDOWN, 6 CRASHED, 7 SUSPENDED. */
  power_state: number;
  /** The compute host (service host name) once scheduled. */
  host: string | null;
  node: string | null;
  /** The availability zone asked for at create (null: any), and the one it landed in (from the host's aggregates). */
  requested_az: string | null;
  availability_zone: string | null;
  user_data: string | null;
  config_drive: string;
  access_ip_v4: string | null;
  access_ip_v6: string | null;
  description: string | null;
  hostname: string;
  locked: number;
  locked_reason: string | null;
  locked_by: string | null;
  reservation_id: string;
  launch_index: number;
  progress: number;
  /** JSON {code, message, details, created} of the last fault, or null. */
  fault: string | null;
  /** Opaque versioned JSON the driver returned from spawn, for recover() after a restart. */
  driver_state: string | null;
  /** JSON of extra create parameters the engine needs (networks, security_groups, block devices, scheduler hints…). */
  request_spec: string;
  launched_at: string | null;
  terminated_at: string | null;
  created_at: string;
  updated_at: string;
  /** Soft-deleted rows keep `deleted = 1` so admins can list deleted servers, as Nova does. */
  deleted: number;
  deleted_at: string | null;
}

export interface InstanceMetadataRow {
  instance_id: string;
  key: string;
  value: string;
}

export interface InstanceTagRow {
  instance_id: string;
  tag: string;
}

/**
 * A unit of work on an instance: the database is the truth, the bus only wakes workers. The API inserts a task
 * and publishes `compute.task`; `build` tasks go to the conductor, the rest to the agent of the instance's host.
 * A worker claims a task by moving it from `pending` to `running` with a compare-and-set, and finishes it as
 * `done` or `error`. On start a worker takes back its `running` tasks (it crashed mid-way) and reconciles.
 */
export interface TaskRow {
  id: string;
  instance_id: string;
  /** `build`, `delete`, or an action: start, stop, reboot, pause, unpause, suspend, resume, rescue, unrescue, resize, confirm_resize, revert_resize, rebuild, shelve, shelve_offload, unshelve, create_image, … */
  kind: string;
  /** JSON parameters of the action (e.g. {type: 'HARD'} for reboot, {flavor_id} for resize, {image_id, name} for create_image). */
  params: string;
  state: 'pending' | 'running' | 'done' | 'error';
  /** Host whose agent must run it; null for conductor work (build/schedule). */
  host: string | null;
  attempts: number;
  request_id: string | null;
  message: string | null;
  created_at: string;
  updated_at: string;
}

/** os-instance-actions: what was asked of a server, by whom, and how it ended. */
export interface InstanceActionRow {
  id: string;
  instance_id: string;
  action: string;
  request_id: string;
  user_id: string;
  project_id: string;
  start_time: string;
  finish_time: string | null;
  message: string | null;
}

export interface ServerGroupRow {
  id: string;
  name: string;
  /** affinity, anti-affinity, soft-affinity, soft-anti-affinity. */
  policy: string;
  /** JSON, e.g. {"max_server_per_host": 2}. */
  rules: string;
  project_id: string;
  user_id: string;
  created_at: string;
}

export interface ServerGroupMemberRow {
  group_id: string;
  instance_id: string;
}

export interface AggregateRow {
  id: number;
  uuid: string;
  name: string;
  availability_zone: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface AggregateHostRow {
  aggregate_id: number;
  host: string;
}

export interface AggregateMetadataRow {
  aggregate_id: number;
  key: string;
  value: string;
}

/** os-services: one nova-compute (agent) per host, plus the scheduler and conductor. */
export interface ServiceRow {
  id: number;
  uuid: string;
  host: string;
  binary: string;
  topic: string;
  disabled: number;
  disabled_reason: string | null;
  forced_down: number;
  last_seen_up: string | null;
  created_at: string;
  updated_at: string | null;
}

/** A compute node (hypervisor): what a host offers; mirrored as a resource provider in Placement. */
export interface ComputeNodeRow {
  id: number;
  uuid: string;
  host: string;
  hypervisor_hostname: string;
  hypervisor_type: string;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  cpu_allocation_ratio: number;
  ram_allocation_ratio: number;
  disk_allocation_ratio: number;
  /** JSON list of traits the driver reports (COMPUTE_* …). */
  traits: string;
  created_at: string;
  updated_at: string | null;
}

/** Quota limits set per project (absent: the configured default). */
export interface QuotaRow {
  project_id: string;
  resource: string;
  hard_limit: number;
}

export interface ComputeTables {
  compute_flavors: FlavorRow;
  compute_flavor_extra_specs: FlavorExtraSpecRow;
  compute_flavor_access: FlavorAccessRow;
  compute_keypairs: KeypairRow;
  compute_instances: InstanceRow;
  compute_instance_metadata: InstanceMetadataRow;
  compute_instance_tags: InstanceTagRow;
  compute_tasks: TaskRow;
  compute_instance_actions: InstanceActionRow;
  compute_server_groups: ServerGroupRow;
  compute_server_group_members: ServerGroupMemberRow;
  compute_aggregates: AggregateRow;
  compute_aggregate_hosts: AggregateHostRow;
  compute_aggregate_metadata: AggregateMetadataRow;
  compute_services: ServiceRow;
  compute_nodes: ComputeNodeRow;
  compute_quotas: QuotaRow;
}

export type ComputeDb = Kysely<ComputeTables>;

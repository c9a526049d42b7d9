// Where queue state survives a restart: for each pipeline, its queues (name, window) and items in order. The
// scheduler writes a pipeline's snapshot whenever its queues change and reloads every snapshot when it starts.
import type { GateChange } from '../scheduler/gate-change.js';

export interface ItemSnapshot {
  readonly change: GateChange;
  readonly live: boolean;
  readonly enqueueTime: number;
  readonly buildsetUuid: string;
}

export interface QueueSnapshot {
  readonly name: string;
  readonly window: number;
  readonly items: readonly ItemSnapshot[];
}

export interface PipelineSnapshot {
  readonly queues: readonly QueueSnapshot[];
}

export interface QueueStore {
  save(tenant: string, pipeline: string, snapshot: PipelineSnapshot): Promise<void>;
  load(tenant: string): Promise<Map<string, PipelineSnapshot>>;
}

/** A store in memory (tests, the benchmark): survives a scheduler object, not a process. */
export class MemoryQueueStore implements QueueStore {
  readonly data = new Map<string, Map<string, PipelineSnapshot>>();

  async save(tenant: string, pipeline: string, snapshot: PipelineSnapshot): Promise<void> {
    const t = this.data.get(tenant) ?? new Map<string, PipelineSnapshot>();
    this.data.set(tenant, t);
    t.set(pipeline, structuredClone(snapshot));
  }

  async load(tenant: string): Promise<Map<string, PipelineSnapshot>> {
    return new Map(this.data.get(tenant) ?? []);
  }
}

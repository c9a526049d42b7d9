// A BuildsRecorder in memory: for scheduler tests and the benchmark (the real one is db/builds-recorder.ts).
import type { BuildsRecorder } from './builds-recorder.js';

export class MemoryBuildsRecorder implements BuildsRecorder {
  readonly buildsets = new Map<string, { result: string | null }>();
  readonly builds = new Map<string, { result: string | null; retried: boolean }>();
  readonly events: { uuid: string; type: string }[] = [];

  async buildsetCreated(b: { uuid: string }) {
    if (!this.buildsets.has(b.uuid)) this.buildsets.set(b.uuid, { result: null });
  }
  async buildsetFinished(uuid: string, result: string) {
    this.buildsets.set(uuid, { result });
  }
  async buildStarted(b: { uuid: string }) {
    this.builds.set(b.uuid, { result: null, retried: false });
  }
  async buildFinished(uuid: string, o: { result: string; retried: boolean }) {
    this.builds.set(uuid, { result: o.result, retried: o.retried });
  }
  async buildsetEvent(uuid: string, type: string) {
    this.events.push({ uuid, type });
  }
}

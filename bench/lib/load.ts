// A small closed-loop HTTP load generator: N workers on keep-alive connections for a fixed time.
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

export interface LoadRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

function once(agent: Agent, req: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(req.url, { method: req.method, headers: req.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('error', reject);
    if (req.body) r.write(req.body);
    r.end();
  });
}

/** Runs `concurrency` loops of `make()` requests for `seconds`; latencies in ms. */
export async function runLoad(make: () => LoadRequest, concurrency: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await once(agent, make());
        // Only what completes inside the window counts, so queued stragglers do not inflate the elapsed time.
        if (performance.now() > end) break;
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (end - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), statuses };
}

/** Runs `fn` with `concurrency` loops for `seconds`; operations per second. */
export async function runOps(fn: () => Promise<unknown>, concurrency: number, seconds: number): Promise<number> {
  let count = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        if (performance.now() <= end) count++;
      }
    }),
  );
  return count / ((end - started) / 1000);
}

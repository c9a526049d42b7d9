// The live console of a build as server-sent events (Zuul streams it over a websocket; nubo uses SSE, which the
// browser's EventSource reconnects by itself): GET /zuul/api/tenant/{t}/console-stream/{uuid}.
// It follows <logRoot>/<uuid>/job-output.txt, which the executor appends to, so it needs nothing from the executor
// but the file. Each line is one `data:` event whose `id` is the byte offset after it (a reconnecting EventSource
// sends it back as Last-Event-ID and resumes there); when the build is over an `end` event carries its result.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import { findBuild } from '../db/builds.js';
import type { GateControl } from '../scheduler/gate-control.js';
import type { GateApiDeps } from './deps.js';
import { resolveLogPath } from './log-files.js';
import { requireTenant } from './tenant-guard.js';

const KEEPALIVE_MS = 15_000;
const CHUNK = 64 * 1024;

/** The build's job in the live status while it runs (no result yet). */
function runningInStatus(control: GateControl, tenant: string, uuid: string): boolean {
  const status = control.status(tenant);
  if (!status) return false;
  for (const p of status.pipelines)
    for (const q of p.change_queues)
      for (const item of q.heads.flat()) for (const job of item.jobs) if (job.uuid === uuid) return job.result === null;
  return false;
}

export function consoleStreamRoutes(scope: FastifyInstance, deps: GateApiDeps): void {
  const pollMs = deps.consolePollMs ?? 250;
  // A stream of a running build never ends by itself: closing the server must end it, or close would wait for it.
  let shuttingDown = false;
  scope.addHook('preClose', async () => {
    shuttingDown = true;
  });
  scope.get<{ Params: { tenant: string; uuid: string } }>(
    '/api/tenant/:tenant/console-stream/:uuid',
    { config: { public: true } },
    async (request, reply) => {
      const { tenant, uuid } = request.params;
      requireTenant(deps.control, tenant);
      const state = async (): Promise<{ running: boolean; result: string | null }> => {
        if (runningInStatus(deps.control, tenant, uuid)) return { running: true, result: null };
        const row = await findBuild(deps.db, tenant, uuid);
        return { running: row !== undefined && row.build.result === null, result: row?.build.result ?? null };
      };
      const known =
        runningInStatus(deps.control, tenant, uuid) || (await findBuild(deps.db, tenant, uuid)) !== undefined;
      if (!known) throw new NotFound('Build not found');
      const file = join(deps.logRoot, uuid, 'job-output.txt');
      const lastId = Number(request.headers['last-event-id']);
      let offset = Number.isInteger(lastId) && lastId > 0 ? lastId : 0;
      let partial = '';
      // A read may end inside a multi-byte character; the decoder keeps its first bytes for the next read.
      const decoder = new StringDecoder('utf8');
      // Bytes of complete lines sent so far: where a reconnecting client resumes.
      let consumed = offset;
      let lastWrite = Date.now();
      let closed = false;
      reply.hijack();
      const res = reply.raw;
      // The response's close (not the request's, which fires once its body is read) says the client went away.
      res.on('close', () => {
        closed = true;
      });
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      const drain = async (): Promise<void> => {
        let handle: Awaited<ReturnType<typeof open>>;
        try {
          // Follows the file only inside the build's log directory, like the log routes.
          await resolveLogPath(deps.logRoot, uuid, 'job-output.txt');
          handle = await open(file, 'r');
        } catch {
          return; // Not written yet.
        }
        try {
          const buffer = Buffer.alloc(CHUNK);
          for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, CHUNK, offset);
            if (bytesRead === 0) break;
            offset += bytesRead;
            const text = partial + decoder.write(buffer.subarray(0, bytesRead));
            const lines = text.split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) {
              consumed += Buffer.byteLength(line) + 1;
              res.write(`id: ${consumed}\ndata: ${line.replace(/\r$/, '')}\n\n`);
            }
            lastWrite = Date.now();
          }
        } finally {
          await handle.close();
        }
      };
      try {
        for (;;) {
          if (closed || shuttingDown) return;
          const now = await state();
          await drain();
          if (!now.running) {
            if (partial !== '') res.write(`id: ${offset}\ndata: ${partial}\n\n`);
            res.write(`event: end\ndata: ${now.result ?? 'UNKNOWN'}\n\n`);
            break;
          }
          if (Date.now() - lastWrite > KEEPALIVE_MS) {
            res.write(': keepalive\n\n');
            lastWrite = Date.now();
          }
          await new Promise((resolve) => setTimeout(resolve, pollMs));
        }
      } catch (err) {
        request.log.error({ err }, 'console stream failed');
      } finally {
        res.end();
      }
    },
  );
}

// GET /events: the event stream as server-sent events (one JSON event per message, as Gerrit's stream-events).
import type { FastifyInstance } from 'fastify';
import { enforce } from '../caller.js';
import type { ReviewContext } from '../context.js';
import type { StreamedEvent } from '../events/event-stream.js';
import { signedIn } from './common.js';

/** A comment line this often keeps proxies and clients from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/** Registers GET /events. */
export function eventRoutes(scope: FastifyInstance, ctx: ReviewContext): void {
  scope.get('/events', { config: { public: true } }, async (request, reply) => {
    const caller = signedIn(request);
    enforce(ctx, caller, 'review:stream_events', {}, 'stream events');
    const lastId = Number(request.headers['last-event-id']);
    // The stream outlives the handler: nubo writes it itself.
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-openstack-request-id': request.id,
    });
    raw.write(': nubo review events\n\n');
    const send = ({ id, event }: StreamedEvent) => raw.write(`id: ${id}\ndata: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = ctx.events.subscribe(send, Number.isInteger(lastId) ? lastId : undefined, () => raw.end());
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
    raw.once('close', () => {
      clearInterval(keepalive);
      unsubscribe();
    });
  });
}

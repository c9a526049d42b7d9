// Project webhooks (the Gerrit webhooks plugin): each event of a project POSTed as JSON to its remotes.
import { fromDbJson, type Logger } from '@nubo/core';
import type { ReviewDb } from '../db/tables.js';
import { listWebhooks } from '../db/webhooks.js';
import type { ReviewEvent } from './gerrit-events.js';

/** Posts the event to every remote of the project that wants its type; failures are logged and dropped. */
export function webhookDelivery(db: ReviewDb, timeoutMs: number, log: Logger) {
  return async (project: string | undefined, event: ReviewEvent): Promise<void> => {
    if (!project) return;
    const remotes = await listWebhooks(db, project);
    await Promise.all(
      remotes.map(async (remote) => {
        const events = fromDbJson<string[]>(remote.events, []);
        if (events.length > 0 && !events.includes(event.type)) return;
        try {
          const response = await fetch(remote.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=UTF-8' },
            body: JSON.stringify(event),
            signal: AbortSignal.timeout(timeoutMs),
          });
          if (!response.ok) log.warn({ remote: remote.name, status: response.status }, 'webhook refused the event');
        } catch (err) {
          log.warn({ err, remote: remote.name }, 'webhook unreachable');
        }
      }),
    );
  };
}

// The tenant's live state in the shape of Zuul's /api/tenant/{t}/status.
import type { QueueItem } from '../manager/queue-item.js';
import type { StatusItem, StatusJob, TenantStatus } from '../status/tenant-status.js';
import type { TenantScheduler } from './tenant-scheduler.js';

function itemId(item: QueueItem): string {
  return `${item.change.number},${item.change.patchset}`;
}

function jobsOf(scheduler: TenantScheduler, pipeline: string, item: QueueItem, now: number): StatusJob[] {
  return [...item.builds.values()].map((b) => ({
    name: b.job.name,
    uuid: b.uuid,
    result: b.result,
    voting: b.job.voting,
    url: b.uuid && b.result === null ? `stream/${b.uuid}?logfile=console.log` : null,
    report_url: b.uuid && b.result !== null ? scheduler.deps.buildUrl(scheduler.tenant, b.uuid) : null,
    start_time: b.startTime ? b.startTime.getTime() / 1000 : null,
    end_time: b.endTime ? b.endTime.getTime() / 1000 : null,
    estimated_time: null,
    elapsed_time: b.startTime ? (b.endTime ?? new Date(now)).getTime() - b.startTime.getTime() : null,
    remaining_time: null,
    pipeline,
    queued: b.uuid === null,
    tries: b.tries,
    waiting_status: b.waiting,
  }));
}

export function tenantStatus(scheduler: TenantScheduler): TenantStatus {
  const now = Date.now();
  return {
    zuul_version: 'nubo',
    last_reconfigured: scheduler.lastReconfigured,
    pipelines: [...scheduler.managers.values()].map((manager) => {
      const counter = scheduler.counters.get(manager.pipeline.name);
      return {
        name: manager.pipeline.name,
        description: manager.pipeline.description,
        manager: manager.kind,
        trigger_events: counter?.trigger ?? 0,
        result_events: counter?.result ?? 0,
        change_queues: manager.queues.map((queue) => {
          const status = (item: QueueItem): StatusItem => ({
            id: itemId(item),
            project: item.change.project,
            project_canonical: item.change.project,
            branch: item.change.branch,
            change: item.change.number,
            patchset: item.change.patchset,
            ref: item.change.ref,
            url: item.change.url,
            owner: item.change.owner,
            live: item.live,
            active: queue.isActionable(item),
            item_ahead: item.ahead ? itemId(item.ahead) : null,
            items_behind: queue.items.filter((i) => i.ahead === item).map(itemId),
            failing_reasons: item.isFailing() ? [item.failure ?? 'at least one job failed'] : [],
            zuul_ref: `Z${item.buildsetUuid.replace(/-/g, '')}`,
            enqueue_time: item.enqueueTime,
            remaining_time: null,
            jobs: jobsOf(scheduler, manager.pipeline.name, item, now),
          });
          // Heads: each item with nothing ahead starts a chain; the chain follows the items built on it.
          const heads = queue.items
            .filter((i) => i.ahead === null)
            .map((head) => {
              const chain = [head];
              for (let next = queue.items.find((i) => i.ahead === head); next; ) {
                chain.push(next);
                const current: QueueItem = next;
                next = queue.items.find((i) => i.ahead === current);
              }
              return chain.map(status);
            });
          return { name: queue.name, window: queue.window, heads };
        }),
      };
    }),
  };
}

// The gerrit driver's reporters: a review on the change with the pipeline's message, every job's result and log
// link (Zuul's formatItemReport), the votes the pipeline configures (e.g. `Verified: -1`), and `submit: true`.
import type { QueueItem } from '../manager/queue-item.js';
import { formatConfigError } from '../model/config-error.js';
import type { ConfigMap } from '../model/config-value.js';
import type { Pipeline, ReporterAction } from '../model/pipeline.js';
import type { ReviewConnection } from '../scheduler/gate-change.js';

/** The reporter action an item's state calls for. */
export function reportAction(item: QueueItem): ReporterAction {
  if (item.configErrors.length > 0) return 'config-error';
  if (item.merge.kind === 'conflict') return 'merge-conflict';
  if (item.isFailing()) return 'failure';
  if (item.graph !== null && item.graph.jobs.length === 0) return 'no-jobs';
  return 'success';
}

/** The reporters of an action; merge-conflict and config-error fall back to failure's, as in Zuul. */
export function reportersOf(pipeline: Pipeline, action: ReporterAction, connection: string) {
  let list = pipeline.reporters[action] ?? [];
  if (list.length === 0 && (action === 'merge-conflict' || action === 'config-error'))
    list = pipeline.reporters.failure;
  return list.filter((r) => r.connection === connection);
}

/** Whether the action's reporters submit the change (`submit: true`). */
export function submits(pipeline: Pipeline, action: ReporterAction, connection: string): boolean {
  return reportersOf(pipeline, action, connection).some((r) => (r.params as ConfigMap | null)?.submit === true);
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m ${String(sec).padStart(2, '0')}s`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

/** The report text: the action's message, then one line per job (`- name url : RESULT in 1m 02s (non-voting)`). */
export function formatReport(
  pipeline: Pipeline,
  item: QueueItem,
  action: ReporterAction,
  buildUrl: (uuid: string) => string,
): string {
  const m = pipeline.messages;
  const lines: string[] = [];
  switch (action) {
    case 'config-error': {
      lines.push('Zuul encountered a syntax error while parsing its configuration in the change:', '');
      for (const e of item.configErrors) lines.push(`${e.project}@${e.branch}: ${formatConfigError(e)}`);
      break;
    }
    case 'merge-conflict':
      lines.push(m.mergeConflict);
      if (item.merge.kind === 'conflict') lines.push('', item.merge.message);
      break;
    case 'no-jobs':
      lines.push(m.noJobs);
      break;
    case 'failure':
      lines.push(m.failure);
      if (item.failure) lines.push('', item.failure);
      break;
    case 'dequeue':
      lines.push(m.dequeue);
      break;
    case 'start':
      lines.push(m.start);
      break;
    case 'enqueue':
      lines.push(m.enqueue);
      break;
    default:
      lines.push(m.success);
  }
  if (action === 'success' || action === 'failure') {
    lines.push('');
    for (const b of item.builds.values()) {
      if (b.result === 'SKIPPED') {
        lines.push(`- ${b.job.name} : SKIPPED${b.job.voting ? '' : ' (non-voting)'}`);
        continue;
      }
      const url = b.uuid ? buildUrl(b.uuid) : '';
      const took = b.startTime && b.endTime ? ` in ${duration(b.endTime.getTime() - b.startTime.getTime())}` : '';
      const failMsg = b.result !== 'SUCCESS' && b.job.failureMessage ? ` ${b.job.failureMessage}` : '';
      const okMsg = b.result === 'SUCCESS' && b.job.successMessage ? ` ${b.job.successMessage}` : '';
      lines.push(
        `- ${b.job.name} ${url} : ${b.result ?? 'NOT RUN'}${took}${b.job.voting ? '' : ' (non-voting)'}${failMsg}${okMsg}`,
      );
    }
  }
  if (m.footer) lines.push('', m.footer);
  return lines.join('\n').trim();
}

/** Posts the review of an action (message and votes) through every reporter of the connection. */
export async function postReport(
  connection: ReviewConnection,
  connectionName: string,
  pipeline: Pipeline,
  item: QueueItem,
  action: ReporterAction,
  buildUrl: (uuid: string) => string,
): Promise<void> {
  const reporters = reportersOf(pipeline, action, connectionName);
  if (reporters.length === 0) return;
  const labels: Record<string, number> = {};
  let comment = true;
  for (const r of reporters) {
    const params = (r.params ?? {}) as ConfigMap;
    for (const [key, value] of Object.entries(params)) {
      if (key === 'submit') continue;
      if (key === 'comment') comment = value !== false;
      else if (typeof value === 'number') labels[key] = value;
    }
  }
  const message = comment ? formatReport(pipeline, item, action, buildUrl) : '';
  await connection.review(item.change, message, labels);
}

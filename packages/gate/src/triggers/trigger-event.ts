// A review event as the scheduler reads it (Zuul's GerritTriggerEvent): the fields trigger filters look at.
import type { ReviewEvent } from '../scheduler/gate-change.js';

export interface EventApproval {
  readonly type: string;
  readonly value: number;
  readonly oldValue: number | null;
}

export interface TriggerEvent {
  readonly type: string;
  readonly project: string;
  readonly branch: string | null;
  /** The full ref (`refs/heads/x`, `refs/tags/y`) of a ref-updated event, else the change's branch ref. */
  readonly ref: string | null;
  readonly change: number | null;
  readonly patchset: number | null;
  readonly comment: string | null;
  readonly approvals: readonly EventApproval[];
  /** Who caused the event (author, uploader, submitter …). */
  readonly username: string | null;
  readonly email: string | null;
  readonly oldRev: string | null;
  readonly newRev: string | null;
  readonly createdOn: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** Reads Gerrit's stream-events JSON; null for events without a project (nothing to trigger). */
export function triggerEventOf(event: ReviewEvent): TriggerEvent | null {
  const change = obj(event.change);
  const patchSet = obj(event.patchSet);
  const refUpdate = obj(event.refUpdate);
  const project = str(event.project) ?? str(change.project) ?? str(refUpdate.project);
  if (!project) return null;
  const who = obj(
    event.author ?? event.uploader ?? event.submitter ?? event.abandoner ?? event.restorer ?? event.reviewer,
  );
  let branch = str(change.branch);
  let ref = str(event.refName) ?? (branch ? `refs/heads/${branch}` : null);
  if (event.type === 'ref-updated') {
    ref = str(refUpdate.refName);
    branch = ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
  }
  const approvals = Array.isArray(event.approvals)
    ? event.approvals.map((a) => {
        const o = obj(a);
        return {
          type: str(o.type) ?? '',
          value: Number(o.value ?? 0),
          oldValue: o.oldValue !== undefined ? Number(o.oldValue) : null,
        };
      })
    : [];
  return {
    type: event.type,
    project,
    branch,
    ref,
    change: typeof change.number === 'number' ? change.number : null,
    patchset: typeof patchSet.number === 'number' ? patchSet.number : null,
    comment: str(event.comment),
    approvals,
    username: str(who.username),
    email: str(who.email),
    oldRev: str(refUpdate.oldRev),
    newRev: str(refUpdate.newRev),
    createdOn: typeof event.eventCreatedOn === 'number' ? event.eventCreatedOn : Math.floor(Date.now() / 1000),
  };
}

// A change as the scheduler sees it (Zuul's model.Change): what the review service says about one patch set.

/** A review service event: Gerrit's stream-events JSON (`type`, `eventCreatedOn` and the type's attributes). */
export interface ReviewEvent {
  type: string;
  eventCreatedOn: number;
  [attribute: string]: unknown;
}

/** One vote on the change's current patch set. */
export interface GateApproval {
  readonly label: string;
  readonly value: number;
  readonly username: string | null;
}

export type GateChangeStatus = 'NEW' | 'MERGED' | 'ABANDONED';

export interface GateChange {
  readonly project: string;
  readonly branch: string;
  readonly number: number;
  readonly patchset: number;
  /** The patch set's ref, e.g. `refs/changes/34/1234/2`. */
  readonly ref: string;
  readonly revision: string;
  readonly changeKey: string;
  readonly subject: string;
  readonly message: string;
  readonly url: string | null;
  readonly owner: string | null;
  readonly topic: string | null;
  /** The Depends-On footers as written (change URLs or Change-Ids). */
  readonly dependsOn: readonly string[];
  readonly status: GateChangeStatus;
  /** False when the patch set is not (or no longer) the change's current one. */
  readonly isCurrentPatchset: boolean;
  readonly wip: boolean;
  readonly approvals: readonly GateApproval[];
}

/** `"<change>,<patchset>"`, Zuul's name for an item. */
export function changeId(change: Pick<GateChange, 'number' | 'patchset'>): string {
  return `${change.number},${change.patchset}`;
}

/** What the scheduler needs of the review service (Zuul's Gerrit connection, source and reporter sides). */
export interface ReviewConnection {
  /** The change's current state (`patchset` selects one; omitted, the current one); null when it does not exist. */
  getChange(number: number, patchset?: number): Promise<GateChange | null>;
  /** Resolves a Depends-On footer (a change URL or a Change-Id) to the open or merged changes it names. */
  resolveDependency(footer: string, fromProject: string): Promise<GateChange[]>;
  /** Posts a review message with votes on a patch set. */
  review(
    change: Pick<GateChange, 'number' | 'patchset'>,
    message: string,
    labels: Readonly<Record<string, number>>,
  ): Promise<void>;
  /** Submits the change; throws `SubmitError` with the review service's reason when it will not merge. */
  submit(change: Pick<GateChange, 'number' | 'patchset'>): Promise<void>;
  /** The bare repository of a project on local disk (the merger fetches from it). */
  repositoryPath(project: string): string;
}

export class SubmitError extends Error {
  override name = 'SubmitError';
}

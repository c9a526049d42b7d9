// ChangeInfo and what it nests (RevisionInfo, CommitInfo, LabelInfo, ChangeMessageInfo), by Gerrit's list options.
import { BadRequest } from '@nubo/core';
import type { Account } from '../../accounts.js';
import {
  type Change,
  type ChangeMessage,
  currentApprovals,
  currentPatchSet,
  type PatchSet,
} from '../../change-model.js';
import type { Person } from '../../git/git.js';
import type { CommitData } from '../../git/repositories.js';
import { formatValue, LABELS, type LabelDefinition, submitRequirements } from '../../labels.js';
import { accountInfo, gerritTime } from './accounts.js';

/** Every ListChangesOption Gerrit knows; nubo fills in those it has data for and accepts the rest. */
const KNOWN_OPTIONS = new Set([
  'LABELS',
  'DETAILED_LABELS',
  'CURRENT_REVISION',
  'ALL_REVISIONS',
  'CURRENT_COMMIT',
  'ALL_COMMITS',
  'CURRENT_FILES',
  'ALL_FILES',
  'DETAILED_ACCOUNTS',
  'REVIEWER_UPDATES',
  'MESSAGES',
  'CURRENT_ACTIONS',
  'CHANGE_ACTIONS',
  'REVIEWED',
  'SKIP_MERGEABLE',
  'SKIP_DIFFSTAT',
  'SUBMITTABLE',
  'WEB_LINKS',
  'CHECK',
  'COMMIT_FOOTERS',
  'PUSH_CERTIFICATES',
  'TRACKING_IDS',
  'DOWNLOAD_COMMANDS',
  'SUBMIT_REQUIREMENTS',
  'STAR',
  'PARENTS',
  'CUSTOM_KEYED_VALUES',
]);

/**
 * The `o` parameters as a set.
 *
 * @throws BadRequest `"X" is not a valid value for "-o"` (Gerrit's args4j message)
 */
export function parseListOptions(values: string[]): Set<string> {
  for (const value of values)
    if (!KNOWN_OPTIONS.has(value)) throw new BadRequest(`"${value}" is not a valid value for "-o"`);
  return new Set(values);
}

/** A file of a revision, as Gerrit's FileInfo (status absent means modified). */
export interface FileData {
  path: string;
  oldPath?: string;
  status: string;
  linesInserted: number;
  linesDeleted: number;
  binary: boolean;
}

/** What the change views read besides the change. */
export interface ChangeViewContext {
  accounts: Map<number, Account>;
  /** The review endpoint (for fetch URLs). */
  baseUrl: string;
  /** Whether the caller may give this value of this label (DETAILED_LABELS' permitted_labels). */
  permitted: (label: LabelDefinition, value: number) => boolean;
  /** Files by revision, when CURRENT_FILES or ALL_FILES asked for them. */
  files?: Map<string, FileData[]>;
}

function offsetMinutes(iso: string): number {
  const match = /([+-])(\d\d):?(\d\d)$/.exec(iso);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Gerrit's GitPersonInfo. */
export function personInfo(person: Person): Record<string, unknown> {
  return { name: person.name, email: person.email, date: gerritTime(person.date), tz: offsetMinutes(person.date) };
}

/** Gerrit's CommitInfo (the commit id, parents, identities, subject and full message). */
export function commitInfo(commit: CommitData, withId = false): Record<string, unknown> {
  return {
    ...(withId ? { commit: commit.commit } : {}),
    parents: commit.parents.map((p) => ({ commit: p, subject: '' })),
    author: personInfo(commit.author),
    committer: personInfo(commit.committer),
    subject: commit.subject,
    message: commit.message,
  };
}

/** Gerrit's FileInfo map, with the /COMMIT_MSG pseudo file it always lists first. */
export function filesInfo(commit: CommitData, files: FileData[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {
    '/COMMIT_MSG': { status: 'A', lines_inserted: commit.message.split('\n').length, size_delta: 0, size: 0 },
  };
  for (const file of files) {
    out[file.path] = {
      ...(file.status !== 'M' ? { status: file.status } : {}),
      ...(file.oldPath ? { old_path: file.oldPath } : {}),
      ...(file.binary ? { binary: true } : {}),
      ...(file.linesInserted ? { lines_inserted: file.linesInserted } : {}),
      ...(file.linesDeleted ? { lines_deleted: file.linesDeleted } : {}),
    };
  }
  return out;
}

/** Gerrit's RevisionInfo; `fetch` names the ref over anonymous and authenticated HTTP. */
export function revisionInfo(
  change: Change,
  patchSet: PatchSet,
  options: { commit: boolean; files: boolean },
  ctx: ChangeViewContext,
): Record<string, unknown> {
  const files = options.files ? ctx.files?.get(patchSet.revision) : undefined;
  return {
    kind: patchSet.kind,
    _number: patchSet.number,
    created: gerritTime(patchSet.createdAt),
    uploader: accountInfo(ctx.accounts.get(patchSet.uploaderAccountId), patchSet.uploaderAccountId),
    ref: patchSet.ref,
    fetch: {
      'anonymous http': { url: `${ctx.baseUrl}/${change.project}`, ref: patchSet.ref },
      http: { url: `${ctx.baseUrl}/a/${change.project}`, ref: patchSet.ref },
    },
    ...(options.commit ? { commit: commitInfo(patchSet.commit) } : {}),
    ...(files ? { files: filesInfo(patchSet.commit, files) } : {}),
  };
}

/** Gerrit's ChangeMessageInfo. */
export function messageInfo(message: ChangeMessage, ctx: ChangeViewContext): Record<string, unknown> {
  return {
    id: message.id,
    ...(message.authorAccountId !== null
      ? { author: accountInfo(ctx.accounts.get(message.authorAccountId), message.authorAccountId) }
      : {}),
    date: gerritTime(message.createdAt),
    message: message.message,
    ...(message.tag ? { tag: message.tag } : {}),
    ...(message.patchSet !== null ? { _revision_number: message.patchSet } : {}),
  };
}

/** LabelInfo per label: approved/rejected/recommended/disliked, and with `detailed` every vote and the values. */
function labelsInfo(change: Change, detailed: boolean, ctx: ChangeViewContext): Record<string, unknown> {
  const votes = currentApprovals(change);
  const reviewers = [...new Set(votes.map((v) => v.accountId))];
  const out: Record<string, unknown> = {};
  for (const label of LABELS) {
    const mine = votes.filter((v) => v.label === label.name);
    const info: Record<string, unknown> = {};
    const find = (predicate: (value: number) => boolean) => mine.find((v) => predicate(v.value));
    const who = (accountId: number) => accountInfo(ctx.accounts.get(accountId), accountId);
    const rejected = find((v) => v === label.min);
    const approved = find((v) => v === label.max);
    const disliked = find((v) => v < 0 && v > label.min);
    const recommended = find((v) => v > 0 && v < label.max);
    if (rejected) info.rejected = who(rejected.accountId);
    else if (approved) info.approved = who(approved.accountId);
    else if (disliked) info.disliked = who(disliked.accountId);
    else if (recommended) info.recommended = who(recommended.accountId);
    if (rejected) info.blocking = true;
    if (detailed) {
      info.all = reviewers.map((accountId) => {
        const vote = mine.find((v) => v.accountId === accountId);
        return {
          ...who(accountId),
          value: vote?.value ?? 0,
          ...(vote ? { date: gerritTime(vote.grantedAt) } : {}),
          ...(vote?.tag ? { tag: vote.tag } : {}),
          permitted_voting_range: { min: label.min, max: label.max },
        };
      });
      info.values = Object.fromEntries([...label.values].map(([value, text]) => [formatValue(value), text]));
    }
    info.default_value = 0;
    out[label.name] = info;
  }
  return out;
}

function permittedLabels(ctx: ChangeViewContext): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const label of LABELS) {
    const allowed = [...label.values.keys()].filter((v) => v === 0 || ctx.permitted(label, v));
    if (allowed.some((v) => v !== 0)) out[label.name] = allowed.map(formatValue);
  }
  return out;
}

function requirementsInfo(change: Change): Record<string, unknown> {
  const votes = currentApprovals(change).map((a) => ({ label: a.label, accountId: a.accountId, value: a.value }));
  const results = submitRequirements(votes);
  return {
    submit_requirements: results.map((r) => ({
      name: r.name,
      status: r.satisfied ? 'SATISFIED' : 'UNSATISFIED',
      is_legacy: false,
      submittability_expression_result: {
        expression: r.expression,
        fulfilled: r.satisfied,
        status: r.satisfied ? 'PASS' : 'FAIL',
      },
    })),
    submit_records: [
      {
        rule_name: 'gerrit~DefaultSubmitRule',
        status: change.status === 'MERGED' ? 'CLOSED' : results.every((r) => r.satisfied) ? 'OK' : 'NOT_READY',
        labels: results.map((r) => ({ label: r.name, status: r.satisfied ? 'OK' : 'NEED' })),
      },
    ],
  };
}

/** Gerrit's ChangeInfo for these list options. */
export function changeInfo(change: Change, options: Set<string>, ctx: ChangeViewContext): Record<string, unknown> {
  const current = currentPatchSet(change);
  const allRevisions = options.has('ALL_REVISIONS');
  const withRevisions = allRevisions || options.has('CURRENT_REVISION');
  const commitFor = (p: PatchSet) => options.has('ALL_COMMITS') || (options.has('CURRENT_COMMIT') && p === current);
  const filesFor = (p: PatchSet) => options.has('ALL_FILES') || (options.has('CURRENT_FILES') && p === current);
  const revisions = withRevisions ? (allRevisions ? change.patchSets : [current]) : [];
  const project = encodeURIComponent(change.project);
  const votes = currentApprovals(change).map((a) => ({ label: a.label, accountId: a.accountId, value: a.value }));
  const reviewers = [...new Set(currentApprovals(change).map((a) => a.accountId))];
  return {
    id: `${project}~${change.number}`,
    triplet_id: `${project}~${encodeURIComponent(change.branch)}~${change.changeKey}`,
    project: change.project,
    branch: change.branch,
    ...(change.topic ? { topic: change.topic } : {}),
    attention_set: {},
    hashtags: [],
    change_id: change.changeKey,
    subject: change.subject,
    status: change.status,
    created: gerritTime(change.createdAt),
    updated: gerritTime(change.updatedAt),
    ...(change.submittedAt ? { submitted: gerritTime(change.submittedAt) } : {}),
    ...(change.submitterAccountId !== null
      ? { submitter: accountInfo(ctx.accounts.get(change.submitterAccountId), change.submitterAccountId) }
      : {}),
    ...(change.workInProgress ? { work_in_progress: true } : {}),
    insertions: current.insertions,
    deletions: current.deletions,
    total_comment_count: 0,
    unresolved_comment_count: 0,
    has_review_started: !change.workInProgress,
    _number: change.number,
    owner: accountInfo(ctx.accounts.get(change.ownerAccountId), change.ownerAccountId),
    current_revision_number: current.number,
    // nubo's addition (Gerrit has no such field): the Depends-On footers of the current patch set.
    depends_on: change.dependsOn,
    requirements: [],
    ...(options.has('SUBMIT_REQUIREMENTS') ? requirementsInfo(change) : {}),
    ...(options.has('SUBMITTABLE')
      ? {
          submittable:
            change.status === 'NEW' && !change.workInProgress && submitRequirements(votes).every((r) => r.satisfied),
        }
      : {}),
    ...(options.has('LABELS') || options.has('DETAILED_LABELS')
      ? { labels: labelsInfo(change, options.has('DETAILED_LABELS'), ctx) }
      : {}),
    ...(options.has('DETAILED_LABELS') && change.status === 'NEW' ? { permitted_labels: permittedLabels(ctx) } : {}),
    ...(options.has('DETAILED_LABELS')
      ? {
          removable_reviewers: [],
          reviewers: { REVIEWER: reviewers.map((id) => accountInfo(ctx.accounts.get(id), id)) },
        }
      : {}),
    ...(options.has('MESSAGES') ? { messages: change.messages.map((m) => messageInfo(m, ctx)) } : {}),
    ...(withRevisions
      ? {
          current_revision: current.revision,
          revisions: Object.fromEntries(
            revisions.map((p) => [
              p.revision,
              revisionInfo(change, p, { commit: commitFor(p), files: filesFor(p) }, ctx),
            ]),
          ),
        }
      : {}),
  };
}

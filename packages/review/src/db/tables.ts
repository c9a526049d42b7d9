// The review tables as Kysely sees them (booleans are 0/1 integers, JSON and timestamps are ISO text).
import type { Kysely } from 'kysely';

/** A project: its bare repository lives at `<repositoryDir>/<name>.git`; the row holds what Gerrit keeps in refs/meta/config. */
export interface ProjectRow {
  name: string;
  description: string;
  /** ACTIVE, READ_ONLY or HIDDEN (Gerrit's ProjectState). */
  state: string;
  submit_type: string;
  parent: string | null;
  created_at: string;
}

/** An account: Gerrit's numeric `_account_id` for a Keystone user, made on its first call. */
export interface AccountRow {
  account_id: number;
  user_id: string;
  username: string;
  email: string | null;
  created_at: string;
}

/** A change. */
export interface ChangeRow {
  /** Gerrit's `_number`, unique across projects. */
  number: number;
  /** The Change-Id footer (`I` and 40 hex digits). */
  change_key: string;
  project: string;
  /** Short branch name (no refs/heads/). */
  branch: string;
  topic: string | null;
  owner_account_id: number;
  subject: string;
  /** NEW, MERGED or ABANDONED. */
  status: string;
  current_patch_set: number;
  work_in_progress: number;
  /** JSON list of the Depends-On footers of the current patch set. */
  depends_on: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  submitter_account_id: number | null;
}

/** A patch set of a change. */
export interface PatchSetRow {
  change_number: number;
  number: number;
  /** The commit id. */
  revision: string;
  ref: string;
  uploader_account_id: number;
  created_at: string;
  /** REWORK, TRIVIAL_REBASE, NO_CODE_CHANGE or NO_CHANGE (Gerrit's ChangeKind). */
  kind: string;
  /** JSON of the commit: tree, parents, author, committer, subject, message. */
  commit_json: string;
  insertions: number;
  deletions: number;
}

/** A vote. */
export interface ApprovalRow {
  change_number: number;
  patch_set: number;
  label: string;
  account_id: number;
  value: number;
  granted_at: string;
  tag: string | null;
  /** 1 when carried over from an earlier patch set by the label's copy rule. */
  copied: number;
}

/** A message on a change. */
export interface MessageRow {
  id: string;
  change_number: number;
  patch_set: number | null;
  author_account_id: number | null;
  message: string;
  tag: string | null;
  created_at: string;
}

/** A project webhook (the Gerrit webhooks plugin's `remote.<name>` section). */
export interface WebhookRow {
  project: string;
  name: string;
  url: string;
  /** JSON list of event types; empty means all. */
  events: string;
}

/** Every review table by name. */
export interface ReviewTables {
  review_projects: ProjectRow;
  review_accounts: AccountRow;
  review_changes: ChangeRow;
  review_patch_sets: PatchSetRow;
  review_approvals: ApprovalRow;
  review_messages: MessageRow;
  review_webhooks: WebhookRow;
}

/** The shared Kysely instance, typed with the review tables. */
export type ReviewDb = Kysely<ReviewTables>;

// Changes: find one by any of Gerrit's identifiers, query, abandon, restore, set the topic, add messages.
import { BadRequest, Conflict, NotFound, newHexId } from '@nubo/core';
import type { Account } from './accounts.js';
import { accountOf, allows, type Caller, enforce } from './caller.js';
import { type Change, loadChanges } from './change-model.js';
import { accountOperands, coarseFilters, limitOf, matches, parseQuery, type QueryBindings } from './change-query.js';
import type { ReviewContext } from './context.js';
import * as q from './db/changes.js';
import { insertMessage } from './db/messages.js';
import { findProject } from './db/projects.js';
import type { ReviewDb } from './db/tables.js';
import { changeAbandoned, changeRestored, type EventContext } from './events/gerrit-events.js';

/** Gerrit answers at most this many changes per query unless `n` asks for fewer (index.maxLimit). */
export const MAX_QUERY_LIMIT = 500;

/** The policy target of a change: its owner's user id, project and branch. */
export async function changeTarget(ctx: ReviewContext, change: Change): Promise<Record<string, unknown>> {
  const owner = (await ctx.accounts.byIds([change.ownerAccountId])).get(change.ownerAccountId);
  return { owner_id: owner?.userId ?? null, project: change.project, branch: change.branch };
}

/** What event builders need for these changes: their accounts and the base URL. */
export async function eventContext(
  ctx: ReviewContext,
  changes: Change[],
  extra: Account[] = [],
): Promise<EventContext> {
  const ids = changes.flatMap((c) => [
    c.ownerAccountId,
    ...c.patchSets.map((p) => p.uploaderAccountId),
    ...c.approvals.map((a) => a.accountId),
  ]);
  const accounts = await ctx.accounts.byIds(ids);
  for (const account of extra) accounts.set(account.accountId, account);
  return { accounts, baseUrl: ctx.baseUrl };
}

async function visible(ctx: ReviewContext, caller: Caller, changes: Change[]): Promise<Change[]> {
  if (allows(ctx, caller, 'review:update_project')) return changes;
  const hidden = new Set<string>();
  for (const project of new Set(changes.map((c) => c.project))) {
    const row = await findProject(ctx.db, project);
    if (!row || row.state === 'HIDDEN') hidden.add(project);
  }
  return changes.filter((c) => !hidden.has(c.project));
}

/**
 * The change `id` names, in any of Gerrit's forms: `<project>~<number>`, `<number>`, `<Change-Id>` (when unique)
 * or `<project>~<branch>~<Change-Id>`.
 *
 * @throws NotFound `Not found: <id>`
 */
export async function findChange(
  ctx: ReviewContext,
  caller: Caller,
  id: string,
  options: { messages?: boolean } = {},
): Promise<Change> {
  const notFound = new NotFound(`Not found: ${id}`);
  const parts = id.split('~');
  let rows: Awaited<ReturnType<typeof q.findChangesByKey>> = [];
  if (parts.length === 1 && /^\d+$/.test(id)) {
    const row = await q.findChange(ctx.db, Number(id));
    rows = row ? [row] : [];
  } else if (parts.length === 1) {
    rows = await q.findChangesByKey(ctx.db, id);
  } else if (parts.length === 2 && /^\d+$/.test(parts[1]!)) {
    const row = await q.findChange(ctx.db, Number(parts[1]));
    rows = row && row.project === parts[0] ? [row] : [];
  } else if (parts.length === 3) {
    rows = await q.findChangesByKey(ctx.db, parts[2]!, {
      project: parts[0]!,
      branch: parts[1]!.replace(/^refs\/heads\//, ''),
    });
  }
  if (rows.length !== 1) throw notFound;
  const [change] = await visible(ctx, caller, await loadChanges(ctx.db, rows, options));
  if (!change) throw notFound;
  return change;
}

/** One page of a query's matches and whether more exist (Gerrit's `_more_changes`). */
export interface QueryResult {
  changes: Change[];
  more: boolean;
}

/**
 * Runs a change query; `limit` and `start` page through the matches, most recently updated first.
 *
 * @throws BadRequest for a query that does not parse or uses an operator nubo does not know.
 */
export async function queryChanges(
  ctx: ReviewContext,
  caller: Caller,
  text: string,
  page: { limit?: number; start?: number; messages?: boolean },
): Promise<QueryResult> {
  const node = parseQuery(text);
  const bindings: QueryBindings = { accounts: new Map() };
  for (const operand of accountOperands(node)) {
    if (operand === 'self') {
      if (!caller.account) throw new BadRequest('self is only valid for a signed-in user');
      bindings.accounts.set(operand, new Set([caller.account.accountId]));
    } else bindings.accounts.set(operand, new Set((await ctx.accounts.matching(operand)).map((a) => a.accountId)));
  }
  const rows = await q.listChanges(ctx.db, coarseFilters(node));
  const all = await visible(ctx, caller, await loadChanges(ctx.db, rows));
  const found = all.filter((change) => matches(node, change, bindings));
  const limit = Math.min(
    page.limit ?? limitOf(node) ?? MAX_QUERY_LIMIT,
    limitOf(node) ?? MAX_QUERY_LIMIT,
    MAX_QUERY_LIMIT,
  );
  const start = page.start ?? 0;
  let changes = found.slice(start, start + limit);
  if (page.messages) {
    const numbers = new Set(changes.map((c) => c.number));
    const withMessages = await loadChanges(
      ctx.db,
      rows.filter((r) => numbers.has(Number(r.number))),
      { messages: true },
    );
    const byNumber = new Map(withMessages.map((c) => [c.number, c.messages]));
    changes = changes.map((c) => ({ ...c, messages: byNumber.get(c.number) ?? [] }));
  }
  return { changes, more: found.length > start + limit };
}

/** Adds a message to a change (Gerrit's ChangeMessage); `tag` marks generated ones (`autogenerated:gerrit:…`). */
export async function addMessage(
  db: ReviewDb,
  change: Pick<Change, 'number' | 'currentPatchSet'>,
  author: Account | undefined,
  message: string,
  tag: string | null,
  at: string,
): Promise<void> {
  await insertMessage(db, {
    id: newHexId(),
    change_number: change.number,
    patch_set: change.currentPatchSet,
    author_account_id: author?.accountId ?? null,
    message,
    tag,
    created_at: at,
  });
}

/**
 * Abandons an open change; its message is `Abandoned` and the reason.
 *
 * @throws Forbidden `abandon not permitted`
 * @throws Conflict `change is merged` / `change is abandoned`
 */
export async function abandonChange(
  ctx: ReviewContext,
  caller: Caller,
  change: Change,
  reason: string,
): Promise<Change> {
  enforce(ctx, caller, 'review:abandon', await changeTarget(ctx, change), 'abandon');
  if (change.status !== 'NEW') throw new Conflict(`change is ${change.status.toLowerCase()}`);
  const account = accountOf(caller);
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await q.updateChange(tx, change.number, { status: 'ABANDONED', updated_at: now });
    await addMessage(
      tx,
      change,
      account,
      reason ? `Abandoned\n\n${reason}` : 'Abandoned',
      'autogenerated:gerrit:abandon',
      now,
    );
  });
  const updated = { ...change, status: 'ABANDONED' as const, updatedAt: now };
  await ctx.events.publish(changeAbandoned(updated, account, reason, await eventContext(ctx, [updated], [account])));
  return updated;
}

/**
 * Restores an abandoned change; its message is `Restored` and the reason.
 *
 * @throws Forbidden `restore not permitted`
 * @throws Conflict `change is new` / `change is merged`
 */
export async function restoreChange(
  ctx: ReviewContext,
  caller: Caller,
  change: Change,
  reason: string,
): Promise<Change> {
  enforce(ctx, caller, 'review:restore', await changeTarget(ctx, change), 'restore');
  if (change.status !== 'ABANDONED') throw new Conflict(`change is ${change.status.toLowerCase()}`);
  const account = accountOf(caller);
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await q.updateChange(tx, change.number, { status: 'NEW', updated_at: now });
    await addMessage(
      tx,
      change,
      account,
      reason ? `Restored\n\n${reason}` : 'Restored',
      'autogenerated:gerrit:restore',
      now,
    );
  });
  const updated = { ...change, status: 'NEW' as const, updatedAt: now };
  await ctx.events.publish(changeRestored(updated, account, reason, await eventContext(ctx, [updated], [account])));
  return updated;
}

/**
 * Sets (or with an empty topic, deletes) the change's topic; answers the topic now set.
 *
 * @throws Forbidden `edit topic name not permitted`
 */
export async function setTopic(ctx: ReviewContext, caller: Caller, change: Change, topic: string): Promise<string> {
  enforce(ctx, caller, 'review:set_topic', await changeTarget(ctx, change), 'edit topic name');
  const trimmed = topic.trim();
  if (trimmed.length > 2048) throw new BadRequest('topic length exceeds the limit (2048)');
  const account = accountOf(caller);
  const now = new Date().toISOString();
  const message =
    trimmed === ''
      ? `Topic ${change.topic} removed`
      : change.topic
        ? `Topic changed from ${change.topic} to ${trimmed}`
        : `Topic set to ${trimmed}`;
  await ctx.db.transaction().execute(async (tx) => {
    await q.updateChange(tx, change.number, { topic: trimmed === '' ? null : trimmed, updated_at: now });
    await addMessage(tx, change, account, message, 'autogenerated:gerrit:setTopic', now);
  });
  return trimmed;
}

// /changes/: query, get, detail, messages, topic, and a revision's commit, files, related changes and review.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allows, type Caller } from '../caller.js';
import type { Change, PatchSet } from '../change-model.js';
import { findChange, queryChanges, setTopic } from '../changes.js';
import type { ReviewContext } from '../context.js';
import { findPatchSetsByRevision } from '../db/patch-sets.js';
import { findRevision } from '../reviews.js';
import { callerOf, inputOf, queryInt, queryValues, sendJson, signedIn } from './common.js';
import { changeParams, revisionParams, topicInput } from './schemas/changes.js';
import { accountInfo } from './views/accounts.js';
import {
  type ChangeViewContext,
  changeInfo,
  commitInfo,
  type FileData,
  filesInfo,
  messageInfo,
  parseListOptions,
} from './views/changes.js';

/** The options GET /changes/{id}/detail always adds (Gerrit's GetDetail). */
const DETAIL_OPTIONS = ['LABELS', 'DETAILED_LABELS', 'DETAILED_ACCOUNTS', 'REVIEWER_UPDATES', 'MESSAGES'];

/** What the change views need: the accounts they name, the caller's permitted votes, and files when asked. */
export async function viewContext(
  ctx: ReviewContext,
  caller: Caller,
  changes: Change[],
  options: Set<string> = new Set(),
): Promise<ChangeViewContext> {
  const ids = changes.flatMap((c) => [
    c.ownerAccountId,
    ...(c.submitterAccountId !== null ? [c.submitterAccountId] : []),
    ...c.patchSets.map((p) => p.uploaderAccountId),
    ...c.approvals.map((a) => a.accountId),
    ...c.messages.flatMap((m) => (m.authorAccountId !== null ? [m.authorAccountId] : [])),
  ]);
  const files = new Map<string, FileData[]>();
  if (options.has('CURRENT_FILES') || options.has('ALL_FILES')) {
    for (const change of changes) {
      const wanted = options.has('ALL_FILES')
        ? change.patchSets
        : change.patchSets.filter((p) => p.number === change.currentPatchSet);
      for (const p of wanted) files.set(p.revision, await ctx.repos.files(change.project, p.commit));
    }
  }
  return {
    accounts: await ctx.accounts.byIds(ids),
    baseUrl: ctx.baseUrl,
    permitted: (label, value) => caller.account !== undefined && allows(ctx, caller, label.rule(value)),
    files,
  };
}

async function loadFor(ctx: ReviewContext, request: FastifyRequest, extra: string[] = []) {
  const { id } = request.params as { id: string };
  const options = parseListOptions([...extra, ...queryValues(request, 'o')]);
  const caller = callerOf(request);
  const change = await findChange(ctx, caller, id, { messages: options.has('MESSAGES') });
  return { change, options, caller };
}

/** Changes related by git ancestry in the same project (Gerrit's RelatedChangesInfo), newest first. */
async function relatedChanges(ctx: ReviewContext, caller: Caller, change: Change, patchSet: PatchSet) {
  const entries: { change: Change; patchSet: PatchSet }[] = [];
  const seen = new Set<string>([patchSet.revision]);
  let parent = patchSet.commit.parents[0];
  while (parent && !seen.has(parent)) {
    seen.add(parent);
    const [row] = await findPatchSetsByRevision(ctx.db, change.project, [parent]);
    if (!row) break;
    const owner = await findChange(ctx, caller, String(row.change_number)).catch(() => undefined);
    const ancestor = owner?.patchSets.find((p) => p.number === Number(row.number));
    if (!owner || !ancestor) break;
    entries.push({ change: owner, patchSet: ancestor });
    parent = ancestor.commit.parents[0];
  }
  const descendants: { change: Change; patchSet: PatchSet }[] = [];
  const open = (await queryChanges(ctx, caller, `status:open project:${change.project}`, {})).changes;
  let tips = [patchSet.revision];
  while (tips.length > 0) {
    const next: string[] = [];
    for (const candidate of open) {
      const current = candidate.patchSets.find((p) => p.number === candidate.currentPatchSet)!;
      if (seen.has(current.revision) || !current.commit.parents.some((p) => tips.includes(p))) continue;
      seen.add(current.revision);
      descendants.unshift({ change: candidate, patchSet: current });
      next.push(current.revision);
    }
    tips = next;
  }
  if (entries.length === 0 && descendants.length === 0) return [];
  return [...descendants, { change, patchSet }, ...entries].map((e) => ({
    project: e.change.project,
    change_id: e.change.changeKey,
    commit: {
      commit: e.patchSet.revision,
      parents: e.patchSet.commit.parents.map((p) => ({ commit: p })),
      author: { name: e.patchSet.commit.author.name, email: e.patchSet.commit.author.email },
      subject: e.patchSet.commit.subject,
    },
    _change_number: e.change.number,
    _revision_number: e.patchSet.number,
    _current_revision_number: e.change.currentPatchSet,
    status: e.change.status,
  }));
}

/** Registers the change and revision read routes, the topic routes and /accounts/self. */
export function changeRoutes(scope: FastifyInstance, ctx: ReviewContext): void {
  scope.get('/changes/', { config: { public: true } }, async (request, reply) => {
    const queries = queryValues(request, 'q');
    const options = parseListOptions(queryValues(request, 'o'));
    const limit = queryInt(request, 'n');
    const start = queryInt(request, 'S') ?? queryInt(request, 'start');
    const caller = callerOf(request);
    // Gerrit's QueryChanges: no q means status:open.
    const texts = queries.length > 0 ? queries : ['status:open'];
    const lists = [];
    for (const text of texts) {
      const result = await queryChanges(ctx, caller, text, { limit, start, messages: options.has('MESSAGES') });
      const view = await viewContext(ctx, caller, result.changes, options);
      const infos = result.changes.map((c) => changeInfo(c, options, view));
      if (result.more && infos.length > 0) infos[infos.length - 1]!._more_changes = true;
      lists.push(infos);
    }
    return sendJson(request, reply, queries.length > 1 ? lists : lists[0]);
  });

  scope.get('/changes/:id', { schema: { params: changeParams }, config: { public: true } }, async (request, reply) => {
    const { change, options, caller } = await loadFor(ctx, request);
    return sendJson(request, reply, changeInfo(change, options, await viewContext(ctx, caller, [change], options)));
  });

  scope.get(
    '/changes/:id/detail',
    { schema: { params: changeParams }, config: { public: true } },
    async (request, reply) => {
      const { change, options, caller } = await loadFor(ctx, request, DETAIL_OPTIONS);
      return sendJson(request, reply, changeInfo(change, options, await viewContext(ctx, caller, [change], options)));
    },
  );

  scope.get(
    '/changes/:id/messages',
    { schema: { params: changeParams }, config: { public: true } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const caller = callerOf(request);
      const change = await findChange(ctx, caller, id, { messages: true });
      const view = await viewContext(ctx, caller, [change]);
      return sendJson(
        request,
        reply,
        change.messages.map((m) => messageInfo(m, view)),
      );
    },
  );

  scope.get(
    '/changes/:id/submitted_together',
    { schema: { params: changeParams }, config: { public: true } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await findChange(ctx, callerOf(request), id);
      // nubo submits one change at a time (no submitWholeTopic), so nothing is ever submitted together.
      const nonVisible = queryValues(request, 'o').includes('NON_VISIBLE_CHANGES');
      return sendJson(request, reply, nonVisible ? { changes: [], non_visible_changes: 0 } : []);
    },
  );

  scope.get(
    '/changes/:id/topic',
    { schema: { params: changeParams }, config: { public: true } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const change = await findChange(ctx, callerOf(request), id);
      return sendJson(request, reply, change.topic ?? '');
    },
  );

  const putTopic = async (request: FastifyRequest, topic: string) => {
    const { id } = request.params as { id: string };
    const caller = signedIn(request);
    return setTopic(ctx, caller, await findChange(ctx, caller, id), topic);
  };
  scope.put(
    '/changes/:id/topic',
    { schema: { params: changeParams, body: topicInput }, config: { public: true } },
    async (request, reply) => {
      const topic = await putTopic(request, inputOf<{ topic?: string | null }>(request).topic ?? '');
      return topic === '' ? reply.code(204).send() : sendJson(request, reply, topic);
    },
  );
  scope.delete(
    '/changes/:id/topic',
    { schema: { params: changeParams }, config: { public: true } },
    async (request, reply) => {
      await putTopic(request, '');
      return reply.code(204).send();
    },
  );

  scope.get(
    '/changes/:id/revisions/:revision/commit',
    { schema: { params: revisionParams }, config: { public: true } },
    async (request, reply) => {
      const { id, revision } = request.params as { id: string; revision: string };
      const change = await findChange(ctx, callerOf(request), id);
      return sendJson(request, reply, commitInfo(findRevision(change, revision).commit, true));
    },
  );

  scope.get(
    '/changes/:id/revisions/:revision/files',
    { schema: { params: revisionParams }, config: { public: true } },
    async (request, reply) => {
      const { id, revision } = request.params as { id: string; revision: string };
      const change = await findChange(ctx, callerOf(request), id);
      const patchSet = findRevision(change, revision);
      return sendJson(
        request,
        reply,
        filesInfo(patchSet.commit, await ctx.repos.files(change.project, patchSet.commit)),
      );
    },
  );

  scope.get(
    '/changes/:id/revisions/:revision/related',
    { schema: { params: revisionParams }, config: { public: true } },
    async (request, reply) => {
      const { id, revision } = request.params as { id: string; revision: string };
      const caller = callerOf(request);
      const change = await findChange(ctx, caller, id);
      return sendJson(request, reply, {
        changes: await relatedChanges(ctx, caller, change, findRevision(change, revision)),
      });
    },
  );

  scope.get(
    '/changes/:id/revisions/:revision/review',
    { schema: { params: revisionParams }, config: { public: true } },
    async (request, reply) => {
      const { change, options, caller } = await loadFor(ctx, request, [
        ...DETAIL_OPTIONS,
        'CURRENT_REVISION',
        'CURRENT_COMMIT',
      ]);
      findRevision(change, (request.params as { revision: string }).revision);
      return sendJson(request, reply, changeInfo(change, options, await viewContext(ctx, caller, [change], options)));
    },
  );

  scope.get('/accounts/self', { config: { public: true } }, async (request, reply) => {
    return sendJson(request, reply, accountInfo(signedIn(request).account));
  });
}

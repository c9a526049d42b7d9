// /projects/: list, create, show, config, description, HEAD, branches; the webhooks plugin's remotes; server version.
import { BadRequest, fromDbJson, NotFound, toDbJson } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import { enforce } from '../caller.js';
import type { SubmitType } from '../config.js';
import type { ReviewContext } from '../context.js';
import { deleteWebhook, listWebhooks, putWebhook } from '../db/webhooks.js';
import {
  createBranch,
  createProject,
  getBranch,
  getProject,
  listBranches,
  listProjects,
  normalizeBranchName,
  type ProjectInput,
  type ProjectState,
  updateProjectConfig,
} from '../projects.js';
import { callerOf, inputOf, queryInt, queryValues, sendJson, signedIn } from './common.js';
import {
  branchInput,
  branchParams,
  configInput,
  descriptionInput,
  headInput,
  projectInput,
  projectParams,
  remoteInfo,
  remoteParams,
} from './schemas/projects.js';
import { branchInfo, configInfo, projectInfo } from './views/projects.js';

/** The Gerrit version nubo answers GET /config/server/version with: the REST API it follows. */
export const GERRIT_API_VERSION = '3.10.0';

/** Applies Gerrit's list filters: `p` prefix, `m` substring, `r` regex, then `S` skip and `n` limit. */
function filterNames<T>(
  items: T[],
  nameOf: (item: T) => string,
  query: { p?: string; m?: string; r?: string; n?: number; S?: number },
): T[] {
  let regex: RegExp | undefined;
  if (query.r !== undefined) {
    try {
      regex = new RegExp(`^(?:${query.r})$`);
    } catch {
      throw new BadRequest(`Invalid regular expression: ${query.r}`);
    }
  }
  const m = query.m?.toLowerCase();
  const matching = items.filter((item) => {
    const name = nameOf(item);
    return (
      (!query.p || name.startsWith(query.p)) && (!m || name.toLowerCase().includes(m)) && (!regex || regex.test(name))
    );
  });
  const start = query.S ?? 0;
  return matching.slice(start, query.n !== undefined ? start + query.n : undefined);
}

/** Registers the project, branch, webhook and server-version routes. */
export function projectRoutes(scope: FastifyInstance, ctx: ReviewContext): void {
  const open = { config: { public: true } };

  scope.get('/projects/', open, async (request, reply) => {
    const caller = callerOf(request);
    const [p] = queryValues(request, 'p');
    const [m] = queryValues(request, 'm');
    const [r] = queryValues(request, 'r');
    const [state] = queryValues(request, 'state');
    const description = queryValues(request, 'd').length > 0;
    const branches = queryValues(request, 'b');
    let projects = await listProjects(ctx, caller);
    if (state) projects = projects.filter((project) => project.state === state.toUpperCase());
    const page = filterNames(projects, (project) => project.name, {
      p,
      m,
      r,
      n: queryInt(request, 'n'),
      S: queryInt(request, 'S'),
    });
    const out: Record<string, unknown> = {};
    for (const project of page) {
      const info = projectInfo(project, { description, name: false });
      if (branches.length > 0) {
        const heads: Record<string, string> = {};
        for (const b of branches) {
          const revision = await ctx.repos.resolve(project.name, `refs/heads/${b.replace(/^refs\/heads\//, '')}`);
          if (revision) heads[b] = revision;
        }
        info.branches = heads;
      }
      out[project.name] = info;
    }
    return sendJson(request, reply, out);
  });

  scope.get('/projects/:name', { ...open, schema: { params: projectParams } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    return sendJson(request, reply, projectInfo(await getProject(ctx, callerOf(request), name)));
  });

  scope.put(
    '/projects/:name',
    { ...open, schema: { params: projectParams, body: projectInput } },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const input = inputOf<ProjectInput & { name?: string }>(request);
      if (input.name !== undefined && input.name !== name) throw new BadRequest('name must match URL');
      const row = await createProject(ctx, signedIn(request), name, input);
      return sendJson(request, reply, projectInfo(row), 201);
    },
  );

  scope.get('/projects/:name/description', { ...open, schema: { params: projectParams } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    return sendJson(request, reply, (await getProject(ctx, callerOf(request), name)).description);
  });

  scope.put(
    '/projects/:name/description',
    { ...open, schema: { params: projectParams, body: descriptionInput } },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const caller = signedIn(request);
      const description = inputOf<{ description?: string }>(request).description ?? '';
      await updateProjectConfig(ctx, caller, await getProject(ctx, caller, name), { description });
      return description === '' ? reply.code(204).send() : sendJson(request, reply, description);
    },
  );

  scope.get('/projects/:name/config', { ...open, schema: { params: projectParams } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    return sendJson(
      request,
      reply,
      configInfo(await getProject(ctx, callerOf(request), name), ctx.config.defaultSubmitType),
    );
  });

  scope.put(
    '/projects/:name/config',
    { ...open, schema: { params: projectParams, body: configInput } },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const caller = signedIn(request);
      const input = inputOf<{ description?: string; state?: ProjectState; submit_type?: SubmitType | 'INHERIT' }>(
        request,
      );
      const updated = await updateProjectConfig(ctx, caller, await getProject(ctx, caller, name), input);
      return sendJson(request, reply, configInfo(updated, ctx.config.defaultSubmitType));
    },
  );

  scope.get('/projects/:name/HEAD', { ...open, schema: { params: projectParams } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const project = await getProject(ctx, callerOf(request), name);
    return sendJson(request, reply, await ctx.repos.head(project.name));
  });

  scope.put(
    '/projects/:name/HEAD',
    { ...open, schema: { params: projectParams, body: headInput } },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const caller = signedIn(request);
      const project = await getProject(ctx, caller, name);
      enforce(ctx, caller, 'review:update_project', {}, 'set HEAD');
      const ref = `refs/heads/${normalizeBranchName(inputOf<{ ref: string }>(request).ref)}`;
      if (!(await ctx.repos.resolve(project.name, ref))) throw new BadRequest(`Ref Not Found: ${ref}`);
      await ctx.repos.setHead(project.name, ref);
      return sendJson(request, reply, ref);
    },
  );

  scope.get('/projects/:name/branches/', { ...open, schema: { params: projectParams } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const project = await getProject(ctx, callerOf(request), name);
    const [m] = queryValues(request, 'm');
    const [r] = queryValues(request, 'r');
    const branches = filterNames(await listBranches(ctx, project), (b) => b.ref, {
      m,
      r,
      n: queryInt(request, 'n'),
      S: queryInt(request, 'S'),
    });
    return sendJson(request, reply, branches.map(branchInfo));
  });

  scope.get(
    '/projects/:name/branches/:branch',
    { ...open, schema: { params: branchParams } },
    async (request, reply) => {
      const { name, branch } = request.params as { name: string; branch: string };
      const project = await getProject(ctx, callerOf(request), name);
      if (branch === 'HEAD') return sendJson(request, reply, branchInfo((await listBranches(ctx, project))[0]!));
      return sendJson(request, reply, branchInfo(await getBranch(ctx, project, branch)));
    },
  );

  scope.put(
    '/projects/:name/branches/:branch',
    { ...open, schema: { params: branchParams, body: branchInput } },
    async (request, reply) => {
      const { name, branch } = request.params as { name: string; branch: string };
      const caller = signedIn(request);
      const project = await getProject(ctx, caller, name);
      const input = inputOf<{ ref?: string; revision?: string }>(request);
      if (input.ref !== undefined && input.ref.replace(/^refs\/heads\//, '') !== branch.replace(/^refs\/heads\//, '')) {
        throw new BadRequest('ref must match URL');
      }
      return sendJson(
        request,
        reply,
        branchInfo(await createBranch(ctx, caller, project, branch, input.revision)),
        201,
      );
    },
  );

  // The webhooks plugin's REST API (its @PLUGIN@ is `webhooks`).
  const remotes = '/config/server/webhooks~projects/:name/remotes';
  scope.get(`${remotes}/`, { ...open, schema: { params: projectParams } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const caller = signedIn(request);
    const project = await getProject(ctx, caller, name);
    enforce(ctx, caller, 'review:manage_webhooks', {}, 'read webhooks');
    const rows = await listWebhooks(ctx.db, project.name);
    return sendJson(request, reply, Object.fromEntries(rows.map((r) => [r.name, remoteView(r.url, r.events)])));
  });
  scope.get(`${remotes}/:remote`, { ...open, schema: { params: remoteParams } }, async (request, reply) => {
    const { name, remote } = request.params as { name: string; remote: string };
    const caller = signedIn(request);
    const project = await getProject(ctx, caller, name);
    enforce(ctx, caller, 'review:manage_webhooks', {}, 'read webhooks');
    const row = (await listWebhooks(ctx.db, project.name)).find((r) => r.name === remote);
    if (!row) throw new NotFound(`Not found: ${remote}`);
    return sendJson(request, reply, remoteView(row.url, row.events));
  });
  scope.put(
    `${remotes}/:remote`,
    { ...open, schema: { params: remoteParams, body: remoteInfo } },
    async (request, reply) => {
      const { name, remote } = request.params as { name: string; remote: string };
      const caller = signedIn(request);
      const project = await getProject(ctx, caller, name);
      enforce(ctx, caller, 'review:manage_webhooks', {}, 'write webhooks');
      const input = inputOf<{ url: string; events?: string[] }>(request);
      const existed = (await listWebhooks(ctx.db, project.name)).some((r) => r.name === remote);
      await putWebhook(ctx.db, {
        project: project.name,
        name: remote,
        url: input.url,
        events: toDbJson(input.events ?? []),
      });
      return sendJson(request, reply, remoteView(input.url, toDbJson(input.events ?? [])), existed ? 200 : 201);
    },
  );
  scope.delete(`${remotes}/:remote`, { ...open, schema: { params: remoteParams } }, async (request, reply) => {
    const { name, remote } = request.params as { name: string; remote: string };
    const caller = signedIn(request);
    const project = await getProject(ctx, caller, name);
    enforce(ctx, caller, 'review:manage_webhooks', {}, 'write webhooks');
    if ((await deleteWebhook(ctx.db, project.name, remote)) === 0) throw new NotFound(`Not found: ${remote}`);
    return reply.code(204).send();
  });

  scope.get('/config/server/version', open, async (request, reply) => sendJson(request, reply, GERRIT_API_VERSION));
}

function remoteView(url: string, events: string): Record<string, unknown> {
  const list = fromDbJson<string[]>(events, []);
  return { url, ...(list.length > 0 ? { events: list } : {}) };
}

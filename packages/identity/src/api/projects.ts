// /v3/projects, their tags, and /v3/users/{user_id}/projects
import { BadRequest, NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authProjects } from '../auth/token-targets.js';
import type { IdentityContext } from '../context.js';
import * as q from '../db/projects.js';
import { findUser } from '../db/users.js';
import { DEFAULT_DOMAIN_ID } from '../domains.js';
import { createProject, deleteProject, getProject, setProjectTags, updateProject } from '../projects.js';
import { authOf, collectionLinks, enforce, member, queryBool, queryOf, splitExtra } from './common.js';
import { description, enabled, idParams, idString, name64, nullableId, tags, wrapped } from './schemas/common.js';
import { projectView } from './views/projects.js';

const fields = ['name', 'description', 'enabled', 'domain_id', 'parent_id', 'is_domain', 'tags', 'options'] as const;
const createBody = wrapped(
  'project',
  { name: name64, description, enabled, domain_id: nullableId, parent_id: nullableId, is_domain: Type.Boolean(), tags },
  ['name'],
);
const updateBody = wrapped('project', {
  name: name64,
  description,
  enabled,
  domain_id: idString,
  parent_id: nullableId,
  is_domain: Type.Boolean(),
  tags,
});
const params = idParams('project_id');
const tagParams = idParams('project_id', 'tag');

export function projectRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/projects', async (request) => {
    const query = queryOf(request);
    enforce(ctx, request, 'identity:list_projects', { domain_id: query.domain_id ?? null });
    let rows = await q.listProjects(ctx.db, {
      name: query.name,
      domainId: query.domain_id,
      parentId: query.parent_id,
      enabled: queryBool(query.enabled),
    });
    if (query.is_domain !== undefined && queryBool(query.is_domain)) rows = [];
    const views = await projectView.list(ctx, rows);
    return { projects: filterByTags(views, query), links: collectionLinks(ctx, request) };
  });
  scope.post('/v3/projects', { schema: { body: createBody } }, async (request, reply) => {
    const body = member(request.body, 'project');
    const auth = authOf(request);
    const domainId =
      (body.domain_id as string | undefined) ?? auth.domain?.id ?? auth.project?.domainId ?? DEFAULT_DOMAIN_ID;
    enforce(ctx, request, 'identity:create_project', { target: { project: { domain_id: domainId } } });
    const { known, extra } = splitExtra(body, fields);
    const row = await createProject(ctx, { ...known, domain_id: domainId, extra } as never, domainId);
    reply.code(201);
    return { project: await projectView.one(ctx, row) };
  });
  scope.get('/v3/projects/:project_id', { schema: { params } }, async (request) => {
    const { project_id } = request.params as { project_id: string };
    const row = await getProject(ctx, project_id);
    enforce(ctx, request, 'identity:get_project', { target: { project: { id: row.id, domain_id: row.domain_id } } });
    return { project: await projectView.one(ctx, row) };
  });
  scope.patch('/v3/projects/:project_id', { schema: { params, body: updateBody } }, async (request) => {
    const { project_id } = request.params as { project_id: string };
    const current = await getProject(ctx, project_id);
    enforce(ctx, request, 'identity:update_project', {
      target: { project: { id: current.id, domain_id: current.domain_id } },
    });
    const { known, extra } = splitExtra(member(request.body, 'project'), fields);
    const row = await updateProject(ctx, project_id, { ...known, extra } as never);
    return { project: await projectView.one(ctx, row) };
  });
  scope.delete('/v3/projects/:project_id', { schema: { params } }, async (request, reply) => {
    const { project_id } = request.params as { project_id: string };
    const current = await getProject(ctx, project_id);
    enforce(ctx, request, 'identity:delete_project', {
      target: { project: { id: current.id, domain_id: current.domain_id } },
    });
    await deleteProject(ctx, project_id);
    reply.code(204).send();
  });

  // Project tags (keystone api-ref "Project tags").
  scope.get('/v3/projects/:project_id/tags', { schema: { params } }, async (request) => {
    const { project_id } = request.params as { project_id: string };
    const project = await getProject(ctx, project_id);
    enforce(ctx, request, 'identity:list_project_tags', {
      target: { project: { id: project.id, domain_id: project.domain_id } },
    });
    return { tags: (await q.listProjectTags(ctx.db, [project_id])).get(project_id) ?? [] };
  });
  scope.put(
    '/v3/projects/:project_id/tags',
    { schema: { params, body: Type.Object({ tags }, { required: ['tags'] }) } },
    async (request) => {
      const { project_id } = request.params as { project_id: string };
      const project = await getProject(ctx, project_id);
      enforce(ctx, request, 'identity:update_project_tags', {
        target: { project: { id: project.id, domain_id: project.domain_id } },
      });
      const { tags: next } = request.body as { tags: string[] };
      await setProjectTags(ctx, project_id, next);
      return { tags: [...new Set(next)].sort() };
    },
  );
  scope.delete('/v3/projects/:project_id/tags', { schema: { params } }, async (request, reply) => {
    const { project_id } = request.params as { project_id: string };
    const project = await getProject(ctx, project_id);
    enforce(ctx, request, 'identity:delete_project_tags', {
      target: { project: { id: project.id, domain_id: project.domain_id } },
    });
    await setProjectTags(ctx, project_id, []);
    reply.code(204).send();
  });
  scope.get('/v3/projects/:project_id/tags/:tag', { schema: { params: tagParams } }, async (request, reply) => {
    const { project_id, tag: name } = request.params as { project_id: string; tag: string };
    const project = await getProject(ctx, project_id);
    enforce(ctx, request, 'identity:get_project_tag', {
      target: { project: { id: project.id, domain_id: project.domain_id } },
    });
    const present = ((await q.listProjectTags(ctx.db, [project_id])).get(project_id) ?? []).includes(name);
    if (!present) throw new NotFound(`Could not find project tag: ${name}.`);
    reply.code(204).send();
  });
  scope.put('/v3/projects/:project_id/tags/:tag', { schema: { params: tagParams } }, async (request, reply) => {
    const { project_id, tag: name } = request.params as { project_id: string; tag: string };
    const project = await getProject(ctx, project_id);
    enforce(ctx, request, 'identity:create_project_tag', {
      target: { project: { id: project.id, domain_id: project.domain_id } },
    });
    if (name.includes(',') || name.includes('/') || name.length > 255)
      throw new BadRequest(`Invalid input for field 'tag': ${name}`);
    const current = (await q.listProjectTags(ctx.db, [project_id])).get(project_id) ?? [];
    if (!current.includes(name) && current.length >= 80) throw new BadRequest('A project may have at most 80 tags.');
    await setProjectTags(ctx, project_id, [...current, name]);
    reply.code(201).header('location', `${ctx.baseUrl}/v3/projects/${project_id}/tags/${name}`).send();
  });
  scope.delete('/v3/projects/:project_id/tags/:tag', { schema: { params: tagParams } }, async (request, reply) => {
    const { project_id, tag: name } = request.params as { project_id: string; tag: string };
    const project = await getProject(ctx, project_id);
    enforce(ctx, request, 'identity:delete_project_tag', {
      target: { project: { id: project.id, domain_id: project.domain_id } },
    });
    const current = (await q.listProjectTags(ctx.db, [project_id])).get(project_id) ?? [];
    if (!current.includes(name)) throw new NotFound(`Could not find project tag: ${name}.`);
    await setProjectTags(
      ctx,
      project_id,
      current.filter((t) => t !== name),
    );
    reply.code(204).send();
  });

  scope.get('/v3/users/:user_id/projects', { schema: { params: idParams('user_id') } }, async (request) => {
    const { user_id } = request.params as { user_id: string };
    const user = await findUser(ctx.db, user_id);
    enforce(ctx, request, 'identity:list_user_projects', {
      user_id,
      target: { user: { id: user_id, domain_id: user?.domain_id } },
    });
    if (!user) throw new NotFound(`Could not find user: ${user_id}.`);
    const query = queryOf(request);
    let rows = await authProjects(ctx, user_id);
    if (query.name !== undefined) rows = rows.filter((r) => r.name === query.name);
    if (query.domain_id !== undefined) rows = rows.filter((r) => r.domain_id === query.domain_id);
    return { projects: await projectView.list(ctx, rows), links: collectionLinks(ctx, request) };
  });
}

/** The tags, tags-any, not-tags and not-tags-any filters (comma-separated lists). */
function filterByTags(views: Record<string, unknown>[], query: Record<string, string>): Record<string, unknown>[] {
  const list = (key: string) => query[key]?.split(',').filter((t) => t !== '');
  const all = list('tags');
  const any = list('tags-any');
  const notAll = list('not-tags');
  const notAny = list('not-tags-any');
  return views.filter((view) => {
    const has = new Set(view.tags as string[]);
    if (all && !all.every((t) => has.has(t))) return false;
    if (any && !any.some((t) => has.has(t))) return false;
    if (notAll?.every((t) => has.has(t))) return false;
    if (notAny?.some((t) => has.has(t))) return false;
    return true;
  });
}

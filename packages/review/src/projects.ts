// Projects: a row with the project's settings and a bare repository; branches are the repository's refs/heads/*.
import { BadRequest, Conflict, HttpError, isUniqueViolation, NotFound } from '@nubo/core';
import { personOf } from './accounts.js';
import { accountOf, allows, type Caller, enforce } from './caller.js';
import type { SubmitType } from './config.js';
import type { ReviewContext } from './context.js';
import * as q from './db/projects.js';
import type { ProjectRow } from './db/tables.js';
import { refUpdated } from './events/gerrit-events.js';
import { ZERO_ID } from './git/repositories.js';

/** Gerrit's project states: READ_ONLY refuses writes, HIDDEN shows the project to administrators only. */
export type ProjectState = 'ACTIVE' | 'READ_ONLY' | 'HIDDEN';

/** The fields of Gerrit's ProjectInput that nubo reads. */
export interface ProjectInput {
  description?: string;
  parent?: string;
  create_empty_commit?: boolean;
  submit_type?: SubmitType | 'INHERIT';
  branches?: string[];
  state?: ProjectState;
}

/**
 * A project name as Gerrit accepts it, without a trailing `.git` or `/` (ProjectNameKey.parse): path segments of
 * letters, digits and `._+-`, none starting with a dot.
 *
 * @throws BadRequest `invalid project name: …`
 */
export function normalizeProjectName(raw: string): string {
  const name = raw.replace(/\/+$/, '').replace(/\.git$/, '');
  const segments = name.split('/');
  const ok =
    name.length > 0 &&
    name.length <= 255 &&
    segments.every((s) => /^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/.test(s) && !s.endsWith('.lock'));
  if (!ok) throw new BadRequest(`invalid project name: ${raw}`);
  return name;
}

/** A branch name as git's check-ref-format accepts it (the common subset), without refs/heads/. */
export function normalizeBranchName(raw: string): string {
  const name = raw.replace(/^refs\/heads\//, '');
  const ok =
    name.length > 0 &&
    !name.startsWith('/') &&
    !name.endsWith('/') &&
    !name.endsWith('.lock') &&
    !name.includes('..') &&
    !name.includes('//') &&
    !name.includes('@{') &&
    !/[\s~^:?*[\\]/.test(name) &&
    ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) &&
    name.split('/').every((s) => s !== '' && !s.startsWith('.'));
  if (!ok) throw new BadRequest(`invalid branch name "${raw}"`);
  return name;
}

/**
 * The project, or Gerrit's 404 `Not found: <name>`; a HIDDEN project exists only for administrators.
 *
 * @throws NotFound
 */
export async function getProject(ctx: ReviewContext, caller: Caller, name: string): Promise<ProjectRow> {
  const row = await q.findProject(ctx.db, name.replace(/\.git$/, ''));
  if (!row || (row.state === 'HIDDEN' && !allows(ctx, caller, 'review:update_project'))) {
    throw new NotFound(`Not found: ${name}`);
  }
  return row;
}

/** The projects the caller can see, sorted by name. */
export async function listProjects(ctx: ReviewContext, caller: Caller): Promise<ProjectRow[]> {
  const admin = allows(ctx, caller, 'review:update_project');
  return (await q.listProjects(ctx.db)).filter((p) => admin || p.state !== 'HIDDEN');
}

/**
 * Creates the project: its row and a bare repository whose HEAD is the first of `branches` (default: the configured
 * default branch), each branch starting at one empty commit when `create_empty_commit` is set.
 *
 * @throws Forbidden `create project not permitted`
 * @throws Conflict `Project already exists`
 */
export async function createProject(
  ctx: ReviewContext,
  caller: Caller,
  rawName: string,
  input: ProjectInput,
): Promise<ProjectRow> {
  enforce(ctx, caller, 'review:create_project', {}, 'create project');
  const name = normalizeProjectName(rawName);
  const branches = (input.branches?.length ? input.branches : [ctx.config.defaultBranch]).map(normalizeBranchName);
  if (input.parent !== undefined && input.parent !== '' && !(await q.findProject(ctx.db, input.parent))) {
    // Gerrit's CreateProject answers UnprocessableEntityException (422) for a missing parent.
    throw new HttpError(422, 'Unprocessable Entity', `Parent project "${input.parent}" does not exist.`);
  }
  if ((await q.findProject(ctx.db, name)) || ctx.repos.exists(name)) throw new Conflict('Project already exists');
  const row: ProjectRow = {
    name,
    description: input.description ?? '',
    state: input.state ?? 'ACTIVE',
    submit_type:
      input.submit_type && input.submit_type !== 'INHERIT' ? input.submit_type : ctx.config.defaultSubmitType,
    parent: input.parent || null,
    created_at: new Date().toISOString(),
  };
  try {
    await q.insertProject(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict('Project already exists');
    throw err;
  }
  try {
    await ctx.repos.create(name, {
      head: branches[0]!,
      branches,
      emptyCommit: input.create_empty_commit === true,
      committer: personOf(accountOf(caller)),
    });
  } catch (err) {
    await q.deleteProject(ctx.db, name);
    throw err;
  }
  await ctx.events.publish({
    type: 'project-created',
    projectName: name,
    projectHead: `refs/heads/${branches[0]}`,
    eventCreatedOn: Math.floor(Date.now() / 1000),
  });
  return row;
}

/** Changes the settings Gerrit keeps in refs/meta/config (description, state, submit type). */
export async function updateProjectConfig(
  ctx: ReviewContext,
  caller: Caller,
  project: ProjectRow,
  input: { description?: string; state?: ProjectState; submit_type?: SubmitType | 'INHERIT' },
): Promise<ProjectRow> {
  enforce(ctx, caller, 'review:update_project', {}, 'write refs/meta/config');
  const values: Partial<ProjectRow> = {};
  if (input.description !== undefined) values.description = input.description;
  if (input.state !== undefined) values.state = input.state;
  if (input.submit_type !== undefined) {
    values.submit_type = input.submit_type === 'INHERIT' ? ctx.config.defaultSubmitType : input.submit_type;
  }
  if (Object.keys(values).length > 0) await q.updateProject(ctx.db, project.name, values);
  return { ...project, ...values };
}

/** A branch as Gerrit's BranchInfo lists it. */
export interface Branch {
  ref: string;
  revision: string;
}

/** HEAD (as the symbolic ref's target) then every refs/heads/* branch, as GET /projects/{name}/branches/ lists them. */
export async function listBranches(ctx: ReviewContext, project: ProjectRow): Promise<Branch[]> {
  const head = await ctx.repos.head(project.name);
  const branches = await ctx.repos.refs(project.name, ['refs/heads/']);
  return [{ ref: 'HEAD', revision: head.replace(/^refs\/heads\//, '') }, ...branches];
}

/** One branch, or 404 `Not found: <branch>`. */
export async function getBranch(ctx: ReviewContext, project: ProjectRow, rawBranch: string): Promise<Branch> {
  const ref = `refs/heads/${rawBranch.replace(/^refs\/heads\//, '')}`;
  const revision = await ctx.repos.resolve(project.name, ref);
  if (!revision) throw new NotFound(`Not found: ${rawBranch}`);
  return { ref, revision };
}

/**
 * Creates a branch at `revision` (default: HEAD's commit), as PUT /projects/{name}/branches/{branch} does.
 *
 * @throws Conflict `branch "<ref>" already exists`
 * @throws BadRequest when the revision is not a commit of the project
 */
export async function createBranch(
  ctx: ReviewContext,
  caller: Caller,
  project: ProjectRow,
  rawBranch: string,
  revision: string | undefined,
): Promise<Branch> {
  enforce(ctx, caller, 'review:create_branch', {}, 'create');
  const ref = `refs/heads/${normalizeBranchName(rawBranch)}`;
  if (await ctx.repos.resolve(project.name, ref)) throw new Conflict(`branch "${ref}" already exists`);
  const base = await ctx.repos.resolve(project.name, revision ?? 'HEAD');
  if (!base) throw new BadRequest(`invalid revision "${revision ?? 'HEAD'}"`);
  await ctx.locks.run(project.name, () =>
    ctx.repos.updateRefs(project.name, [{ ref, newValue: base, oldValue: ZERO_ID }]),
  );
  await ctx.events.publish(refUpdated(project.name, ref, ZERO_ID, base, caller.account));
  return { ref, revision: base };
}

// What a parser knows while it reads one file: where the file is from, the tenant around it, and its pragmas.
import type { BranchMatcher } from '../model/change-matcher.js';
import type { SourceContext } from '../model/source-context.js';
import type { SourcePosition } from '../model/source-position.js';
import type { Tenant, TenantProject } from '../model/tenant.js';
import type { DecodeContext } from './decoders.js';
import type { Reporter } from './reporter.js';

/**
 * The tenant facts parsers check against while reading (Zuul validates these at parse time too): the projects, and
 * how many branches each has (a single-branch project gets no implied branch matchers).
 */
export interface TenantView {
  readonly tenant: Tenant;
  readonly projects: ReadonlyMap<string, TenantProject>;
  readonly projectBranches: ReadonlyMap<string, readonly string[]>;
  /** The connections the system has (Zuul's zuul.conf); null accepts any name. */
  readonly connections: ReadonlySet<string> | null;
}

/** The state of reading one file. Pragmas set `pragma*` before the other items of the file are parsed. */
export interface ParseContext {
  readonly reporter: Reporter;
  readonly source: SourceContext;
  readonly tenant: TenantView | null;
  pragmaImpliedBranchMatchers: boolean | null;
  pragmaImpliedBranches: readonly BranchMatcher[] | null;
}

/** A context for one file. */
export function newParseContext(reporter: Reporter, source: SourceContext, tenant: TenantView | null): ParseContext {
  return { reporter, source, tenant, pragmaImpliedBranchMatchers: null, pragmaImpliedBranches: null };
}

/** A decode context for reading one object (`subject` names it in messages). */
export function decodeContext(ctx: ParseContext, subject: string): DecodeContext {
  return { reporter: ctx.reporter, subject, path: '' };
}

/** Whether `name` is a project of the tenant (always true when parsing without a tenant, as in unit tests). */
export function isKnownProject(ctx: ParseContext, name: string): boolean {
  return ctx.tenant === null || ctx.tenant.projects.has(name);
}

/** An implied matcher for exactly `branch`. */
export function impliedBranch(branch: string): BranchMatcher {
  return { regex: branch, negate: false, implied: true };
}

/**
 * The implied branch matchers of jobs and project-templates read in this file (Zuul's getImpliedBranches): a pragma
 * decides first, then the tenant's `implied-branch-matchers` for the project; otherwise none for a config-project or
 * a single-branch project, and the file's own branch (or the pragma's `implied-branches`) for the rest.
 */
export function impliedBranches(ctx: ParseContext): readonly BranchMatcher[] | null {
  const own = () => ctx.pragmaImpliedBranches ?? [impliedBranch(ctx.source.branch)];
  let setting = ctx.pragmaImpliedBranchMatchers;
  if (setting === null) setting = ctx.tenant?.projects.get(ctx.source.project)?.impliedBranchMatchers ?? null;
  if (setting === true) return own();
  if (setting === false) return null;
  if (ctx.source.trusted) return null;
  const branches = ctx.tenant?.projectBranches.get(ctx.source.project) ?? [ctx.source.branch];
  if (branches.length <= 1) return null;
  return own();
}

/** The error for an item an untrusted project may not define. */
export function requireTrusted(ctx: ParseContext, pos: SourcePosition, what: string): boolean {
  if (ctx.source.trusted) return true;
  ctx.reporter.error(pos, `${what} may only be defined in a config-project`);
  return false;
}

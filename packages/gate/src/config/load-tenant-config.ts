// Reads every configuration file of a tenant's projects, in Zuul's order, into one ParsedConfig.

import { emptyParsedConfig, type ParsedConfig } from '../model/parsed-config.js';
import type { SourceContext } from '../model/source-context.js';
import { startOfFile } from '../model/source-position.js';
import type { Tenant, TenantProject } from '../model/tenant.js';
import { parseConfigFile } from './config-file-parser.js';
import { type RepoFiles, selectConfigFiles } from './config-files.js';
import type { TenantView } from './parse-context.js';
import { regexMatches } from './regex.js';
import type { Reporter } from './reporter.js';

/** One repository: its branches' files, and the branch to treat as default (master unless said). */
export interface ProjectRepo {
  readonly branches: Readonly<Record<string, RepoFiles>>;
  readonly defaultBranch?: string;
}

/** The repositories of a tenant's projects, by project name. */
export type TenantRepos = Readonly<Record<string, ProjectRepo>>;

/** Options of loading. */
export interface LoadOptions {
  /** The connection names the system has, to check pipeline triggers and reporters; omitted, any name goes. */
  readonly connections?: readonly string[];
}

/** The tenant's parsed objects in load order, and the branches each project had. */
export interface LoadedConfig {
  readonly parsed: ParsedConfig;
  readonly view: TenantView;
}

/**
 * Loads the tenant's configuration as Zuul does: config-projects first (each from its `load-branch`, master by
 * default), then untrusted projects (every branch, the default branch first, filtered by include/exclude-branches);
 * per branch one configuration root (zuul.yaml, zuul.d/, .zuul.yaml, .zuul.d/ — the first found), plus
 * extra-config-paths. Problems go to `reporter`.
 */
export function loadTenantConfig(
  tenant: Tenant,
  repos: TenantRepos,
  reporter: Reporter,
  options: LoadOptions = {},
): LoadedConfig {
  const projectBranches = new Map<string, readonly string[]>();
  for (const project of tenant.projects) {
    const repo = repos[project.name];
    if (!repo) {
      reporter.error(project.pos, `tenant '${tenant.name}': project '${project.name}' has no repository`);
      continue;
    }
    projectBranches.set(project.name, project.trusted ? Object.keys(repo.branches) : loadableBranches(project, repo));
  }
  const view: TenantView = {
    tenant,
    projects: new Map(tenant.projects.map((p) => [p.name, p])),
    projectBranches,
    connections: options.connections ? new Set(options.connections) : null,
  };
  const parsed = emptyParsedConfig();
  for (const project of tenant.projects) {
    const repo = repos[project.name];
    if (!repo) continue;
    const branches = project.trusted ? [project.loadBranch ?? 'master'] : (projectBranches.get(project.name) ?? []);
    for (const branch of branches) {
      const files = repo.branches[branch];
      if (!files) {
        reporter.warning(
          project.pos,
          `config-project '${project.name}' has no branch '${branch}' to load configuration from`,
        );
        continue;
      }
      loadBranch(project, branch, files, reporter.forOrigin({ project: project.name, branch }), view, parsed);
    }
  }
  return { parsed, view };
}

function loadBranch(
  project: TenantProject,
  branch: string,
  files: RepoFiles,
  reporter: Reporter,
  view: TenantView,
  parsed: ParsedConfig,
) {
  const selection = selectConfigFiles(files, project.extraConfigPaths);
  for (const ignored of selection.ignored) {
    reporter.error(
      startOfFile(ignored),
      `configuration in ${ignored} ignored: ${project.name}@${branch} is already configured by ${selection.root}`,
    );
  }
  for (const path of selection.files) {
    const source: SourceContext = {
      connection: project.connection,
      project: project.name,
      branch,
      path,
      trusted: project.trusted,
    };
    parseConfigFile(files[path]!, source, reporter, view, project.include, parsed);
  }
}

/**
 * The branches of an untrusted project whose configuration loads: include-branches (if set) must match and takes
 * priority, otherwise exclude-branches must not; the default branch comes first (Zuul processes it first), then the
 * rest in name order.
 */
export function loadableBranches(project: TenantProject, repo: ProjectRepo): string[] {
  const defaultBranch = repo.defaultBranch ?? 'master';
  const wanted = Object.keys(repo.branches).filter((b) => {
    if (project.includeBranches) return project.includeBranches.some((m) => regexMatches(m, b));
    if (project.excludeBranches) return !project.excludeBranches.some((m) => regexMatches(m, b));
    return true;
  });
  return wanted.sort((a, b) => (a === defaultBranch ? -1 : b === defaultBranch ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

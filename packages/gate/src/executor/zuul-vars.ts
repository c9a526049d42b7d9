// The `zuul` variable a job sees: what the scheduler built (BuildRequest.zuulVars) completed with what only the
// executor knows — where things are on disk (zuul.executor.*, each project's src_dir), the job's timeouts, tags and
// inheritance path (see Zuul's "Job Content" documentation, zuul.* variables).
import type { BuildDir } from './build-dir.js';
import type { BuildRequest } from './executor.js';

export interface ZuulVarsOptions {
  /** zuul.executor.hostname. */
  readonly hostname: string;
  /** Prefixed to project names for canonical names and src dirs (Zuul's connection hostname); null: none. */
  readonly canonicalHostname: string | null;
}

/** A project's canonical name (`<hostname>/<name>`, or the name alone when there is no hostname). */
export function canonicalName(project: string, hostname: string | null): string {
  return hostname ? `${hostname}/${project}` : project;
}

type Vars = Record<string, unknown>;

function asVars(value: unknown): Vars {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Vars) } : {};
}

export function zuulVars(request: BuildRequest, dir: BuildDir, options: ZuulVarsOptions): Vars {
  const given = request.zuulVars;
  const host = options.canonicalHostname;
  const describe = (name: string): Vars => {
    const canonical = canonicalName(name, host);
    return {
      name,
      short_name: name.split('/').pop(),
      canonical_hostname: host ?? '',
      canonical_name: canonical,
      src_dir: `src/${canonical}`,
    };
  };
  const givenProjects = asVars(given.projects);
  const projects: Vars = {};
  for (const repo of request.repos) {
    const known = asVars(givenProjects[repo.project] ?? givenProjects[canonicalName(repo.project, host)]);
    projects[canonicalName(repo.project, host)] = {
      checkout: repo.branch,
      commit: repo.commit,
      required: true,
      ...known,
      ...describe(repo.project),
    };
  }
  const { job } = request;
  return {
    ...given,
    project: { ...asVars(given.project), ...describe(request.item.project) },
    projects,
    timeout: job.timeout,
    post_timeout: job.postTimeout,
    jobtags: [...job.tags],
    max_attempts: job.attempts,
    _inheritance_path: [...job.inheritancePath],
    ansible_version: '2.14',
    executor: {
      hostname: options.hostname,
      src_root: dir.src,
      log_root: dir.logs,
      work_root: dir.work,
      inventory_file: dir.inventory,
      result_data_file: dir.resultData,
    },
  };
}

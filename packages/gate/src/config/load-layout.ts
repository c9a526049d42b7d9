// The config layer's entry points: tenant file → Tenants, and a tenant plus its repositories → a validated Layout.
import type { ConfigError } from '../model/config-error.js';
import type { Layout } from '../model/layout.js';
import type { Tenant } from '../model/tenant.js';
import { buildLayout } from './build-layout.js';
import { type LoadOptions, loadTenantConfig, type TenantRepos } from './load-tenant-config.js';
import { Reporter } from './reporter.js';
import { parseTenantFile } from './tenant-parser.js';

/** The tenants of a tenant configuration file and the problems found in it. */
export interface TenantFileResult {
  readonly tenants: readonly Tenant[];
  readonly errors: readonly ConfigError[];
}

/** Parses a tenant configuration file (Zuul's `main.yaml`). */
export function parseTenantConfig(text: string, file = 'main.yaml'): TenantFileResult {
  const errors: ConfigError[] = [];
  const tenants = parseTenantFile(text, file, new Reporter(errors));
  return { tenants, errors };
}

/**
 * Loads and validates a tenant's layout from its repositories. It never throws on bad configuration: every problem
 * is in `layout.errors` with its file, line and column. To check a proposed change, call it again with the change's
 * files in place of the branch's and keep the errors `errorsCausedBy` selects.
 */
export function loadLayout(tenant: Tenant, repos: TenantRepos, options: LoadOptions = {}): Layout {
  const reporter = new Reporter([]);
  const { parsed, view } = loadTenantConfig(tenant, repos, reporter, options);
  return buildLayout(tenant, parsed, view, reporter);
}

/** The files a proposed change modifies in one project and branch. */
export interface ChangedFiles {
  readonly project: string;
  readonly branch: string;
  readonly paths: readonly string[];
}

/**
 * The errors a proposed change is responsible for, to report on it: every error in a file it modifies, plus any
 * error elsewhere that the layout without the change did not have (e.g. a job in another file whose parent the
 * change removed). Errors that were already there stay the operators' concern.
 */
export function errorsCausedBy(
  before: readonly ConfigError[],
  after: readonly ConfigError[],
  change: ChangedFiles,
): ConfigError[] {
  const key = (e: ConfigError) => `${e.project}\u0000${e.branch}\u0000${e.file}\u0000${e.severity}\u0000${e.message}`;
  const previous = new Map<string, number>();
  for (const e of before) previous.set(key(e), (previous.get(key(e)) ?? 0) + 1);
  const touched = new Set(change.paths);
  return after.filter((e) => {
    if (e.project === change.project && e.branch === change.branch && touched.has(e.file)) return true;
    const left = previous.get(key(e)) ?? 0;
    if (left > 0) {
      previous.set(key(e), left - 1);
      return false;
    }
    return true;
  });
}

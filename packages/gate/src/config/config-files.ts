// Finds a repository's in-repo configuration: zuul.yaml, zuul.d/, .zuul.yaml or .zuul.d/ — only one of them.

/** A repository branch's files: path → content. Only configuration files need be present. */
export type RepoFiles = Readonly<Record<string, string>>;

/** Zuul's ZUUL_CONF_ROOT, in the order Zuul looks for them. */
export const CONFIG_ROOTS = ['zuul.yaml', 'zuul.d', '.zuul.yaml', '.zuul.d'] as const;

/** The files to load, in order, and the configuration roots ignored because an earlier one was found. */
export interface ConfigFileSelection {
  readonly files: readonly string[];
  readonly root: string | null;
  /** The first file of each ignored root (the gate reports an error there). */
  readonly ignored: readonly string[];
}

/**
 * Selects the configuration files of one branch as Zuul's merger and config loader do: the first root present
 * wins (a directory counts when it holds a `.yaml` file); a directory is read recursively in sorted path order, without
 * subdirectories holding a `.zuul.ignore` file; empty files do not count. `extraPaths` (tenant
 * `extra-config-paths`; directories end with `/`) are loaded after, all of them.
 */
export function selectConfigFiles(files: RepoFiles, extraPaths: readonly string[] = []): ConfigFileSelection {
  const paths = Object.keys(files).sort();
  const ignoredDirs = paths.filter((p) => p.endsWith('/.zuul.ignore')).map(dirname);
  const isIgnored = (path: string) => ignoredDirs.some((d) => path.startsWith(`${d}/`));
  const inRoot = (root: string, path: string, isDir: boolean) =>
    isDir ? path.startsWith(`${root}/`) && path.endsWith('.yaml') && !isIgnored(path) : path === root;
  const load = (root: string, isDir: boolean) =>
    paths.filter((p) => inRoot(root, p, isDir) && (files[p] ?? '').trim() !== '');
  let chosen: string | null = null;
  const selected: string[] = [];
  const ignored: string[] = [];
  for (const root of CONFIG_ROOTS) {
    const found = load(root, !root.endsWith('.yaml'));
    if (found.length === 0) continue;
    if (chosen === null) {
      chosen = root;
      selected.push(...found);
    } else ignored.push(found[0]!);
  }
  for (const extra of extraPaths) {
    const isDir = extra.endsWith('/');
    for (const p of load(isDir ? extra.slice(0, -1) : extra, isDir)) if (!selected.includes(p)) selected.push(p);
  }
  return { files: selected, root: chosen, ignored };
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

#!/usr/bin/env node
// Bundles the nubo CLI (our TypeScript only; npm packages stay external) into dist/cli/, so `nubo` starts without
// a TypeScript loader: faster start, less memory. Commands stay in their own chunks, so `nubo --help` loads no
// server code. `--if-stale` rebuilds only when a source is newer than the bundle.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const entry = join(root, 'packages/cli/src/main.ts');
const outdir = join(root, 'dist/cli');
const marker = join(outdir, 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if ((name.endsWith('.ts') && !name.endsWith('.test.ts')) || name === 'package.json')
      newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

if (
  process.argv.includes('--if-stale') &&
  existsSync(marker) &&
  statSync(marker).mtimeMs > newestSource(join(root, 'packages'))
) {
  process.exit(0);
}
// Imported only when a build is due: loading esbuild costs more than checking the sources' times.
const { build } = await import('esbuild');
// Built beside and swapped into place, so a nubo starting meanwhile never reads half a bundle.
const partial = join(root, `dist/.cli-${process.pid}`);
mkdirSync(partial, { recursive: true });
await build({
  entryPoints: [entry],
  outdir: partial,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: '// Built by scripts/build.mjs from packages/*/src: edit those, not this.' },
  // npm packages load from node_modules at run time (native ones must); nubo's own packages are bundled.
  plugins: [
    {
      name: 'external-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@nubo/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
const previous = join(root, `dist/.old-${process.pid}`);
if (existsSync(outdir)) renameSync(outdir, previous);
renameSync(partial, outdir);
rmSync(previous, { recursive: true, force: true });

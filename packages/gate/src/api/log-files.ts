// Resolves a path under a build's log directory without ever leaving it: no `..`, no absolute paths, and no symlink
// (a job may leave any link in its logs) that resolves outside the build's directory.
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { BadRequest, NotFound } from '@nubo/core';

/** A build uuid as the scheduler makes them (hex and dashes); anything else cannot name a log directory. */
const BUILD_UUID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface LogTarget {
  path: string;
  isDirectory: boolean;
  size: number;
}

/** The file or directory `relative` names in the build's logs; 404 when absent, 400 for a path that escapes. */
export async function resolveLogPath(logRoot: string, uuid: string, relative: string): Promise<LogTarget> {
  if (!BUILD_UUID.test(uuid)) throw new NotFound('Build not found');
  const segments = relative.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.includes('\\') || s.includes('\0'))) {
    throw new BadRequest('Invalid log path.');
  }
  let base: string;
  let real: string;
  try {
    base = await realpath(join(logRoot, uuid));
    real = await realpath(join(base, ...segments));
  } catch {
    throw new NotFound('Log file not found');
  }
  if (real !== base && !real.startsWith(base + sep)) throw new NotFound('Log file not found');
  const info = await stat(real);
  return { path: real, isDirectory: info.isDirectory(), size: info.size };
}

const TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.out': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.yml': 'text/plain; charset=utf-8',
  '.conf': 'text/plain; charset=utf-8',
  '.ini': 'text/plain; charset=utf-8',
  '.sh': 'text/plain; charset=utf-8',
  '.py': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.xz': 'application/x-xz',
  '.zip': 'application/zip',
};

/** The content type of a log file by its extension; unknown files are plain text when their name has none. */
export function logContentType(path: string): string {
  const ext = extname(path).toLowerCase();
  return TYPES[ext] ?? (ext === '' ? 'text/plain; charset=utf-8' : 'application/octet-stream');
}

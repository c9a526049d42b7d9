// Build logs at /zuul/logs/<build uuid>/<path>: files with their content type, directories as an index page.
// Logs are written by jobs, so they are served sandboxed (no script of a log page runs with the gate's origin).
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GateApiDeps } from './deps.js';
import { logContentType, resolveLogPath } from './log-files.js';

export function logRoutes(scope: FastifyInstance, deps: GateApiDeps): void {
  const open = { config: { public: true } };
  const serve = async (uuid: string, rest: string, url: string, reply: FastifyReply) => {
    const target = await resolveLogPath(deps.logRoot, uuid, rest);
    reply.header('content-security-policy', 'sandbox');
    reply.header('x-content-type-options', 'nosniff');
    if (target.isDirectory) {
      // Relative links in the index only work from a URL ending in a slash.
      if (!url.split('?')[0]!.endsWith('/')) return reply.redirect(`${url.split('?')[0]}/`, 301);
      return reply.type('text/html; charset=utf-8').send(await indexPage(target.path, `/${rest}`));
    }
    reply.type(logContentType(target.path));
    if (target.size === 0) return reply.send('');
    // A running build's job-output.txt grows while it is sent: send the length that was announced.
    reply.header('content-length', target.size);
    return reply.send(createReadStream(target.path, { start: 0, end: target.size - 1 }));
  };
  scope.get<{ Params: { uuid: string } }>('/logs/:uuid', open, (request, reply) =>
    serve(request.params.uuid, '', request.url, reply),
  );
  scope.get<{ Params: { uuid: string; '*': string } }>('/logs/:uuid/*', open, (request, reply) =>
    serve(request.params.uuid, request.params['*'], request.url, reply),
  );
}

async function indexPage(dir: string, shown: string): Promise<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const rows = entries
    .map((e) => {
      const name = e.isDirectory() ? `${e.name}/` : e.name;
      return `<li><a href="${encodeURIComponent(e.name)}${e.isDirectory() ? '/' : ''}">${escapeHtml(name)}</a></li>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Index of ${escapeHtml(shown)}</title></head><body><h1>Index of ${escapeHtml(shown)}</h1><ul>\n${rows}\n</ul></body></html>\n`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

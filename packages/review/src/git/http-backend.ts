// git's smart HTTP through the real `git http-backend` (a CGI program): request body streamed in, response out.
import { PassThrough, type Readable } from 'node:stream';
import type { GitRunner } from './git.js';

/** The CGI meta-variables git-http-backend(1) reads, and what else its environment should carry. */
export interface CgiRequest {
  /** GIT_PROJECT_ROOT: the directory of the bare repositories. */
  projectRoot: string;
  /** PATH_INFO, e.g. `/nova.git/info/refs`. */
  pathInfo: string;
  queryString: string;
  method: string;
  contentType?: string;
  contentLength?: string;
  /** HTTP_CONTENT_ENCODING: git sends gzip request bodies and http-backend inflates them. */
  contentEncoding?: string;
  /** HTTP_GIT_PROTOCOL: the Git-Protocol header (`version=2`). */
  gitProtocol?: string;
  /** REMOTE_USER: set for an authenticated caller; http-backend enables receive-pack only then. */
  remoteUser?: string;
  remoteAddr?: string;
  /** More environment: configuration, the hook socket and the push token. */
  env?: Record<string, string>;
  /** The request body, piped to the program's standard input as it arrives. */
  body?: Readable;
}

/** The program's answer: the status and headers it printed, then its output as a stream. */
export interface CgiResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
  /** The exit code, once the program is done. */
  exited: Promise<number>;
  /** Ends the program (the client went away). */
  kill(): void;
}

/**
 * Parses a CGI header block (RFC 3875 §6.3): `Status: 403 Forbidden` sets the status (else 200), the other lines
 * are HTTP headers.
 */
export function parseCgiHeaders(block: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const name = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name.toLowerCase()] = value;
  }
  return { status, headers };
}

function headerEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return undefined;
}

/** The headers of a CGI program's output are at most this long (git prints a handful of short lines). */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Runs `git http-backend` for one request. Resolves once the program has printed its headers; the body streams
 * from then on, so neither a pushed nor a fetched pack is ever held in memory whole.
 *
 * @throws Error when the program ends or fails before printing a header block.
 */
export function runHttpBackend(
  git: GitRunner,
  request: CgiRequest,
  onStderr: (text: string) => void,
): Promise<CgiResponse> {
  const env: Record<string, string> = {
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: request.pathInfo,
    QUERY_STRING: request.queryString,
    REQUEST_METHOD: request.method,
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    ...(request.contentType ? { CONTENT_TYPE: request.contentType } : {}),
    ...(request.contentLength ? { CONTENT_LENGTH: request.contentLength } : {}),
    ...(request.contentEncoding ? { HTTP_CONTENT_ENCODING: request.contentEncoding } : {}),
    ...(request.gitProtocol ? { HTTP_GIT_PROTOCOL: request.gitProtocol } : {}),
    ...(request.remoteUser ? { REMOTE_USER: request.remoteUser } : {}),
    ...(request.remoteAddr ? { REMOTE_ADDR: request.remoteAddr } : {}),
    ...request.env,
  };
  const child = git.spawn(['http-backend'], { env });
  const exited = new Promise<number>((resolve) => {
    child.once('close', (code) => resolve(code ?? 128));
    child.once('error', () => resolve(128));
  });
  child.stderr?.on('data', (chunk: Buffer) => onStderr(chunk.toString('utf8')));
  child.stdin?.on('error', () => {});
  if (request.body) {
    request.body.on('error', () => child.stdin?.destroy());
    request.body.pipe(child.stdin!);
  } else child.stdin?.end();

  return new Promise<CgiResponse>((resolve, reject) => {
    const stdout = child.stdout!;
    let pending = Buffer.alloc(0);
    let done = false;
    const fail = (reason: string) => {
      if (done) return;
      done = true;
      child.kill('SIGKILL');
      reject(new Error(`git http-backend: ${reason}`));
    };
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const end = headerEnd(pending);
      if (!end) {
        if (pending.length > MAX_HEADER_BYTES) fail('header block too long');
        return;
      }
      done = true;
      stdout.off('data', onData);
      stdout.off('end', onEnd);
      const { status, headers } = parseCgiHeaders(pending.subarray(0, end.at).toString('latin1'));
      const body = new PassThrough();
      body.write(pending.subarray(end.at + end.length));
      stdout.pipe(body);
      resolve({ status, headers, body, exited, kill: () => child.kill('SIGTERM') });
    };
    const onEnd = () => fail('ended before its headers');
    stdout.on('data', onData);
    stdout.once('end', onEnd);
    child.once('error', (err) => fail(err.message));
  });
}

// The Unix socket the proc-receive hook calls back on: one JSON request line in, one JSON answer out.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@nubo/core';

/** One ref update as git-receive-pack hands it to the hook. */
export interface ReceiveCommand {
  oldValue: string;
  newValue: string;
  ref: string;
}

/** What the hook reports for one command. */
export interface ReceiveResult {
  ref: string;
  ok: boolean;
  /** Let receive-pack update the ref itself (`option fall-through`). */
  fallThrough?: boolean;
  reason?: string;
}

/** What the hook sends: the push's token, its commands and push options. */
export interface HookRequest {
  hook: 'proc-receive';
  /** The push's one-time token, given to git-http-backend's environment. */
  token: string;
  commands: ReceiveCommand[];
  pushOptions: string[];
}

/** Lines for the pusher (`remote: …`) and one result per command, in order. */
export interface HookAnswer {
  messages: string[];
  results: ReceiveResult[];
}

/** Decides about one push's commands. */
export type HookHandler = (request: HookRequest) => Promise<HookAnswer>;

// sockaddr_un.sun_path holds 108 bytes on Linux (104 on macOS), the terminating NUL included.
const MAX_SOCKET_PATH = 100;

function isHookRequest(value: unknown): value is HookRequest {
  const v = value as Partial<HookRequest> | null;
  return (
    v?.hook === 'proc-receive' &&
    typeof v.token === 'string' &&
    Array.isArray(v.commands) &&
    v.commands.every(
      (c) => typeof c?.ref === 'string' && typeof c.newValue === 'string' && typeof c.oldValue === 'string',
    ) &&
    Array.isArray(v.pushOptions) &&
    v.pushOptions.every((o) => typeof o === 'string')
  );
}

/** Listens on a Unix socket only nubo's user can open; each connection carries one hook call. */
export class HookServer {
  private server: Server | undefined;
  private privateDir: string | undefined;
  /** Where the socket is; known after `listen`. */
  socketPath = '';

  constructor(
    private readonly wanted: string,
    private readonly handler: HookHandler,
    private readonly log: Logger,
  ) {}

  async listen(): Promise<void> {
    let path = this.wanted;
    if (path.length > MAX_SOCKET_PATH) {
      this.privateDir = mkdtempSync(join(tmpdir(), 'nubo-review-'));
      path = join(this.privateDir, 'hook.sock');
    }
    // A socket file left by a process that died is in the way; nubo's own live one cannot be (one server per data dir).
    if (existsSync(path)) rmSync(path, { force: true });
    // Half-open: the hook ends its side after the request and still reads the answer.
    const server = createServer({ allowHalfOpen: true }, (socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    chmodSync(path, 0o600);
    this.server = server;
    this.socketPath = path;
  }

  private serve(socket: Socket): void {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err) => this.log.warn({ err }, 'hook connection failed'));
    socket.on('end', () => {
      let request: unknown;
      try {
        request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        request = undefined;
      }
      if (!isHookRequest(request)) {
        socket.end(`${JSON.stringify({ messages: ['malformed hook request'], results: [] })}\n`);
        return;
      }
      this.handler(request)
        .catch((err: unknown): HookAnswer => {
          this.log.error({ err }, 'push processing failed');
          return {
            messages: ['internal error while processing the push'],
            results: request.commands.map((c) => ({ ref: c.ref, ok: false, reason: 'internal error' })),
          };
        })
        .then((answer) => socket.end(`${JSON.stringify(answer)}\n`));
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (this.socketPath) rmSync(this.socketPath, { force: true });
    if (this.privateDir) rmSync(this.privateDir, { recursive: true, force: true });
  }
}

// The git hook nubo installs: a small Node program that hands git's proc-receive protocol to the review service.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * git-receive-pack runs `proc-receive` (githooks(5)) for the refs matching receive.procReceiveRefs — nubo sets
 * `refs/`, so every pushed ref comes here — after the pack is checked and its objects moved out of quarantine. The
 * hook speaks pkt-lines with receive-pack: version negotiation, the commands, the push options, then one report
 * per command (`ok <ref>`, `ok <ref>` + `option fall-through` to let receive-pack update the ref itself, or
 * `ng <ref> <reason>`). This program forwards the commands to the review service over its Unix socket and relays
 * the answer; what it writes to stderr reaches the pusher as `remote:` lines.
 *
 * It is plain JavaScript (run by the same node as nubo, no loader) and takes the socket path and the push's token
 * as arguments from the shell wrapper, which reads them from the environment nubo gave git-http-backend.
 */
const PROGRAM = String.raw`// Written by nubo's review service; rewritten at every start. Do not edit.
import { createConnection } from 'node:net';

const [, , hook, socketPath, token] = process.argv;

class PktReader {
  constructor(stream) {
    this.buffer = Buffer.alloc(0);
    this.waiters = [];
    this.ended = false;
    stream.on('data', (chunk) => { this.buffer = Buffer.concat([this.buffer, chunk]); this.pump(); });
    stream.on('end', () => { this.ended = true; this.pump(); });
  }
  take() {
    if (this.buffer.length < 4) return undefined;
    const length = parseInt(this.buffer.subarray(0, 4).toString('ascii'), 16);
    if (length === 0) { this.buffer = this.buffer.subarray(4); return null; }
    if (this.buffer.length < length) return undefined;
    const payload = this.buffer.subarray(4, length);
    this.buffer = this.buffer.subarray(length);
    return payload.toString('utf8').replace(/\n$/, '');
  }
  pump() {
    while (this.waiters.length > 0) {
      const packet = this.take();
      if (packet === undefined) {
        if (!this.ended) return;
        this.waiters.shift().reject(new Error('receive-pack closed the protocol early'));
        continue;
      }
      this.waiters.shift().resolve(packet);
    }
  }
  read() { return new Promise((resolve, reject) => { this.waiters.push({ resolve, reject }); this.pump(); }); }
  async section() {
    const lines = [];
    for (;;) { const line = await this.read(); if (line === null) return lines; lines.push(line); }
  }
}

function packet(line) {
  const body = Buffer.from(line + '\n', 'utf8');
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0'), 'ascii'), body]);
}
const FLUSH = Buffer.from('0000', 'ascii');

function call(request) {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    const chunks = [];
    socket.on('connect', () => socket.end(JSON.stringify(request) + '\n'));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch (err) { reject(err); }
    });
  });
}

async function procReceive() {
  const reader = new PktReader(process.stdin);
  const version = await reader.section();
  const offered = (version[0] ?? '').split('\0')[1]?.split(' ') ?? [];
  const wantOptions = offered.includes('push-options');
  process.stdout.write(Buffer.concat([packet(wantOptions ? 'version=1\0push-options' : 'version=1'), FLUSH]));
  const commands = (await reader.section()).map((line) => {
    const [oldValue, newValue, ref] = line.split(' ');
    return { oldValue, newValue, ref };
  });
  const pushOptions = wantOptions ? await reader.section() : [];
  let answer;
  try {
    answer = await call({ hook: 'proc-receive', token, commands, pushOptions });
  } catch (err) {
    answer = { messages: ['internal error: the review service did not answer'], results: commands.map((c) => ({ ref: c.ref, ok: false, reason: 'internal error' })) };
  }
  if (answer.messages?.length) process.stderr.write(answer.messages.map((m) => m + '\n').join(''));
  const out = [];
  for (const result of answer.results) {
    if (result.ok) {
      out.push(packet('ok ' + result.ref));
      if (result.fallThrough) out.push(packet('option fall-through'));
    } else out.push(packet('ng ' + result.ref + ' ' + result.reason));
  }
  out.push(FLUSH);
  process.stdout.write(Buffer.concat(out));
}

if (hook === 'proc-receive') {
  procReceive().catch((err) => { process.stderr.write('nubo proc-receive hook: ' + err.message + '\n'); process.exit(1); });
} else {
  process.stderr.write('nubo hook: unknown hook ' + hook + '\n');
  process.exit(1);
}
`;

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Writes the hook program and its `proc-receive` wrapper into `dir` (given to git as core.hooksPath), for the
 * node at `nodePath`.
 */
export async function installHooks(dir: string, nodePath: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const program = join(dir, 'nubo-hook.mjs');
  await writeFile(program, PROGRAM, { mode: 0o600 });
  const wrapper =
    '#!/bin/sh\n# Written by nubo: hands the push to the review service.\n' +
    `exec ${shellQuote(nodePath)} ${shellQuote(program)} proc-receive "$NUBO_REVIEW_HOOK_SOCKET" "$NUBO_REVIEW_PUSH_TOKEN"\n`;
  const hook = join(dir, 'proc-receive');
  await writeFile(hook, wrapper, { mode: 0o700 });
  await chmod(hook, 0o700);
}

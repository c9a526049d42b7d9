// Running host tools (crun, mount, ip, tar, mkfs.ext4) without a shell: arguments are passed as a list, so no
// instance name or image path is ever interpreted by a shell.
import { execFile, spawn } from 'node:child_process';

/** A host command that failed, with what it printed. */
export class CommandFailed extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`${command} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}`);
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args…` and resolves with its exit code and output, whatever the code. */
export function runCommand(file: string, args: string[], options: { timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') return reject(err);
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs `file args…` and returns stdout; throws CommandFailed on a non-zero exit. */
export async function run(file: string, args: string[], options: { timeoutMs?: number } = {}): Promise<string> {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) throw new CommandFailed([file, ...args].join(' '), result.code, result.stderr);
  return result.stdout;
}

/** Runs `file args…` with stdout+stderr appended to the open file `fd` (a console log), stdin closed. */
export function runToFd(file: string, args: string[], fd: number, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', fd, fd] });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new CommandFailed([file, ...args].join(' '), code, '(see the console log)'));
    });
  });
}

/** Runs `file args…` and collects its stdout as bytes (tar of a root filesystem); `okCodes` are not failures. */
export function runToBuffer(file: string, args: string[], okCodes: number[] = [0]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== null && okCodes.includes(code)) resolve(Buffer.concat(out));
      else reject(new CommandFailed([file, ...args].join(' '), code, err));
    });
  });
}

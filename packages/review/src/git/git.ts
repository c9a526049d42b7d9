// Runs the real git CLI with an environment of its own (hermetic: no user or system config, C locale).
import { type ChildProcess, spawn } from 'node:child_process';

/** The outcome of one git run. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A git run that ended with an exit code the caller did not accept. */
export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly result: GitResult,
  ) {
    super(`git ${args.join(' ')} exited ${result.code}: ${result.stderr.trim().slice(0, 2000)}`);
    this.name = 'GitError';
  }
}

/** How one git command runs. */
export interface GitRunOptions {
  /** Working directory; the repository is named with `gitDir` or found from here. */
  cwd?: string;
  /** Sets GIT_DIR (a bare repository). */
  gitDir?: string;
  /** Written to git's standard input. */
  input?: string | Buffer;
  /** Extra environment (author and committer, CGI variables, config). */
  env?: Record<string, string>;
  /** Exit codes that are not errors (default: only 0). */
  okCodes?: number[];
}

/** A `name <email>` with a time, as git records authors and committers. */
export interface Person {
  name: string;
  email: string;
  /** ISO 8601. */
  date: string;
}

/** Where git is and the environment it gets. */
export interface GitRunnerOptions {
  binary: string;
  /** PATH for git and its hooks. */
  searchPath: string;
  /** HOME for git: a directory of nubo's, so no user's ~/.gitconfig applies. */
  home: string;
}

/** Runs git commands; every run gets the same hermetic base environment plus what the caller adds. */
export class GitRunner {
  constructor(private readonly options: GitRunnerOptions) {}

  /** The environment every git child gets before the caller's additions. */
  baseEnv(): Record<string, string> {
    return {
      PATH: this.options.searchPath,
      HOME: this.options.home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      LANG: 'C',
      LC_ALL: 'C',
    };
  }

  /** Starts git with pipes on all three streams; the caller owns the child. */
  spawn(args: string[], options: Omit<GitRunOptions, 'input' | 'okCodes'> = {}): ChildProcess {
    const env = { ...this.baseEnv(), ...(options.gitDir ? { GIT_DIR: options.gitDir } : {}), ...options.env };
    return spawn(this.options.binary, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /**
   * Runs git to completion and collects its output.
   *
   * @throws GitError when the exit code is not in `okCodes`.
   */
  async run(args: string[], options: GitRunOptions = {}): Promise<GitResult> {
    const child = this.spawn(args, options);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    // A git that exits before reading all its input must not crash us with EPIPE.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode ?? 128));
    });
    const result = { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
    if (!(options.okCodes ?? [0]).includes(code)) throw new GitError(args, result);
    return result;
  }

  /** Author and committer environment for commands that write commits. */
  static identityEnv(author: Person, committer: Person): Record<string, string> {
    return {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: author.date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: committer.date,
    };
  }

  /** Configuration passed through the environment (GIT_CONFIG_COUNT, git ≥ 2.31), so repositories need none. */
  static configEnv(entries: [string, string][]): Record<string, string> {
    const env: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
    entries.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
    return env;
  }
}

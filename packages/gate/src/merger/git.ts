// Runs the git CLI for the merger: a hermetic environment (no user or system config), the merger's identity.
import { execFile } from 'node:child_process';

/** A git command that exited non-zero; `code` and `stderr` tell why (e.g. merge-tree's 1 means conflicts). */
export class GitError extends Error {
  override name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly code: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} exited ${code}: ${stderr.trim() || stdout.trim()}`);
  }
}

export interface GitOptions {
  readonly cwd?: string;
  readonly input?: string;
  /** Exit codes that are answers, not failures (returned in `code`). */
  readonly okCodes?: readonly number[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The git program with the merger's environment; `home` keeps users' config out. */
export class Git {
  private readonly env: NodeJS.ProcessEnv;

  constructor(home: string, searchPath: string, binary = 'git') {
    this.binary = binary;
    this.env = {
      PATH: searchPath,
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      LANG: 'C',
      LC_ALL: 'C',
      GIT_AUTHOR_NAME: 'Zuul',
      GIT_AUTHOR_EMAIL: 'zuul@nubo.invalid',
      GIT_COMMITTER_NAME: 'Zuul',
      GIT_COMMITTER_EMAIL: 'zuul@nubo.invalid',
    };
  }

  private readonly binary: string;

  /** Like `run`, with extra environment variables (e.g. GIT_INDEX_FILE). */
  runWithEnv(gitDir: string | null, args: readonly string[], env: Record<string, string>): Promise<GitResult> {
    return this.run(gitDir, args, { env });
  }

  run(gitDir: string | null, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
    const full = gitDir ? ['--git-dir', gitDir, ...args] : [...args];
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.binary,
        full,
        {
          cwd: options.cwd,
          env: options.env ? { ...this.env, ...options.env } : this.env,
          maxBuffer: 64 * 1024 * 1024,
        },
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : 1
            : 0;
          if (code === 0 || options.okCodes?.includes(code)) resolve({ code, stdout, stderr });
          else reject(new GitError(args, code, stdout, stderr));
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  }

  /** The trimmed standard output of a command that must succeed. */
  async out(gitDir: string | null, args: readonly string[], options: GitOptions = {}): Promise<string> {
    return (await this.run(gitDir, args, options)).stdout.trim();
  }
}

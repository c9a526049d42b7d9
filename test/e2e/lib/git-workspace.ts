// A temporary directory for end-to-end tests that drive git and git-review: a HOME of its own with git's identity
// for commits, and an environment that ignores the machine's git config and never prompts.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates the workspace (`<dir>/home/.gitconfig`); the caller removes `dir` when done. */
export function createGitWorkspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'home'));
  writeFileSync(join(dir, 'home', '.gitconfig'), '[user]\n\tname = E2E Tester\n\temail = e2e@example.com\n');
  return dir;
}

/** The environment git runs with in a workspace. */
export function gitEnv(workspace: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: join(workspace, 'home'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    LANG: 'C',
    LC_ALL: 'C',
  };
}

// Everything a review handler or domain function needs, built once in the composition root (plugin.ts).
import type { DialectName, Logger, PolicyEngine } from '@nubo/core';
import type { AccountRegistry } from './accounts.js';
import type { ReviewConfig } from './config.js';
import type { ReviewDb } from './db/tables.js';
import type { EventStream } from './events/event-stream.js';
import type { GitRunner } from './git/git.js';
import type { Merger } from './git/merger.js';
import type { RepositoryStore } from './git/repositories.js';
import type { IdentityClient } from './identity-client.js';
import type { ProjectLocks } from './project-locks.js';
import type { PushSessions } from './push-sessions.js';

/** The review service's dependencies, shared by every handler and domain function. */
export interface ReviewContext {
  db: ReviewDb;
  dialect: DialectName;
  config: ReviewConfig;
  policy: PolicyEngine;
  git: GitRunner;
  repos: RepositoryStore;
  merger: Merger;
  identity: IdentityClient;
  accounts: AccountRegistry;
  events: EventStream;
  /** The pushes under way, by the token their hook calls back with. */
  pushes: PushSessions;
  locks: ProjectLocks;
  /** Where the hooks live (given to git as core.hooksPath) and the socket they call. */
  hooks: { dir: string; socketPath: () => string };
  /** The review endpoint as clients reach it, e.g. http://127.0.0.1:5000/review. */
  baseUrl: string;
  log: Logger;
}

// The pushes under way: git-http-backend gets a one-time token, and the hook hands it back with the commands.
import { newSecret } from '@nubo/core';
import type { Caller } from './caller.js';
import type { ReceiveCommand } from './git/hook-server.js';

/** One receive-pack run: who pushes to which project, and the direct updates left to receive-pack. */
export interface PushSession {
  token: string;
  project: string;
  caller: Caller;
  /** Commands answered with `option fall-through`; checked against the refs once the push is over. */
  fallThrough: ReceiveCommand[];
}

/** The pushes under way, by token. */
export class PushSessions {
  private readonly sessions = new Map<string, PushSession>();

  open(project: string, caller: Caller): PushSession {
    const session: PushSession = { token: newSecret(24), project, caller, fallThrough: [] };
    this.sessions.set(session.token, session);
    return session;
  }

  get(token: string): PushSession | undefined {
    return this.sessions.get(token);
  }

  close(token: string): void {
    this.sessions.delete(token);
  }
}

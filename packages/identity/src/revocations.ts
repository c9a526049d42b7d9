// Revocation events: revoked tokens, and every token of a user (password change, disable) issued before a moment.
import { newHexId } from '@nubo/core';
import type { IdentityContext } from './context.js';
import { insertRevocationEvent, listRevocationEvents, pruneRevocationEvents } from './db/revocations.js';
import type { RevocationEventRow } from './db/tables.js';

export interface RevocationSubject {
  userId: string;
  projectId?: string;
  domainId?: string;
  auditIds: string[];
  issuedAt: Date;
}

const cache = new WeakMap<IdentityContext, { revision: number; events: RevocationEventRow[] }>();

/** True when an event matches the token: every field the event sets matches, and the token is not newer. */
export async function isRevoked(ctx: IdentityContext, token: RevocationSubject): Promise<boolean> {
  for (const event of await events(ctx)) {
    if (event.user_id !== null && event.user_id !== token.userId) continue;
    if (event.project_id !== null && event.project_id !== token.projectId) continue;
    if (event.domain_id !== null && event.domain_id !== token.domainId) continue;
    if (event.audit_id !== null && !token.auditIds.includes(event.audit_id)) continue;
    // Fernet timestamps have whole seconds, so a token issued in the second of the event counts as before it,
    // as in Keystone: revocation wins over a same-second re-issue.
    if (token.issuedAt.getTime() <= Date.parse(event.issued_before)) return true;
  }
  return false;
}

/** Revokes one token and every token re-issued from it (its audit chain). */
export function revokeAuditId(ctx: IdentityContext, auditId: string): Promise<void> {
  return record(ctx, { audit_id: auditId });
}

/** Revokes every token of a user issued until now (password change, disable, delete). */
export function revokeUserTokens(ctx: IdentityContext, userId: string): Promise<void> {
  return record(ctx, { user_id: userId });
}

export function revokeProjectTokens(ctx: IdentityContext, projectId: string): Promise<void> {
  return record(ctx, { project_id: projectId });
}

async function record(ctx: IdentityContext, fields: Partial<RevocationEventRow>): Promise<void> {
  const now = new Date();
  await insertRevocationEvent(ctx.db, {
    id: newHexId(),
    user_id: fields.user_id ?? null,
    project_id: fields.project_id ?? null,
    domain_id: fields.domain_id ?? null,
    audit_id: fields.audit_id ?? null,
    issued_before: now.toISOString(),
    revoked_at: now.toISOString(),
  });
  // An event older than the longest token lifetime can no longer match anything.
  await pruneRevocationEvents(ctx.db, new Date(now.getTime() - ctx.config.tokenExpirationSeconds * 2000).toISOString());
  ctx.changes.bump();
}

async function events(ctx: IdentityContext): Promise<RevocationEventRow[]> {
  const hit = cache.get(ctx);
  if (hit && hit.revision === ctx.changes.value) return hit.events;
  const revision = ctx.changes.value;
  const rows = await listRevocationEvents(ctx.db);
  cache.set(ctx, { revision, events: rows });
  return rows;
}

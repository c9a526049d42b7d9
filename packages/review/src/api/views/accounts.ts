// AccountInfo and Gerrit's timestamp format.
import type { Account } from '../../accounts.js';

/** Gerrit's AccountInfo; nubo always sends the detailed form (DETAILED_ACCOUNTS), a superset clients accept. */
export function accountInfo(account: Account | undefined, id?: number): Record<string, unknown> {
  if (!account) return { _account_id: id ?? 0 };
  return {
    _account_id: account.accountId,
    name: account.username,
    ...(account.email ? { email: account.email } : {}),
    username: account.username,
  };
}

/** Gerrit's REST timestamp: UTC, `yyyy-MM-dd HH:mm:ss.SSSSSSSSS` (Documentation/rest-api.txt "Timestamp"). */
export function gerritTime(iso: string): string {
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 23)}000000`;
}

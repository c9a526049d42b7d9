// Accounts: Gerrit's numeric `_account_id` for each Keystone user that calls the review service.
import { type AuthContext, isUniqueViolation } from '@nubo/core';
import * as q from './db/accounts.js';
import type { AccountRow, ReviewDb } from './db/tables.js';
import type { Person } from './git/git.js';
import type { IdentityClient } from './identity-client.js';

/** A review account: a Keystone user as Gerrit's AccountInfo names it. */
export interface Account {
  accountId: number;
  userId: string;
  username: string;
  email: string | null;
}

function fromRow(row: AccountRow): Account {
  return { accountId: Number(row.account_id), userId: row.user_id, username: row.username, email: row.email };
}

/** The account as a git identity (the email falls back to an RFC 2606 `.invalid` address). */
export function personOf(account: Account, date = new Date()): Person {
  return {
    name: account.username,
    email: account.email ?? `${account.username}@nubo.invalid`,
    date: date.toISOString(),
  };
}

/** Finds or makes the account of a Keystone user; keeps every account it has seen in memory. */
export class AccountRegistry {
  private readonly byUser = new Map<string, Account>();
  private readonly byId = new Map<number, Account>();

  constructor(
    private readonly db: ReviewDb,
    private readonly identity: IdentityClient,
  ) {}

  private remember(account: Account): Account {
    this.byUser.set(account.userId, account);
    this.byId.set(account.accountId, account);
    return account;
  }

  /** The caller's account, created on its first call (with its email from Identity). */
  async ensure(auth: AuthContext): Promise<Account> {
    const cached = this.byUser.get(auth.userId);
    if (cached && cached.username === auth.userName) return cached;
    const row = await q.findAccountByUser(this.db, auth.userId);
    if (row) {
      if (row.username !== auth.userName)
        await q.updateAccount(this.db, Number(row.account_id), { username: auth.userName });
      return this.remember({ ...fromRow(row), username: auth.userName });
    }
    const email = await this.identity.userEmail(auth.userId);
    // Two first calls of one user may race; the loser reads the winner's row.
    for (let attempt = 0; attempt < 5; attempt++) {
      const account: Account = {
        accountId: await q.nextAccountId(this.db),
        userId: auth.userId,
        username: auth.userName,
        email,
      };
      try {
        await q.insertAccount(this.db, {
          account_id: account.accountId,
          user_id: account.userId,
          username: account.username,
          email: account.email,
          created_at: new Date().toISOString(),
        });
        return this.remember(account);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const winner = await q.findAccountByUser(this.db, auth.userId);
        if (winner) return this.remember(fromRow(winner));
      }
    }
    throw new Error(`could not allocate an account id for user ${auth.userId}`);
  }

  /** The accounts of these ids (unknown ids are left out). */
  async byIds(ids: number[]): Promise<Map<number, Account>> {
    const out = new Map<number, Account>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const known = this.byId.get(id);
      if (known) out.set(id, known);
      else missing.push(id);
    }
    for (const row of await q.listAccounts(this.db, missing))
      out.set(Number(row.account_id), this.remember(fromRow(row)));
    return out;
  }

  /** Accounts whose id, username or email is `text`. */
  async matching(text: string): Promise<Account[]> {
    return (await q.findAccountsMatching(this.db, text)).map((row) => this.remember(fromRow(row)));
  }
}

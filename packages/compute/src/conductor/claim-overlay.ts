// Claims this conductor is making or has just made, laid over Placement's provider summaries so that builds
// scheduled at the same moment see each other (Nova's HostState.consume_from_request): without it, concurrent
// requests read the same usages and all pick the same "emptiest" host. It only shifts weights; capacity is still
// decided by Placement's claim.
import type { Resources } from '../placement.js';
import type { HostState } from '../scheduler/host-state.js';

interface Entry {
  nodeUuid: string;
  resources: Resources;
  /** Sequence number when Placement had it (a read started after this sees it); undefined while in flight. */
  committedAt?: number;
}

/** Claims in flight or recent, keyed by a sequence that orders them against Placement reads. */
export class ClaimOverlay {
  private seq = 0;
  private readonly entries = new Set<Entry>();
  /** Sequence numbers of Placement reads in flight. */
  private readonly reads = new Map<number, number>();

  /** Marks the start of a Placement read; pass the result to apply() and done(). */
  beginRead(): number {
    const at = ++this.seq;
    this.reads.set(at, (this.reads.get(at) ?? 0) + 1);
    return at;
  }

  /** Adds the claims a read started at `readAt` may have missed to the hosts' usage. */
  apply(hosts: HostState[], readAt: number): void {
    for (const entry of this.entries) {
      if (entry.committedAt !== undefined && entry.committedAt < readAt) continue;
      const host = hosts.find((h) => h.nodeUuid === entry.nodeUuid);
      if (!host) continue;
      for (const [rc, amount] of Object.entries(entry.resources)) host.used[rc] = (host.used[rc] ?? 0) + amount;
    }
  }

  /** Keeps the read started at `readAt` open once more (its answer is kept for later use): one more done() ends it. */
  retain(readAt: number): void {
    this.reads.set(readAt, (this.reads.get(readAt) ?? 0) + 1);
  }

  /** The read started at `readAt` is over; entries every remaining read will see are dropped. */
  done(readAt: number): void {
    const left = (this.reads.get(readAt) ?? 1) - 1;
    if (left <= 0) this.reads.delete(readAt);
    else this.reads.set(readAt, left);
    const oldest = this.reads.size > 0 ? Math.min(...this.reads.keys()) : Number.POSITIVE_INFINITY;
    for (const entry of this.entries)
      if (entry.committedAt !== undefined && entry.committedAt < oldest) this.entries.delete(entry);
  }

  /** Records a claim about to be made; call settle() with whether Placement took it. */
  add(nodeUuid: string, resources: Resources): { settle(claimed: boolean): void } {
    const entry: Entry = { nodeUuid, resources };
    this.entries.add(entry);
    return {
      settle: (claimed) => {
        if (!claimed) this.entries.delete(entry);
        else entry.committedAt = ++this.seq;
        if (this.reads.size === 0 && claimed) this.entries.delete(entry);
      },
    };
  }
}

// Allocation candidates shared by the builds scheduled within a short window (Nova's scheduler likewise keeps host
// states in memory and consumes from them between refreshes): concurrent requests for the same resources wait on
// one GET /allocation_candidates, and the claim overlay adds what was claimed since. Once an answer expires, the
// next request starts a refresh and — while it runs — builds keep using the last answer (a little older, the
// overlay still adds what was claimed since it was read) instead of all waiting on Placement. Capacity is still
// checked by each claim; a request that finds no host in a shared answer asks Placement afresh.
import type { AllocationCandidates, CandidateQuery, PlacementApi } from '../placement.js';
import type { ClaimOverlay } from './claim-overlay.js';

interface Entry {
  readAt: number;
  answer: Promise<AllocationCandidates>;
  expiresAt: number;
}

/** The last answer that arrived for a query, kept (its overlay read open) to serve while a refresh runs. */
interface Last {
  readAt: number;
  candidates: AllocationCandidates;
  arrivedAt: number;
}

/** A read of the candidates: the answer and the overlay sequence it was read at. */
export interface CandidatesRead {
  candidates: AllocationCandidates;
  readAt: number;
  /** Whether it was shared from an earlier request (a stale answer may be retried fresh). */
  shared: boolean;
}

/** How many ttls the last answer may serve while its refresh runs. */
const STALE_TTLS = 8;

/** Allocation candidates per query, shared for `ttlMs` (0: never shared). */
export class CandidateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly last = new Map<string, Last>();

  constructor(
    private readonly placement: PlacementApi,
    private readonly overlay: ClaimOverlay,
    private readonly ttlMs: number,
  ) {}

  /** The candidates for `query`: shared when an answer younger than the ttl exists (or is on its way). */
  async get(query: CandidateQuery, fresh = false): Promise<CandidatesRead> {
    this.purge();
    const key = JSON.stringify(query);
    if (this.ttlMs <= 0) {
      const readAt = this.overlay.beginRead();
      try {
        return { candidates: await this.placement.getAllocationCandidates(query), readAt, shared: false };
      } finally {
        this.overlay.done(readAt);
      }
    }
    const cached = fresh ? undefined : this.entries.get(key);
    if (cached) return { candidates: await cached.answer, readAt: cached.readAt, shared: true };
    const last = fresh ? undefined : this.last.get(key);
    const entry = this.refresh(key, query);
    if (last) {
      // The refresh runs on its own; its failure only means the next request tries again.
      entry.answer.catch(() => undefined);
      return { candidates: last.candidates, readAt: last.readAt, shared: true };
    }
    return { candidates: await entry.answer, readAt: entry.readAt, shared: false };
  }

  /** Asks Placement for `query`; the answer becomes the shared one, and the last one once it arrives. */
  private refresh(key: string, query: CandidateQuery): Entry {
    const readAt = this.overlay.beginRead();
    const answer = this.placement.getAllocationCandidates(query);
    const entry: Entry = { readAt, answer, expiresAt: Date.now() + this.ttlMs };
    const previous = this.entries.get(key);
    if (previous) this.overlay.done(previous.readAt);
    this.entries.set(key, entry);
    setTimeout(() => this.purge(), this.ttlMs + 1).unref();
    answer.then(
      (candidates) => {
        const older = this.last.get(key);
        if (older && older.readAt > readAt) return;
        // The last answer keeps a read of its own open, so the overlay keeps the claims made since.
        this.overlay.retain(readAt);
        if (older) this.overlay.done(older.readAt);
        this.last.set(key, { readAt, candidates, arrivedAt: Date.now() });
      },
      () => {
        if (this.entries.get(key) !== entry) return;
        this.entries.delete(key);
        this.overlay.done(readAt);
      },
    );
    return entry;
  }

  private purge(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) continue;
      this.entries.delete(key);
      this.overlay.done(entry.readAt);
    }
    for (const [key, last] of this.last) {
      if (now - last.arrivedAt <= STALE_TTLS * this.ttlMs) continue;
      this.last.delete(key);
      this.overlay.done(last.readAt);
    }
  }
}

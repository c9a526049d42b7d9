// Allocation candidates shared by the builds scheduled within a short window (Nova's scheduler likewise keeps host
// states in memory and consumes from them between refreshes): concurrent requests for the same resources wait on
// one GET /allocation_candidates, and the claim overlay adds what was claimed since. Capacity is still checked by
// each claim; a request that finds no host in a shared answer asks Placement afresh.
import type { AllocationCandidates, CandidateQuery, PlacementApi } from '../placement.js';
import type { ClaimOverlay } from './claim-overlay.js';

interface Entry {
  readAt: number;
  answer: Promise<AllocationCandidates>;
  expiresAt: number;
}

/** A read of the candidates: the answer and the overlay sequence it was read at. */
export interface CandidatesRead {
  candidates: AllocationCandidates;
  readAt: number;
  /** Whether it was shared from an earlier request (a stale answer may be retried fresh). */
  shared: boolean;
}

/** Allocation candidates per query, shared for `ttlMs` (0: never shared). */
export class CandidateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly placement: PlacementApi,
    private readonly overlay: ClaimOverlay,
    private readonly ttlMs: number,
  ) {}

  /** The candidates for `query`: shared when an answer younger than the ttl exists (or is on its way). */
  async get(query: CandidateQuery, fresh = false): Promise<CandidatesRead> {
    this.purge();
    const key = JSON.stringify(query);
    const cached = fresh || this.ttlMs <= 0 ? undefined : this.entries.get(key);
    if (cached) return { candidates: await cached.answer, readAt: cached.readAt, shared: true };
    const readAt = this.overlay.beginRead();
    const entry: Entry = {
      readAt,
      answer: this.placement.getAllocationCandidates(query),
      expiresAt: Date.now() + this.ttlMs,
    };
    if (this.ttlMs <= 0) {
      try {
        return { candidates: await entry.answer, readAt, shared: false };
      } finally {
        this.overlay.done(readAt);
      }
    }
    const previous = this.entries.get(key);
    if (previous) this.overlay.done(previous.readAt);
    this.entries.set(key, entry);
    setTimeout(() => this.purge(), this.ttlMs + 1).unref();
    try {
      return { candidates: await entry.answer, readAt, shared: false };
    } catch (err) {
      if (this.entries.get(key) === entry) {
        this.entries.delete(key);
        this.overlay.done(readAt);
      }
      throw err;
    }
  }

  private purge(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) continue;
      this.entries.delete(key);
      this.overlay.done(entry.readAt);
    }
  }
}

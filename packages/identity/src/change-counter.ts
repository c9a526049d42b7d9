// A number bumped on every identity write, so in-memory caches (validated tokens, catalog) know they are stale.
// It is per process: a scaled-out deployment with several identity API processes needs a shared one (not yet).

export class ChangeCounter {
  private current = 0;

  get value(): number {
    return this.current;
  }

  bump(): void {
    this.current++;
  }
}

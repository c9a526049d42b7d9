// One queue per project: pushes and submits of a project run one at a time in this process.

/**
 * Serialises work per key. Across processes the refs are still safe: every branch move is a compare-and-swap.
 *
 * @example await locks.run('nova', () => submit(change));
 */
export class ProjectLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => {});
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

// The in-process bus: handlers run on the next tick, so publishers never wait on subscribers.
import type { BusHandler, BusMessage, MessageBus } from './bus.js';

export class InProcessBus implements MessageBus {
  private readonly handlers = new Map<string, Set<BusHandler>>();
  private closed = false;

  constructor(private readonly onHandlerError: (err: unknown, message: BusMessage) => void = () => {}) {}

  async publish<T>(topic: string, payload: T): Promise<void> {
    if (this.closed) return;
    const message: BusMessage<T> = { topic, payload };
    for (const handler of this.handlers.get(topic) ?? []) {
      setImmediate(() => {
        Promise.resolve()
          .then(() => handler(message))
          .catch((err) => this.onHandlerError(err, message));
      });
    }
  }

  subscribe<T>(topic: string, handler: BusHandler<T>): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler as BusHandler);
    return () => set.delete(handler as BusHandler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }
}

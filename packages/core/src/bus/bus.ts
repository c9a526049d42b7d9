// The message bus: it only wakes workers (the database is the truth), so a lost message delays work, never loses it.

/** A published message: a topic and a JSON-serialisable payload. */
export interface BusMessage<T = unknown> {
  topic: string;
  payload: T;
}

export type BusHandler<T = unknown> = (message: BusMessage<T>) => void | Promise<void>;

/**
 * Publish/subscribe by topic. Implementations: in-process (default) and AMQP (scale-out).
 * `publish` never throws for a missing subscriber; handlers' errors are logged, not propagated.
 */
export interface MessageBus {
  publish<T>(topic: string, payload: T): Promise<void>;
  /** Returns a function that unsubscribes. */
  subscribe<T>(topic: string, handler: BusHandler<T>): () => void;
  close(): Promise<void>;
}

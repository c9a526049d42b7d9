// Where events go: the bus (topic `review.event`, for the gate), /events subscribers, and project webhooks.
import type { Logger, MessageBus } from '@nubo/core';
import type { ReviewEvent } from './gerrit-events.js';

/** The bus topic every review event is published on. */
export const REVIEW_EVENT_TOPIC = 'review.event';

/** An event with its position in this process's stream (the SSE `id`). */
export interface StreamedEvent {
  id: number;
  event: ReviewEvent;
}

/** Delivers an event to the webhooks of its project; never throws. */
export type WebhookDelivery = (project: string | undefined, event: ReviewEvent) => Promise<void>;

/** Numbers events, keeps the latest for replay, and fans them out. */
export class EventStream {
  private sequence = 0;
  private readonly backlog: StreamedEvent[] = [];
  private readonly subscribers = new Set<(streamed: StreamedEvent) => void>();
  private readonly closers = new Set<() => void>();

  constructor(
    private readonly bus: MessageBus,
    private readonly backlogSize: number,
    private readonly log: Logger,
    private readonly webhooks: WebhookDelivery = async () => {},
  ) {}

  /** Publishes one event; subscribers' and webhooks' failures are logged, never thrown. */
  async publish(event: ReviewEvent): Promise<void> {
    const streamed = { id: ++this.sequence, event };
    this.backlog.push(streamed);
    if (this.backlog.length > this.backlogSize) this.backlog.splice(0, this.backlog.length - this.backlogSize);
    for (const subscriber of this.subscribers) {
      try {
        subscriber(streamed);
      } catch (err) {
        this.log.warn({ err }, 'event subscriber failed');
      }
    }
    await this.bus.publish(REVIEW_EVENT_TOPIC, event);
    const project = projectOf(event);
    void this.webhooks(project, event).catch((err) => this.log.warn({ err }, 'webhook delivery failed'));
  }

  /**
   * Calls `listener` for every event from now on, after replaying those after `lastEventId` still in the backlog;
   * `onClose` runs when the stream shuts down. Returns the function that unsubscribes.
   */
  subscribe(listener: (streamed: StreamedEvent) => void, lastEventId?: number, onClose?: () => void): () => void {
    if (lastEventId !== undefined)
      for (const streamed of this.backlog) if (streamed.id > lastEventId) listener(streamed);
    this.subscribers.add(listener);
    if (onClose) this.closers.add(onClose);
    return () => {
      this.subscribers.delete(listener);
      if (onClose) this.closers.delete(onClose);
    };
  }

  /** Ends every subscription (the service stops: open /events responses must not keep the server up). */
  close(): void {
    for (const close of [...this.closers]) close();
    this.closers.clear();
    this.subscribers.clear();
  }
}

function projectOf(event: ReviewEvent): string | undefined {
  if (typeof event.project === 'string') return event.project;
  const refUpdate = event.refUpdate as { project?: unknown } | undefined;
  return typeof refUpdate?.project === 'string' ? refUpdate.project : undefined;
}

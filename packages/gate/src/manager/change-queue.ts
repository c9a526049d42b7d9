// A change queue: the ordered items of a pipeline that are tested together, with the dependent pipeline's window.
import type { PipelineWindow } from '../model/pipeline.js';
import type { QueueItem } from './queue-item.js';

/** The window after a merge: +factor (linear) or ×factor (exponential), never past the ceiling. */
export function grownWindow(window: number, cfg: PipelineWindow): number {
  const next = cfg.increaseType === 'linear' ? window + cfg.increaseFactor : window * cfg.increaseFactor;
  return cfg.ceiling !== null ? Math.min(cfg.ceiling, next) : next;
}

/** The window after a failure: −factor (linear) or ÷factor (exponential), never under the floor. */
export function shrunkWindow(window: number, cfg: PipelineWindow): number {
  const next = cfg.decreaseType === 'linear' ? window - cfg.decreaseFactor : Math.floor(window / cfg.decreaseFactor);
  return Math.max(cfg.floor, next);
}

export class ChangeQueue {
  items: QueueItem[] = [];

  constructor(
    readonly name: string,
    /** The window's settings; null: no window (every item is actionable). */
    private readonly windowConfig: PipelineWindow | null,
    public window: number = windowConfig?.window ?? 0,
    /** Only the first item runs (serial and supercedent managers). */
    readonly onlyHead = false,
  ) {}

  /** Zuul's isActionable: the item is inside the window (counted from the head). */
  isActionable(item: QueueItem): boolean {
    const index = this.items.indexOf(item);
    if (index < 0) return false;
    if (this.onlyHead) return index === 0;
    return this.windowConfig === null || this.window <= 0 || index < this.window;
  }

  increaseWindow(): void {
    if (this.windowConfig) this.window = grownWindow(this.window, this.windowConfig);
  }

  decreaseWindow(): void {
    if (this.windowConfig) this.window = shrunkWindow(this.window, this.windowConfig);
  }
}

/**
 * Sizes batches of background work so one takes about `sliceMs` of the event loop, from the cost
 * per item measured on the batches before (a moving average, so one slow batch — a GC, a
 * checkpoint — does not shrink the next ones to nothing). On SQLite a batch is one synchronous
 * transaction: nothing else is answered while it runs, so a fixed count is too long on a slow or
 * loaded machine and needlessly short on a fast one.
 */
export class BatchSizer {
  private msPerItem: number | undefined;

  constructor(private readonly opts: { sliceMs: number; initial: number; min: number; max: number }) {}

  /** How many items the next batch should take. */
  size(): number {
    if (this.msPerItem === undefined) return this.opts.initial;
    const fit = Math.floor(this.opts.sliceMs / Math.max(this.msPerItem, 0.001));
    return Math.max(this.opts.min, Math.min(this.opts.max, fit));
  }

  /** A batch of `items` took `ms`. */
  measured(items: number, ms: number): void {
    if (items <= 0) return;
    const perItem = ms / items;
    this.msPerItem = this.msPerItem === undefined ? perItem : 0.7 * this.msPerItem + 0.3 * perItem;
  }
}

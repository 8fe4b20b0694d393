import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { type WorkContext, currentContext, runIn } from '../work-context.js';
import { nextTurn } from '../loop-turns.js';

/**
 * Work that joins a batch's transaction after its writes (the dispatcher plans the events those
 * writes raised, which core/outbox.ts notes on the transaction). `committed` runs after the commit, before the writes'
 * callers hear of it; `rolledBack` if the transaction did not commit after the tail ran.
 */
export type BatchTail = (tx: Transaction<Database>) => Promise<{ committed(): void; rolledBack(): void } | undefined>;

type Op = {
  fn: (tx: Transaction<Database>) => Promise<unknown>;
  context: WorkContext | undefined;
  resolve: (v: unknown) => void;
  reject: (err: unknown) => void;
};

/**
 * Group commit: small writes arriving close together share one transaction. Under load this
 * turns N commits (each a WAL append, or a round trip to PostgreSQL) into one. A failing batch is
 * rolled back and replayed write by write, so one bad write cannot take the others down with it.
 *
 * `minGapMs` spaces commits under load: a write arriving within that long after the last commit
 * waits until the gap has passed, with whatever else arrives meanwhile; an idle writer commits at
 * the next tick. A commit has a fixed cost (on SQLite a WAL append of every page it dirtied, the
 * same index pages for one row or twenty), so fewer, larger commits cost less per write.
 */
export class GroupCommit {
  private pending: Op[] = [];
  private flushing: Promise<void> | undefined;
  private lastCommitAt = -Infinity;
  private tail: BatchTail | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: {
      maxBatch?: number;
      minGapMs?: number;
      /** Asked before each batch; while it returns a promise, no transaction starts (store/checkpointer.ts). */
      pausedUntil?: () => Promise<void> | undefined;
    } = {},
  ) {}

  /**
   * Runs `tail` at the end of every batch, in its transaction. A tail that throws rolls the batch
   * back like a failing write: the writes are replayed one by one, without the tail.
   */
  setTail(tail: BatchTail | undefined): void {
    this.tail = tail;
  }

  run<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Each write runs in its caller's async context (workspace scope, audit actor), not in the
      // context of whoever happened to start the batch.
      this.pending.push({ fn, context: currentContext(), resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushing) this.flushing = this.gap().then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    for (let first = true; this.pending.length; first = false) {
      if (!first) await this.gap();
      const pause = this.opts.pausedUntil?.();
      if (pause) await pause;
      const batch = this.pending.splice(0, this.opts.maxBatch ?? 256);
      let results: unknown[] | undefined;
      let tailed: Awaited<ReturnType<BatchTail>>;
      try {
        results = await this.db.transaction().execute(async (tx) => {
          const out: unknown[] = [];
          for (const op of batch) out.push(await runIn(op.context, () => op.fn(tx)));
          tailed = await this.tail?.(tx);
          return out;
        });
      } catch {
        tailed?.rolledBack();
        for (const op of batch) {
          try {
            op.resolve(await this.db.transaction().execute((tx) => runIn(op.context, () => op.fn(tx))));
          } catch (err) {
            op.reject(err);
          }
        }
        continue;
      }
      this.lastCommitAt = performance.now();
      tailed?.committed();
      batch.forEach((op, i) => op.resolve(results[i]));
    }
    this.flushing = undefined;
  }

  /** Until the next commit may start: the rest of minGapMs after the last one, or the next turn (loop-turns.ts). */
  private gap(): Promise<void> {
    const left = this.lastCommitAt + (this.opts.minGapMs ?? 0) - performance.now();
    return left >= 1 ? new Promise<void>((r) => setTimeout(r, left)) : nextTurn();
  }
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { type WorkContext, currentContext, runIn } from '../work-context.js';

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
 * `windowMs` waits a little for company; 0 groups only what arrives in the same tick.
 */
export class GroupCommit {
  private pending: Op[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: {
      maxBatch?: number;
      windowMs?: number;
      /** Asked before each batch; while it returns a promise, no transaction starts (store/checkpointer.ts). */
      pausedUntil?: () => Promise<void> | undefined;
    } = {},
  ) {}

  run<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Each write runs in its caller's async context (workspace scope, audit actor), not in the
      // context of whoever happened to start the batch.
      this.pending.push({ fn, context: currentContext(), resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushing) {
        const wait = this.opts.windowMs ? new Promise<void>((r) => setTimeout(r, this.opts.windowMs)) : new Promise<void>((r) => setImmediate(r));
        this.flushing = wait.then(() => this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const pause = this.opts.pausedUntil?.();
      if (pause) await pause;
      const batch = this.pending.splice(0, this.opts.maxBatch ?? 256);
      let results: unknown[] | undefined;
      try {
        results = await this.db.transaction().execute(async (tx) => {
          const out: unknown[] = [];
          for (const op of batch) out.push(await runIn(op.context, () => op.fn(tx)));
          return out;
        });
      } catch {
        for (const op of batch) {
          try {
            op.resolve(await this.db.transaction().execute((tx) => runIn(op.context, () => op.fn(tx))));
          } catch (err) {
            op.reject(err);
          }
        }
        continue;
      }
      batch.forEach((op, i) => op.resolve(results[i]));
    }
    this.flushing = undefined;
  }
}

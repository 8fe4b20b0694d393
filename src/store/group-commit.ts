import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Op = { fn: (tx: Transaction<Database>) => Promise<void>; resolve: () => void; reject: (err: unknown) => void };

/**
 * Group commit: small writes arriving in the same tick share one transaction. Under load this
 * turns N commits (each a WAL append, or a round trip to PostgreSQL) into one. A failing batch is
 * replayed write by write so one bad write cannot take the others down with it.
 */
export class GroupCommit {
  private pending: Op[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 256,
  ) {}

  run(fn: (tx: Transaction<Database>) => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ fn, resolve, reject });
      if (!this.flushing) this.flushing = new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        await this.db.transaction().execute(async (tx) => {
          for (const op of batch) await op.fn(tx);
        });
        for (const op of batch) op.resolve();
      } catch {
        for (const op of batch) {
          try {
            await this.db.transaction().execute(op.fn);
            op.resolve();
          } catch (err) {
            op.reject(err);
          }
        }
      }
    }
    this.flushing = undefined;
  }
}

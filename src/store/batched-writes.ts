import type { Transaction } from 'kysely';
import type { GroupCommit } from './group-commit.js';
import type { Database } from './schema.js';

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Items added while one batch is being written go together in the next, as ONE operation of a
 * group commit — so `writeMany` can use multi-row statements instead of a statement per item.
 * A batch that fails is written again item by item (`writeOne`, each its own operation), so one
 * bad item cannot take the others down: the same promise GroupCommit makes for its operations.
 */
export class BatchedWrites<I, O> {
  private pending: Array<Pending<I, O>> = [];
  private writing = false;

  constructor(
    private readonly commits: GroupCommit,
    private readonly writeMany: (tx: Transaction<Database>, items: I[]) => Promise<O[]>,
    private readonly writeOne: (tx: Transaction<Database>, item: I) => Promise<O> = async (tx, item) => (await writeMany(tx, [item]))[0]!,
  ) {}

  /** Resolves after the commit that wrote `item`, with what writing it returned. */
  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // Items added in the same tick go together; later ones wait for this batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      if (batch.length === 1) {
        const [p] = batch as [Pending<I, O>];
        await this.commits.run((tx) => this.writeOne(tx, p.item)).then(p.resolve, p.reject);
        continue;
      }
      let out: O[];
      try {
        out = await this.commits.run((tx) =>
          this.writeMany(
            tx,
            batch.map((p) => p.item),
          ),
        );
      } catch {
        await Promise.all(batch.map((p) => this.commits.run((tx) => this.writeOne(tx, p.item)).then(p.resolve, p.reject)));
        continue;
      }
      batch.forEach((p, i) => p.resolve(out[i]!));
    }
    this.writing = false;
  }
}

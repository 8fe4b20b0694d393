import type { Db } from '../core/outbox.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { Decision } from './attempt-outcome.js';
import type { DeliverySql, FinishedDelivery } from './delivery-sql.js';
import type { DestinationBook, Transition } from './destination-book.js';

interface Pending {
  result: FinishedDelivery;
  destination: string;
  decision: Decision;
  resolve: (t: Transition) => void;
  reject: (err: unknown) => void;
}

/**
 * Writes attempt outcomes in batches: the outcomes that finish while one batch is being written
 * are written together by the next, as one operation of the results group commit — on
 * PostgreSQL two statements (one multi-row UPDATE, one multi-row INSERT) however many outcomes
 * there are, instead of two per outcome. The circuit of each destination is recorded in the
 * same transaction, outcome by outcome. Each caller learns when its own outcome is committed.
 *
 * A batch that fails is written again outcome by outcome, each in its own operation, so one bad
 * outcome cannot take the others down (the same promise GroupCommit makes for its operations).
 */
export class ResultWriter {
  private pending: Pending[] = [];
  private writing = false;

  constructor(
    private readonly commits: GroupCommit,
    private readonly sql: DeliverySql,
    private readonly book: DestinationBook,
  ) {}

  /** Records one outcome; resolves after its commit with what it did to its destination's circuit. */
  record(id: string, destination: string, decision: Decision, now: number): Promise<Transition> {
    return new Promise<Transition>((resolve, reject) => {
      this.pending.push({ result: { id, patch: decision.patch, attempt: decision.attempt, now }, destination, decision, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // Outcomes that finish in the same tick go together; later ones wait for this batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      let transitions: Transition[];
      try {
        transitions = await this.commits.run((tx) => this.write(tx, batch));
      } catch {
        await Promise.all(batch.map((p) => this.commits.run((tx) => this.write(tx, [p])).then(([t]) => p.resolve(t), p.reject)));
        continue;
      }
      batch.forEach((p, i) => p.resolve(transitions[i]));
    }
    this.writing = false;
  }

  private async write(tx: Db, batch: Pending[]): Promise<Transition[]> {
    await this.sql.finishMany(
      tx,
      batch.map((p) => p.result),
    );
    const out: Transition[] = [];
    for (const p of batch) out.push(await this.book.record(tx, p.destination, p.decision.circuit, p.result.now, p.decision.retryAfterMs));
    return out;
  }
}

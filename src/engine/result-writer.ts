import type { Db } from '../core/outbox.js';
import { BatchedWrites } from '../store/batched-writes.js';
import type { GroupCommit } from '../store/group-commit.js';
import { asSystem } from '../store/workspace-scope.js';
import type { Decision } from './attempt-outcome.js';
import type { DeliverySql, FinishedDelivery } from './delivery-sql.js';
import type { DestinationBook, Transition } from './destination-book.js';

interface Outcome {
  result: FinishedDelivery;
  destination: string;
  decision: Decision;
}

/**
 * Writes attempt outcomes in batches (store/batched-writes.ts): the outcomes that finish while one
 * batch is being written are written together by the next, as one operation of the results group
 * commit — on PostgreSQL two statements (one multi-row UPDATE, one multi-row INSERT) however many
 * outcomes there are, instead of two per outcome. The circuit of each destination is recorded in
 * the same transaction, outcome by outcome. Each caller learns when its own outcome is committed;
 * a batch that fails is written again outcome by outcome.
 */
export class ResultWriter {
  private readonly batches: BatchedWrites<Outcome, Transition>;

  constructor(
    commits: GroupCommit,
    private readonly sql: DeliverySql,
    private readonly book: DestinationBook,
  ) {
    this.batches = new BatchedWrites(commits, (tx, batch) => this.write(tx, batch));
  }

  /** Records one outcome; resolves after its commit with what it did to its destination's circuit. */
  record(id: string, destination: string, decision: Decision, now: number): Promise<Transition> {
    return this.batches.add({ result: { id, patch: decision.patch, attempt: decision.attempt, now }, destination, decision });
  }

  /** Outcomes of every workspace together: each delivery and attempt row names its own. */
  private write(tx: Db, batch: Outcome[]): Promise<Transition[]> {
    return asSystem(() => this.writeAll(tx, batch));
  }

  private async writeAll(tx: Db, batch: Outcome[]): Promise<Transition[]> {
    await this.sql.finishMany(
      tx,
      batch.map((p) => p.result),
    );
    const out: Transition[] = [];
    for (const p of batch) out.push(await this.book.record(tx, p.destination, p.decision.circuit, p.result.now, p.decision.retryAfterMs));
    return out;
  }
}

/**
 * The statements of the delivery hot path, written once as SQL text and run precompiled
 * (store/raw-sql.ts): building them with Kysely on every delivery cost more than running them.
 * SQLite caches the prepared statement by its text (store/db.ts).
 */
import type { Db } from '../core/outbox.js';
import { insertChunks, insertValuesText, runSql } from '../store/raw-sql.js';
import type { DbCapabilities } from '../store/db.js';
import type { Row } from '../store/schema.js';
import type { Health } from './circuit.js';
import { DERIVED_COLUMNS, type StoredDerivable, storedDerivable, storedWorkspace } from './derived-columns.js';

/** Every column of a delivery row, in the order the inserts name them. */
export const DELIVERY_COLUMNS = [
  'id',
  'workspace_id',
  'event_id',
  'notification_id',
  'channel',
  'recipient_type',
  'recipient_id',
  'agent_id',
  'session_id',
  'customer_id',
  'target',
  'payload',
  'status',
  'reason',
  'attempts',
  'next_attempt_at',
  'last_status_code',
  'last_error',
  'destination',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof Row<'deliveries'>>;

/** SQLite (0018): the same row with the derivable columns as stored (engine/derived-columns.ts). */
const STORED_OF = new Map(Object.entries(DERIVED_COLUMNS).map(([own, derived]) => [derived as string, own as keyof StoredDerivable]));
/** Per column of DELIVERY_COLUMNS, the stored stand-in that replaces it (undefined: stored as is). */
const STORED_STAND_IN = DELIVERY_COLUMNS.map((c) => STORED_OF.get(c));
const STORED_COLUMNS = DELIVERY_COLUMNS.map((c, k) => STORED_STAND_IN[k] ?? c);

export interface DeliveryPatch {
  status: Row<'deliveries'>['status'];
  reason: string | null;
  attempts: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
}

/** One attempt's outcome as finishMany writes it. */
export interface FinishedDelivery {
  id: string;
  patch: DeliveryPatch;
  attempt?: Row<'delivery_attempts'>;
  now: number;
}

export class DeliverySql {
  private readonly claimText: string;
  private readonly attemptText: string;

  constructor(private readonly caps: DbCapabilities) {
    // Several processes claim from one table on PostgreSQL; SQLite has one writer.
    this.claimText = SQL.claim.replace('{{lock}}', caps.skipLocked ? 'FOR UPDATE SKIP LOCKED' : '');
    // SQLite keys attempts by their delivery's seq (0017): found by the id, one seek of a page the
    // delivery's UPDATE reads next anyway.
    this.attemptText = caps.derivedDeliveryColumns ? SQL.attemptStored : SQL.attempt;
  }

  /** Marks up to `limit` due deliveries of one destination `sending` until `leaseUntil`, and returns them. */
  async claim(db: Db, destination: string, limit: number, now: number, leaseUntil: number | null): Promise<Array<Row<'deliveries'>>> {
    if (this.caps.skipLocked) {
      const r = await runSql<Row<'deliveries'>>(db, this.claimText, [leaseUntil, now, destination, now, limit]);
      return r.rows;
    }
    // SQLite: one writer, and the claim runs inside its transaction, so reading the due rows and
    // then marking them is as atomic as one statement — and several times cheaper than
    // `UPDATE … WHERE id IN (SELECT … LIMIT) RETURNING *`, which was the costliest statement of
    // the hot path (measured ~300 µs per claim against ~50 µs for the pair).
    const due = await runSql<Row<'deliveries'>>(db, SQL.dueRows, [destination, now, limit]);
    for (const row of due.rows) {
      await runSql(db, SQL.markSending, [leaseUntil, now, row.id]);
      row.status = 'sending';
      row.next_attempt_at = leaseUntil;
      row.updated_at = now;
    }
    return due.rows;
  }

  /** Due rows of one destination, oldest first, past the first `skip`, without claiming them (embedded: the scheduler reads ahead). */
  async dueRows(db: Db, destination: string, now: number, limit: number, skip = 0): Promise<Array<Row<'deliveries'>>> {
    if (skip === 0) return (await runSql<Row<'deliveries'>>(db, SQL.dueRows, [destination, now, limit])).rows;
    return (await runSql<Row<'deliveries'>>(db, SQL.dueRowsPast, [destination, now, limit, skip])).rows;
  }

  /** Marks one row read ahead `sending` (embedded, no lease) if it is still due; false if not. */
  async take(db: Db, id: string, now: number): Promise<boolean> {
    const r = await runSql(db, SQL.take, [now, id, now]);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  async insert(db: Db, rows: ReadonlyArray<Row<'deliveries'>>): Promise<void> {
    if (this.caps.multiRowInsert) {
      // One round trip per 200 rows instead of one per row.
      for (let i = 0; i < rows.length; i += 200)
        await db
          .insertInto('deliveries')
          .values(rows.slice(i, i + 200))
          .execute();
      return;
    }
    // SQLite: precompiled statements of INSERT_CHUNK rows, then of the halves down to one row for
    // the rest (a few fixed texts, prepared once). A 10,000-device fan-out was 10,000 statements,
    // each a trip through the driver's promise chain that cost more than SQLite's own insert.
    // Migration 0018 stores the derivable columns as their `_own` stand-ins (engine/derived-columns.ts).
    const derived = this.caps.derivedDeliveryColumns;
    const columns = derived ? STORED_COLUMNS : DELIVERY_COLUMNS;
    await insertChunks(rows.length, INSERT_CHUNK, (from, size) => {
      const params: unknown[] = [];
      for (let j = from; j < from + size; j++) {
        const row = rows[j]!;
        if (derived) {
          const stored = storedDerivable(row);
          for (let k = 0; k < DELIVERY_COLUMNS.length; k++) {
            const own = STORED_STAND_IN[k];
            params.push(own ? stored[own] : row[DELIVERY_COLUMNS[k]!]);
          }
        } else {
          // Rows planned before workspaces were wired everywhere may not name theirs (docs/workspaces.md).
          for (const c of DELIVERY_COLUMNS) params.push(c === 'workspace_id' ? (row.workspace_id ?? 'default') : row[c]);
        }
      }
      return runSql(db, insertValuesText('deliveries', columns, size), params);
    });
  }

  async finish(db: Db, id: string, p: DeliveryPatch, now: number): Promise<void> {
    await runSql(db, SQL.finish, [p.status, p.reason, p.attempts, p.next_attempt_at, p.last_status_code, p.last_error, now, id]);
  }

  async insertAttempt(db: Db, a: Row<'delivery_attempts'>): Promise<void> {
    // The attempt belongs to its delivery's workspace (a row claimed before 0014 may not say: default).
    await runSql(db, this.attemptText, [
      a.delivery_id,
      a.attempt,
      a.started_at,
      a.latency_ms,
      a.ok,
      a.status_code,
      a.error,
      a.response,
      a.provider_message_id,
      this.caps.derivedDeliveryColumns ? storedWorkspace(a.workspace_id) : (a.workspace_id ?? 'default'),
    ]);
  }

  /**
   * Several attempts' outcomes at once. PostgreSQL: one statement (the attempts' INSERT and the
   * rows' UPDATE), whatever their number: each statement is a round trip, and two per outcome
   * were most of the results writer's time. SQLite: the precompiled per-row
   * statements, which cost less in-process than building and parsing arrays.
   */
  async finishMany(db: Db, results: ReadonlyArray<FinishedDelivery>): Promise<void> {
    if (!this.caps.multiRowInsert) {
      for (const r of results) {
        if (r.attempt) await this.insertAttempt(db, r.attempt);
        await this.finish(db, r.id, r.patch, r.now);
      }
      return;
    }
    const attempts = results.flatMap((r) => (r.attempt ? [r.attempt] : []));
    const a = <K extends keyof Row<'delivery_attempts'>>(k: K) => attempts.map((x) => x[k]);
    // One row per id (the last outcome wins, as it would with one UPDATE after another).
    const last = [...new Map(results.map((r) => [r.id, r])).values()];
    const p = <K extends keyof DeliveryPatch>(k: K) => last.map((r) => r.patch[k]);
    await runSql(db, SQL.finishMany, [
      a('delivery_id'),
      a('attempt'),
      a('started_at'),
      a('latency_ms'),
      a('ok'),
      a('status_code'),
      a('error'),
      a('response'),
      a('provider_message_id'),
      attempts.map((x) => x.workspace_id ?? 'default'),
      last.map((r) => r.id),
      p('status'),
      p('reason'),
      p('attempts'),
      p('next_attempt_at'),
      p('last_status_code'),
      p('last_error'),
      last.map((r) => r.now),
    ]);
  }

  /** When the destination's next delivery is due (a `sending` row: when its claim ends). */
  async nextDue(db: Db, destination: string): Promise<number | undefined> {
    const r = await runSql<{ next: number | string | null }>(db, SQL.nextDue, [destination]);
    const v = r.rows[0]?.next;
    return v === null || v === undefined ? undefined : Number(v);
  }

  /** Every destination ever used (a small table; the scheduler asks each for its next due time). */
  async destinationKeys(db: Db): Promise<string[]> {
    const r = await runSql<{ key: string }>(db, SQL.destinationKeys, []);
    return r.rows.map((x) => x.key);
  }

  /** The circuit opened: what was due before the probe waits for it, using up none of its retries. */
  async holdForProbe(db: Db, destination: string, probeAt: number, now: number): Promise<void> {
    await runSql(db, SQL.holdForProbe, [probeAt, now, destination, probeAt]);
  }

  /** The circuit closed: everything that waited for it is due now. */
  async releaseHeld(db: Db, destination: string, now: number): Promise<void> {
    await runSql(db, SQL.releaseHeld, [now, now, destination]);
  }

  /** Embedded start: no other process can be sending, so claims of a crashed run end now. */
  async releaseAllClaims(db: Db, now: number): Promise<void> {
    await runSql(db, SQL.releaseAllClaims, [now, now]);
  }

  async saveHealth(db: Db, key: string, kind: 'webhook' | 'provider', h: Health, now: number): Promise<void> {
    await runSql(db, SQL.saveHealth, [
      key,
      kind,
      h.state,
      h.consecutiveFailures,
      h.lastSuccessAt,
      h.lastFailureAt,
      h.failingSince,
      h.openedAt,
      h.nextProbeAt,
      now,
    ]);
  }
}

/** Rows per precompiled SQLite INSERT (21 parameters each: 1,344 per statement). */
const INSERT_CHUNK = 64;

const SQL = {
  claim: `UPDATE deliveries SET status = 'sending', next_attempt_at = ?, updated_at = ? WHERE id IN (
    SELECT id FROM deliveries WHERE destination = ? AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
    ORDER BY next_attempt_at LIMIT ? {{lock}}) RETURNING *`,
  dueRows: `SELECT * FROM deliveries WHERE destination = ? AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
  dueRowsPast: `SELECT * FROM deliveries WHERE destination = ? AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? OFFSET ?`,
  take: `UPDATE deliveries SET status = 'sending', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?`,
  markSending: `UPDATE deliveries SET status = 'sending', next_attempt_at = ?, updated_at = ? WHERE id = ?`,
  finish: `UPDATE deliveries SET status = ?, reason = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?, updated_at = ? WHERE id = ?`,
  attempt: `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, latency_ms, ok, status_code, error, response, provider_message_id, workspace_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  // SQLite: the same attempt under its delivery's seq (0017), its workspace as stored (0018:
  // engine/derived-columns.ts); a delivery that is gone leaves it no seq, which the NOT NULL key
  // refuses (as the foreign key does above).
  attemptStored: `INSERT INTO delivery_attempts (delivery_seq, attempt, started_at, latency_ms, ok, status_code, error, response, provider_message_id, workspace_own)
    VALUES ((SELECT seq FROM deliveries WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  // PostgreSQL only (finishMany): a whole batch in one statement (one round trip), one array per
  // column. The attempts' INSERT runs as a data-modifying CTE beside the UPDATE; both see the same
  // snapshot, and an attempt's foreign key is its delivery, which the UPDATE leaves in place.
  finishMany: `WITH a AS (
      INSERT INTO delivery_attempts (delivery_id, attempt, started_at, latency_ms, ok, status_code, error, response, provider_message_id, workspace_id)
      SELECT * FROM unnest(?::text[], ?::int[], ?::bigint[], ?::int[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[]) ON CONFLICT DO NOTHING)
    UPDATE deliveries AS d SET status = v.status, reason = v.reason, attempts = v.attempts, next_attempt_at = v.next_attempt_at,
      last_status_code = v.last_status_code, last_error = v.last_error, updated_at = v.updated_at
    FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::int[], ?::text[], ?::bigint[])
      AS v(id, status, reason, attempts, next_attempt_at, last_status_code, last_error, updated_at)
    WHERE d.id = v.id`,
  nextDue: `SELECT MIN(next_attempt_at) AS next FROM deliveries WHERE destination = ? AND next_attempt_at IS NOT NULL`,
  destinationKeys: `SELECT key FROM destinations`,
  holdForProbe: `UPDATE deliveries SET status = 'retrying', reason = 'destination unavailable', next_attempt_at = ?, updated_at = ?
    WHERE destination = ? AND next_attempt_at IS NOT NULL AND next_attempt_at < ? AND status IN ('queued', 'retrying')`,
  releaseHeld: `UPDATE deliveries SET next_attempt_at = ?, reason = NULL, updated_at = ?
    WHERE destination = ? AND next_attempt_at IS NOT NULL AND status = 'retrying' AND reason = 'destination unavailable'`,
  releaseAllClaims: `UPDATE deliveries SET status = 'queued', next_attempt_at = ?, updated_at = ? WHERE status = 'sending'`,
  saveHealth: `INSERT INTO destinations (key, kind, state, consecutive_failures, last_success_at, last_failure_at, failing_since, opened_at, next_probe_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state,
    consecutive_failures = excluded.consecutive_failures, last_success_at = excluded.last_success_at,
    last_failure_at = excluded.last_failure_at, failing_since = excluded.failing_since, opened_at = excluded.opened_at,
    next_probe_at = excluded.next_probe_at, updated_at = excluded.updated_at`,
};

/**
 * A delivery's attempts, read and deleted by delivery id on both engines. SQLite keys them by the
 * delivery's integer seq (migration 0017), PostgreSQL by its id; callers see `delivery_id` either way.
 */
import { type Kysely, type Transaction, sql } from 'kysely';
import { isPostgres } from '../store/raw-sql.js';
import type { Database, Row } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Every column but the key's delivery part, which SQLite stores as a seq. */
const COLUMNS = ['attempt', 'started_at', 'latency_ms', 'ok', 'status_code', 'error', 'response', 'provider_message_id', 'workspace_id'] as const;

/** The seq of each delivery id (SQLite): one seek of the ids' unique index each. */
const seqsOf = (ids: readonly string[]) => sql`(SELECT seq FROM deliveries WHERE id IN (${sql.join(ids)}))`;

/** The query of a delivery's attempts, first to last, without the key's delivery part (`bySeq`: SQLite). */
export function attemptsQuery(db: Db, bySeq: boolean, deliveryId: string) {
  const q = db.selectFrom('delivery_attempts').select(COLUMNS);
  return (
    bySeq ? q.where(sql.ref('delivery_seq'), '=', sql`(SELECT seq FROM deliveries WHERE id = ${deliveryId})`) : q.where('delivery_id', '=', deliveryId)
  ).orderBy('attempt');
}

/** A delivery's attempts, first to last. */
export async function attemptsOf(db: Db, deliveryId: string): Promise<Array<Row<'delivery_attempts'>>> {
  const rows = await attemptsQuery(db, !isPostgres(db), deliveryId).execute();
  return rows.map((r) => ({ delivery_id: deliveryId, ...r }));
}

/** Deletes the attempts of these deliveries; how many went. */
export async function deleteAttemptsOf(db: Db, deliveryIds: readonly string[]): Promise<number> {
  if (deliveryIds.length === 0) return 0;
  const r = isPostgres(db)
    ? await db.deleteFrom('delivery_attempts').where('delivery_id', 'in', deliveryIds).executeTakeFirst()
    : await db.deleteFrom('delivery_attempts').where(sql.ref('delivery_seq'), 'in', seqsOf(deliveryIds)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

import { type Kysely, sql } from 'kysely';

/**
 * Engine v2: the deliveries table is the queue. A delivery is due when `next_attempt_at` is set
 * and has passed. In a cluster a `sending` row's `next_attempt_at` is the end of its claim, so a
 * row left behind by a crashed process becomes due again by itself; embedded, the one process
 * releases its old claims at start and leaves it null (an index entry less per delivery). `destination` groups deliveries by
 * where their attempts go (caps, circuit breakers); `destinations` keeps each one's health.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s.alterTable('deliveries').addColumn('destination', 'text').execute();
  // Pending webhook rows get their origin; everything else is keyed by its channel (a provider).
  const pending = await db.selectFrom('deliveries').select(['id', 'channel', 'target']).where('next_attempt_at', 'is not', null).execute();
  for (const r of pending as Array<{ id: string; channel: string; target: string }>) {
    let key = r.channel;
    if (r.channel === 'webhook') {
      try {
        key = `webhook:${new URL(r.target).origin}`;
      } catch {
        key = 'webhook:invalid';
      }
    }
    await db.updateTable('deliveries').set({ destination: key }).where('id', '=', r.id).execute();
  }
  await db
    .updateTable('deliveries')
    .set({ destination: sql`channel` })
    .where('destination', 'is', null)
    .execute();
  await s
    .createTable('destinations')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_success_at', 'bigint')
    .addColumn('last_failure_at', 'bigint')
    .addColumn('failing_since', 'bigint')
    .addColumn('opened_at', 'bigint')
    .addColumn('next_probe_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Destinations with deliveries waiting, so the scheduler finds them at the first start.
  await sql`INSERT INTO destinations (key, kind, state, consecutive_failures, updated_at)
    SELECT DISTINCT destination, CASE WHEN destination LIKE 'webhook:%' THEN 'webhook' ELSE 'provider' END, 'healthy', 0, ${sql.lit(Date.now())}
    FROM deliveries WHERE next_attempt_at IS NOT NULL`.execute(db);
  // Jobs are now the deliveries themselves: nothing in `jobs` is needed any more.
  await s.dropTable('jobs').ifExists().execute();
  await sql`CREATE INDEX deliveries_due_idx ON deliveries (destination, next_attempt_at) WHERE next_attempt_at IS NOT NULL`.execute(db);
}

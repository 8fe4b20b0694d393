import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Fewer bytes per delivery on SQLite (issue 16): columns whose value the row's other columns say
 * are not stored (engine/derived-columns.ts).
 * - `deliveries`: the workspace is most often `default`; a webhook's recipient is an agent, most
 *   others' a customer; an agent's id is the row's `agent_id` and a customer's its `customer_id`
 *   (~30 bytes of most rows); a webhook's destination is `webhook:` and its URL's origin (~33
 *   bytes), an FCM, APNs, email or SMS delivery's its channel.
 * - `deliveries` and `events`: the creation time, which the row's id names (`newId(prefix, now)`:
 *   the ten characters after the prefix are the millisecond in Crockford base32; 6 bytes).
 * - `events`: the workspace, and the type of the most frequent events as a two-letter code
 *   (`mu` for `message.user`: 10 to 15 bytes).
 * - `delivery_attempts`: the workspace.
 *
 * Each stored column is renamed `<name>_own` (`workspace_own`, `recipient_type_own`,
 * `recipient_own`, `destination_own`, `type_own`, `created_at_own`), and the old name comes back
 * as a VIRTUAL generated column: the stored value, or the derived one when it is '' (0 for a time;
 * a type's code). Every
 * query reads the columns as before; the two indexes on `destination` are made again on the
 * generated column (they hold its value, as before). Rows written before keep their values and
 * read as they are; only rows written after leave them out (engine/delivery-sql.ts, core/outbox.ts).
 *
 * SQLite renames and adds columns in place (no table is copied); the two indexes are rebuilt
 * (seconds per million deliveries). PostgreSQL keeps its columns as they are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.transaction().execute(async (tx) => {
    const run = (text: string) => sql.raw(text).execute(tx);
    await run('DROP INDEX IF EXISTS deliveries_destination_idx');
    await run('DROP INDEX IF EXISTS deliveries_due_idx');
    for (const table of ['deliveries', 'events', 'delivery_attempts']) {
      await run(`ALTER TABLE ${table} RENAME COLUMN workspace_id TO workspace_own`);
      await run(
        `ALTER TABLE ${table} ADD COLUMN workspace_id text GENERATED ALWAYS AS (CASE WHEN workspace_own = '' THEN 'default' ELSE workspace_own END) VIRTUAL`,
      );
    }
    await run('ALTER TABLE deliveries RENAME COLUMN recipient_type TO recipient_type_own');
    await run('ALTER TABLE deliveries RENAME COLUMN recipient_id TO recipient_own');
    await run('ALTER TABLE deliveries RENAME COLUMN destination TO destination_own');
    await run(`ALTER TABLE deliveries ADD COLUMN recipient_type text GENERATED ALWAYS AS (
        CASE WHEN recipient_type_own = '' THEN CASE channel WHEN 'webhook' THEN 'agent' ELSE 'customer' END ELSE recipient_type_own END
      ) VIRTUAL`);
    await run(`ALTER TABLE deliveries ADD COLUMN recipient_id text GENERATED ALWAYS AS (
        CASE WHEN recipient_own = '' THEN CASE recipient_type WHEN 'agent' THEN agent_id ELSE customer_id END ELSE recipient_own END
      ) VIRTUAL`);
    await run(`ALTER TABLE deliveries ADD COLUMN destination text GENERATED ALWAYS AS (${DESTINATION}) VIRTUAL`);
    // Analytics counts by (destination, status) without reading rows: SQLite reads an index of the
    // expression as covering, and one of a virtual column not (engine/analytics.ts asks by it).
    await run(`CREATE INDEX deliveries_destination_idx ON deliveries ((${DESTINATION}), status)`);
    await run('CREATE INDEX deliveries_due_idx ON deliveries (destination, next_attempt_at) WHERE next_attempt_at IS NOT NULL');
    for (const table of ['deliveries', 'events']) {
      await run(`ALTER TABLE ${table} RENAME COLUMN created_at TO created_at_own`);
      await run(
        `ALTER TABLE ${table} ADD COLUMN created_at bigint GENERATED ALWAYS AS (CASE WHEN created_at_own = 0 THEN ${ID_TIME} ELSE created_at_own END) VIRTUAL`,
      );
    }
    await run('ALTER TABLE events RENAME COLUMN type TO type_own');
    await run(
      `ALTER TABLE events ADD COLUMN type text GENERATED ALWAYS AS (CASE type_own ${Object.entries(EVENT_TYPE_CODES)
        .map(([type, code]) => `WHEN '${code}' THEN '${type}'`)
        .join(' ')} ELSE type_own END) VIRTUAL`,
    );
  });
}

/**
 * A delivery's destination: the stored one, or when it is '' a webhook's `webhook:` and its
 * target up to the first '/' after "https://" (or "http://x"), another channel's name.
 */
export const DESTINATION = `CASE WHEN destination_own = '' THEN CASE channel WHEN 'webhook' THEN 'webhook:' || substr(target, 1, instr(substr(target, 9), '/') + 7) ELSE channel END ELSE destination_own END`;

/** The millisecond an id names: its ten characters after the prefix's `_`, in Crockford base32 (ids.ts). */
const ID_TIME = Array.from({ length: 10 }, (_, i) => `(instr('0123456789abcdefghjkmnpqrstvwxyz', substr(id, instr(id, '_') + ${i + 1}, 1)) - 1)`).reduce(
  (acc, digit) => `(${acc} * 32 + ${digit})`,
);

/**
 * The codes of event types, as this migration made them (fixed: rows hold them). Other types are
 * stored whole; a code is never an event type's name.
 */
export const EVENT_TYPE_CODES: Readonly<Record<string, string>> = {
  'message.user': 'mu',
  'message.assistant': 'ma',
  'message.system': 'ms',
  'session.started': 'ss',
  'session.transferred': 'st',
  'session.assigned': 'sa',
  'session.resolved': 'sr',
  'notification.created': 'nc',
};

import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { type AuditEntry, recordAudit } from './audit.js';
import type { Db } from './outbox.js';

/**
 * Workspace settings kept as JSON under a key (provider credentials, email templates and
 * schedules, preferences): the one store every module keeps its settings in. Reads are not
 * cached, so every process sees a change at once; each is a primary-key lookup. Keys are per
 * workspace (migration 0015): the scope picks the workspace's row, upserts target (workspace_id, key).
 */
export class SettingsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get<T>(key: string, fallback: T, db: Db = this.db): Promise<T> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  /** Every stored value whose key starts with `prefix`, by key. */
  async withPrefix<T>(prefix: string, db: Db = this.db): Promise<Map<string, T>> {
    const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${prefix}%`).execute();
    // LIKE reads `_` and `%` in the prefix as wildcards; the exact test keeps only real matches.
    return new Map(rows.filter((r) => r.key.startsWith(prefix)).map((r) => [r.key, JSON.parse(r.value) as T]));
  }

  async set(key: string, value: unknown, db: Db = this.db): Promise<void> {
    const json = JSON.stringify(value);
    const now = Date.now();
    await db
      .insertInto('settings')
      .values({ key, value: json, updated_at: now })
      .onConflict((oc) => oc.columns(['workspace_id', 'key']).doUpdateSet({ value: json, updated_at: now }))
      .execute();
  }

  /** Stores a value and its audit entry in one transaction. */
  async setAudited(key: string, value: unknown, entry: AuditEntry): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await this.set(key, value, tx);
      await recordAudit(tx, entry);
    });
  }

  /** Stores `value` unless the key is already set (first writer wins across processes); returns what is stored. */
  async setIfAbsent<T>(key: string, value: T, db: Db = this.db): Promise<T> {
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_at: Date.now() })
      .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
      .execute();
    return this.get(key, value, db);
  }

  async delete(key: string, db: Db = this.db): Promise<void> {
    await db.deleteFrom('settings').where('key', '=', key).execute();
  }

  /** Removes a value (back to its default) and records the audit entry in one transaction. */
  async deleteAudited(key: string, entry: AuditEntry): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await this.delete(key, tx);
      await recordAudit(tx, entry);
    });
  }
}

import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { type AuditEntry, recordAudit } from './audit.js';
import type { Db } from './outbox.js';

/** Workspace settings kept as JSON under a key (provider credentials, templates, preferences). */
export class SettingsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get<T>(key: string, fallback: T, db: Db = this.db): Promise<T> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  async set(key: string, value: unknown, db: Db = this.db): Promise<void> {
    const json = JSON.stringify(value);
    const now = Date.now();
    await db
      .insertInto('settings')
      .values({ key, value: json, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
      .execute();
  }

  /** Stores a value and its audit entry in one transaction. */
  async setAudited(key: string, value: unknown, entry: AuditEntry): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await this.set(key, value, tx);
      await recordAudit(tx, entry);
    });
  }
}

import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Db } from './outbox.js';

/** Workspace settings kept as JSON under a key (provider credentials, templates, preferences). */
export class SettingsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get<T>(key: string, fallback: T, db: Db = this.db): Promise<T> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  async set(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    const now = Date.now();
    await this.db
      .insertInto('settings')
      .values({ key, value: json, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
      .execute();
  }
}

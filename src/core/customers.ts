import { notFound } from '../errors.js';
import { parseQuietHours, type QuietHours, validateQuietHours } from '../readstate/quiet-hours.js';
import type { Row } from '../store/schema.js';
import type { CoreDeps } from './deps.js';
import type { Db } from './outbox.js';
import { runSql } from '../store/raw-sql.js';
import { WorkspaceScopeError, currentWorkspace } from '../store/workspace-scope.js';

const ENSURE_CUSTOMER =
  'INSERT INTO customers (id, name, email, phone, locale, timezone, quiet_hours, created_at, updated_at, workspace_id) VALUES (?, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?, ?) ON CONFLICT (workspace_id, id) DO NOTHING';

export interface CustomerFields {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  locale?: string | null;
  timezone?: string | null;
  quietHours?: QuietHours | null;
}

export function customerDto(c: Row<'customers'>) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    locale: c.locale,
    timezone: c.timezone,
    quietHours: parseQuietHours(c.quiet_hours),
    createdAt: new Date(c.created_at).toISOString(),
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

/**
 * Customers are identified by the app's own user id; Herald learns them on first sight. The id is
 * the app's, so it is unique per workspace only (migration 0015): every read and write here runs
 * in the caller's workspace scope, and the same id in another workspace is another customer.
 */
export class CustomersService {
  constructor(private readonly deps: CoreDeps) {}

  async upsert(id: string, input: CustomerFields): Promise<Row<'customers'>> {
    validateQuietHours(input.quietHours, input.timezone);
    const { quietHours, ...rest } = input;
    const fields = { ...rest, ...(quietHours !== undefined && { quiet_hours: quietHours ? JSON.stringify(quietHours) : null }) };
    const now = Date.now();
    const { db } = this.deps;
    return db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
      if (!existing) {
        const row = {
          id,
          name: fields.name ?? null,
          email: fields.email ?? null,
          phone: fields.phone ?? null,
          locale: fields.locale ?? null,
          timezone: fields.timezone ?? null,
          quiet_hours: fields.quiet_hours ?? null,
          created_at: now,
          updated_at: now,
        };
        await tx.insertInto('customers').values(row).execute();
        return row;
      }
      const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      await tx
        .updateTable('customers')
        .set({ ...patch, updated_at: now })
        .where('id', '=', id)
        .execute();
      return { ...existing, ...patch, updated_at: now };
    });
  }

  async get(id: string): Promise<Row<'customers'>> {
    const row = await this.deps.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Customer');
    return row;
  }

  /** Creates the customer row if the app has not told us about them yet (inside a transaction). */
  static async ensure(tx: Db, id: string, now = Date.now()): Promise<void> {
    // Precompiled (a campaign ensures one customer per step), in the caller's workspace.
    const ws = currentWorkspace();
    if (ws === undefined) throw new WorkspaceScopeError('A customer was created outside any workspace.');
    await runSql(tx, ENSURE_CUSTOMER, [id, now, now, ws]);
  }
}

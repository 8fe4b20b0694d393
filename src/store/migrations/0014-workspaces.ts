import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** The workspace every row of a deployment from before workspaces belongs to. */
const DEFAULT = 'default';

/**
 * Tenant tables at the time of this migration (a literal copy, not TENANT_TABLES: a migration
 * must keep doing what it did when later tables are added to the list). audit_log already has
 * a nullable workspace_id (0012).
 */
const TABLES = [
  'agents',
  'push_configs',
  'customers',
  'sessions',
  'messages',
  'events',
  'deliveries',
  'delivery_attempts',
  'delivery_holds',
  'event_decisions',
  'devices',
  'preferences',
  'notifications',
  'notification_actions',
  'settings',
  'departments',
  'operator_departments',
  'campaigns',
  'campaign_steps',
  'campaign_progress',
  'email_marks',
  'email_digest_items',
  'session_reads',
  'idempotency_keys',
  'api_keys',
  'invitations',
];

/**
 * Workspaces (issue 15, CONTRACT §14), the instant part: the workspace and membership tables,
 * and `workspace_id` on every tenant table with every existing row in `default`.
 *
 * `ADD COLUMN … NOT NULL DEFAULT 'default'` is metadata only on SQLite (the default is read for
 * rows written before the column existed) and on PostgreSQL ≥ 11 (a constant default is stored
 * in the catalogue): no table is rewritten, so a deployment upgrades without downtime however
 * many deliveries it holds. The identity secret of `default` is filled by the first start
 * (bootstrap), which has the secret key to encrypt it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // Encrypted with the secret key (SecretBox); signs this workspace's customer tokens.
    .addColumn('identity_secret', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await s
    .createTable('workspace_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_members_pk', ['workspace_id', 'operator_id'])
    .execute();
  await s.createIndex('workspace_members_operator').on('workspace_members').column('operator_id').execute();

  const now = Date.now();
  await db.insertInto('workspaces').values({ id: DEFAULT, name: 'Default', identity_secret: null, created_at: now }).execute();
  // Every operator of the single business keeps their role, now as a member of `default`.
  await sql`INSERT INTO workspace_members (workspace_id, operator_id, role, created_at)
            SELECT ${DEFAULT}, id, role, created_at FROM operators`.execute(db);

  for (const table of TABLES) {
    await s
      .alterTable(table)
      .addColumn('workspace_id', 'text', (c) => c.notNull().defaultTo(DEFAULT))
      .execute();
  }
  await db.updateTable('audit_log').set({ workspace_id: DEFAULT }).where('workspace_id', 'is', null).execute();
}

import type { Kysely } from 'kysely';

/**
 * Single sign-on and the audit log (issue 15): invitations (who may sign in, by email, before an
 * operator row exists), single-use password-reset links, and the audit log. Tokens are kept as
 * sha256 only, like login cookies: a copied database yields no usable link.
 * `audit_log.workspace_id` is null until workspaces land; that migration fills it with the
 * default workspace's id and the store scopes every read by it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .execute();
  await s.createIndex('invitations_email').on('invitations').column('email').execute();
  await s
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await s
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  // Ids sort by time: (workspace, id) serves the newest-first page and the retention purge.
  await s.createIndex('audit_log_workspace_id').on('audit_log').columns(['workspace_id', 'id']).execute();
  await s.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

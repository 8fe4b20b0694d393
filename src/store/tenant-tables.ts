/**
 * Which tables belong to a workspace (CONTRACT §14). Migration 0014 gives each of them a
 * `workspace_id`, and the store's workspace scope (workspace-scope.ts) filters every query that
 * touches one. A table added later is tenant data unless it is listed in INSTANCE_TABLES: the
 * test beside the scope fails until a new table is put in one of the two lists.
 */
export const TENANT_TABLES = [
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
  'audit_log',
] as const;

/**
 * Instance-wide tables, never scoped: people sign in once (their role per workspace is in
 * workspace_members), destination health is a fact about the network, slots and receipts are
 * global by nature.
 */
export const INSTANCE_TABLES = [
  'workspaces',
  'workspace_members',
  'operators',
  'auth_sessions',
  'password_resets',
  'destinations',
  'job_slots',
  'inbound_receipts',
] as const;

export type TenantTable = (typeof TENANT_TABLES)[number];

const tenant: ReadonlySet<string> = new Set(TENANT_TABLES);

export function isTenantTable(name: string): boolean {
  return tenant.has(name);
}

/**
 * Row types of every table. Timestamps are epoch milliseconds (bigint in PostgreSQL, integer in
 * SQLite); booleans are 0/1 integers and JSON is text, so both engines return the same values.
 */
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** Always set in the database (0014); optional on insert: the store's workspace scope fills it. */
export type WorkspaceColumn = ColumnType<string, string | undefined, string>;

export type Bool = 0 | 1;
export type Role = 'admin' | 'manager' | 'operator' | 'viewer';
export type SessionStatus = 'bot' | 'waiting' | 'assigned' | 'resolved';
export type SessionChannel = 'mobile' | 'web' | 'telegram' | 'sms' | 'email' | 'api';
export type MessageRole = 'user' | 'assistant' | 'operator' | 'system';
export type AuthorType = 'customer' | 'ai' | 'human' | 'system';
/** `held` (quiet hours) and `scheduled` (an escalation step) wait for their time like `queued`. */
export type DeliveryStatus = 'queued' | 'sending' | 'retrying' | 'delivered' | 'failed' | 'skipped' | 'cancelled' | 'held' | 'scheduled';

export interface ApiKeysTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

export interface OperatorsTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  /** JSON: { soundAlerts, soundLoop } */
  profile: string;
  disabled: Bool;
  /** IANA zone and JSON quiet hours {start, end} (CONTRACT §13). */
  timezone: string | null;
  quiet_hours: string | null;
  created_at: number;
  updated_at: number;
}

export interface DepartmentsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  name: string;
  created_at: number;
}

export interface OperatorDepartmentsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  operator_id: string;
  department_id: string;
}

export interface AuthSessionsTable {
  /** sha256 of the cookie value: a stolen database does not yield live cookies. */
  id: string;
  operator_id: string;
  expires_at: number;
  created_at: number;
}

export interface AgentsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface PushConfigsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  agent_id: string;
  enabled: Bool;
  url: string;
  /** JSON [{name, value (encrypted when secret), secret}] */
  headers: string;
  /** JSON string[] */
  events: string;
  retry: 'standard' | 'none';
  /** Encrypted whsec_ key. */
  signing_secret: string;
  previous_secret: string | null;
  previous_expires_at: number | null;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface CustomersTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  timezone: string | null;
  /** JSON {start, end} ("HH:MM" in `timezone`) or null. */
  quiet_hours: string | null;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  agent_id: string;
  customer_id: string | null;
  channel: SessionChannel;
  status: SessionStatus;
  department_id: string | null;
  assigned_operator_id: string | null;
  last_operator_id: string | null;
  last_seq: number;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
}

export interface MessagesTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  session_id: string;
  seq: number;
  role: MessageRole;
  author_type: AuthorType;
  author_id: string | null;
  text: string;
  created_at: number;
}

/** The transactional outbox: written with every state change, consumed by the engine. */
export interface EventsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  type: string;
  session_id: string | null;
  /** JSON: the event body as receivers see it (CONTRACT §5). */
  payload: string;
  dispatched: Bool;
  created_at: number;
}

export interface DeliveriesTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  event_id: string | null;
  notification_id: string | null;
  channel: string;
  recipient_type: 'agent' | 'customer' | 'operator';
  recipient_id: string;
  agent_id: string | null;
  session_id: string | null;
  customer_id: string | null;
  /** Device id, URL or address the delivery goes to. */
  target: string;
  /** JSON of what is sent (body for webhooks, message for push). */
  payload: string;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  /** Where attempts go (`webhook:<origin>`, `fcm`, `webpush:<origin>` …): caps and circuits are per destination. */
  destination: string;
  created_at: number;
  updated_at: number;
}

export interface DeliveryAttemptsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  /**
   * PostgreSQL. SQLite stores the delivery's integer `delivery_seq` instead (migration 0017):
   * read and delete attempts through engine/attempt-rows.ts, write them through DeliverySql.
   */
  delivery_id: string;
  attempt: number;
  started_at: number;
  latency_ms: number;
  ok: Bool;
  status_code: number | null;
  error: string | null;
  response: string | null;
  provider_message_id: string | null;
}

/** Health of one destination: its circuit breaker and the facts auto-disable needs. */
export interface DestinationsTable {
  key: string;
  kind: 'webhook' | 'provider';
  state: 'healthy' | 'open' | 'half_open';
  consecutive_failures: number;
  last_success_at: number | null;
  last_failure_at: number | null;
  /** First failure since the last success: how long the destination has failed without a break. */
  failing_since: number | null;
  opened_at: number | null;
  next_probe_at: number | null;
  updated_at: number;
}

export interface DevicesTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  owner_type: 'customer' | 'operator';
  owner_id: string;
  platform: 'mobile' | 'tma' | 'web';
  provider: string;
  token: string;
  /** sha256(provider:token): tokens can be long (Web Push subscriptions), hashes index well. */
  token_hash: string;
  app_version: string | null;
  os_version: string | null;
  hardware_id: string | null;
  locale: string | null;
  disabled: Bool;
  disabled_reason: string | null;
  last_seen_at: number;
  created_at: number;
}

export interface PreferencesTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  owner_type: 'customer' | 'operator';
  owner_id: string;
  chat_messages: Bool;
  ticket_updates: Bool;
  system_notices: Bool;
  updated_at: number;
}

export interface NotificationsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  recipient_type: 'customer' | 'operator';
  recipient_id: string;
  category: 'chat' | 'ticket' | 'system';
  title: string | null;
  body: string;
  /** JSON */
  data: string;
  /** JSON */
  actions: string;
  idempotency_key: string | null;
  session_id: string | null;
  created_at: number;
}

export interface SettingsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  key: string;
  /** JSON */
  value: string;
  updated_at: number;
}

/** When Herald last emailed someone: one email per offline period, digests "since the last email". */
export interface EmailMarksTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  recipient_type: 'customer' | 'operator';
  recipient_id: string;
  last_email_at: number;
}

/** A message someone should hear about in the next digest (digest mode). */
export interface EmailDigestItemsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  recipient_type: 'customer' | 'operator';
  recipient_id: string;
  email: string;
  session_id: string;
  seq: number;
  message_at: number;
  /** 1 when written while the bot handled the session: the digest checks the bot's grace. */
  bot_check: Bool;
  created_at: number;
}

/** Scheduled slots claimed by some process; the primary key makes the claim exclusive. */
export interface JobSlotsTable {
  job: string;
  slot: number;
  claimed_at: number;
}

export interface NotificationActionsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  notification_id: string;
  action_id: string;
  text: string | null;
  created_at: number;
}

export type CampaignStatus = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled';
export type StepStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export interface CampaignsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  name: string;
  status: CampaignStatus;
  /** JSON {customerIds?, where?: {locale?, channel?}} */
  audience: string;
  /** JSON [{channel, agentId, text, delaySeconds}] */
  stages: string;
  rate_per_second: number;
  participants: number;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface CampaignStepsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  campaign_id: string;
  customer_id: string;
  stage: number;
  status: StepStatus;
  /** When the step may run; null while an earlier stage of the participant is not sent yet. */
  due_at: number | null;
  session_id: string | null;
  reason: string | null;
  updated_at: number;
}

/** Steps of one campaign stage in each state: the progress GET /api/campaigns shows, never counted on read. */
export interface CampaignProgressTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  campaign_id: string;
  stage: number;
  pending: number;
  sent: number;
  failed: number;
  skipped: number;
}

/** Provider message ids already taken in (Twilio MessageSid …): redeliveries change nothing. */
export interface InboundReceiptsTable {
  source: string;
  external_id: string;
  created_at: number;
}

export interface IdempotencyKeysTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  principal: string;
  idem_key: string;
  /** sha256 of method, route, params and body: the same key with another request is a mismatch. */
  fingerprint: string;
  /** null while the first request is still running. */
  status_code: number | null;
  response: string | null;
  content_type: string | null;
  created_at: number;
}

/** An invitation to join as an operator (issue 15): accepted by password or by single sign-on. */
export interface InvitationsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  id: string;
  email: string;
  role: Role;
  /** sha256 of the link's token. */
  token_hash: string;
  invited_by: string | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
}

/** A single-use, expiring password-reset link (sha256 of its token). */
export interface PasswordResetsTable {
  token_hash: string;
  operator_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Who changed what (CONTRACT §14); written in the transaction of the change itself. */
export interface AuditLogTable {
  id: string;
  /** The workspace the change happened in (null only in rows from before 0014, which filled them). */
  workspace_id: WorkspaceColumn;
  at: number;
  actor_type: 'operator' | 'apiKey' | 'system';
  actor_id: string;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON {field: [before, after]}; secret values are never stored, only "[secret changed]". */
  changes: string;
}

/** Candidates the routing rules considered for an event that got no deliveries row (explain). */
export interface EventDecisionsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  event_id: string;
  /** JSON, see engine/decisions.ts */
  decisions: string;
  created_at: number;
}

/** How far one participant has read in a session (CONTRACT §13). */
export interface SessionReadsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  session_id: string;
  reader_type: 'customer' | 'operator';
  reader_id: string;
  seq: number;
  read_at: number;
}

/** What a held (quiet hours) or scheduled (escalation step) delivery checks when it comes due. */
export interface DeliveryHoldsTable {
  /** The workspace the row belongs to (0014); the store's scope fills and filters it. */
  workspace_id: WorkspaceColumn;
  delivery_id: string;
  kind: 'escalation' | 'quiet';
  session_id: string | null;
  /** The message the delivery is about: read past it, and the step is cancelled. */
  seq: number | null;
  step: number | null;
  group_key: string | null;
  created_at: number;
}

/** One business on a shared Herald (CONTRACT §14). */
export interface WorkspacesTable {
  id: string;
  name: string;
  /** Encrypted (SecretBox); signs the workspace's customer tokens. Null until the first start fills `default`'s. */
  identity_secret: string | null;
  created_at: number;
}

/** An operator's role in one workspace: people sign in once and may belong to several. */
export interface WorkspaceMembersTable {
  workspace_id: string;
  operator_id: string;
  role: Role;
  created_at: number;
}

export interface Database {
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  audit_log: AuditLogTable;
  api_keys: ApiKeysTable;
  operators: OperatorsTable;
  departments: DepartmentsTable;
  operator_departments: OperatorDepartmentsTable;
  auth_sessions: AuthSessionsTable;
  agents: AgentsTable;
  push_configs: PushConfigsTable;
  customers: CustomersTable;
  sessions: SessionsTable;
  messages: MessagesTable;
  events: EventsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  destinations: DestinationsTable;
  devices: DevicesTable;
  preferences: PreferencesTable;
  notifications: NotificationsTable;
  settings: SettingsTable;
  notification_actions: NotificationActionsTable;
  campaigns: CampaignsTable;
  campaign_steps: CampaignStepsTable;
  campaign_progress: CampaignProgressTable;
  inbound_receipts: InboundReceiptsTable;
  idempotency_keys: IdempotencyKeysTable;
  event_decisions: EventDecisionsTable;
  email_marks: EmailMarksTable;
  email_digest_items: EmailDigestItemsTable;
  job_slots: JobSlotsTable;
  session_reads: SessionReadsTable;
  delivery_holds: DeliveryHoldsTable;
}

/**
 * A row as code builds and passes it: `workspace_id` is optional, because inside a workspace
 * scope the store fills it on insert (code that reads it from the database gets a string).
 */
export type Row<T extends keyof Database> = OptionalWorkspace<Selectable<Database[T]>>;
type OptionalWorkspace<R> = 'workspace_id' extends keyof R ? Omit<R, 'workspace_id'> & { workspace_id?: string } : R;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;

/** Shapes of the Herald API as the portal uses them (see CONTRACT.md). */
export type Role = 'admin' | 'manager' | 'operator' | 'viewer';
export type Channel = 'mobile' | 'web' | 'telegram' | 'sms' | 'email' | 'api';
export type SessionStatus = 'bot' | 'waiting' | 'assigned' | 'resolved';

export interface Operator {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentIds: string[];
  profile: { soundAlerts: boolean; soundLoop: boolean };
}

export interface Department {
  id: string;
  name: string;
}

export interface Session {
  id: string;
  agentId: string;
  customerId: string | null;
  channel: Channel;
  status: SessionStatus;
  departmentId: string | null;
  assignedOperatorId: string | null;
  lastSeq: number;
  createdAt: string;
}

export interface Message {
  id: string;
  sessionId: string;
  seq: number;
  role: 'user' | 'assistant' | 'operator' | 'system';
  author: { type: 'customer' | 'ai' | 'human' | 'system'; id?: string };
  text: string;
  createdAt: string;
}

export interface Agent {
  id: string;
  name: string;
  hasPushConfig: boolean;
}

export type PushEvent = 'session.started' | 'message.assistant' | 'message.user' | 'session.transferred';

export interface PushHeader {
  name: string;
  /** null for a stored secret: the API never returns it. */
  value: string | null;
  secret: boolean;
}

export interface PushConfig {
  agentId?: string;
  enabled: boolean;
  url: string;
  headers: PushHeader[];
  events: PushEvent[];
  retry?: 'standard' | 'none';
  disabledReason?: string | null;
}

export type DeliveryStatus = 'queued' | 'sending' | 'retrying' | 'delivered' | 'failed' | 'skipped' | 'cancelled';

export interface Delivery {
  id: string;
  channel: string;
  recipient: { type: string; id: string | null } | null;
  agentId: string | null;
  sessionId: string | null;
  target: string | null;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  ok: boolean;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  response: string | null;
}

export interface DeliveryDetail extends Delivery {
  payload: unknown;
  attemptLog: DeliveryAttempt[];
}

export interface ProviderField {
  key: string;
  label: string;
  /** The environment variable that sets it. */
  env?: string;
  /** Secrets come back masked ("••••••") when set, null when not. */
  value: string | null;
  secret: boolean;
  fromEnv: boolean;
}

export interface ProviderSettings {
  name: string;
  configured: boolean;
  /** Why it is not configured, in words. */
  reason?: string | null;
  fields: ProviderField[];
}

export interface EmailTemplate {
  name: string;
  subject: string;
  text: string;
  html: string;
  /** Edited here (false: Herald's default). */
  custom?: boolean;
}

export interface EmailDeliverySettings {
  delivery: 'immediate' | 'digest';
  digestSchedule: string;
  digestTimezone?: string;
}

export interface ChannelsStatus {
  telegram: { configured: boolean; botUsername: string | null };
  sms: { configured: boolean; from: string | null };
  email: { configured: boolean; from: string | null };
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export type CampaignStatus = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled';
export type StageChannel = 'mobile_push' | 'telegram' | 'email' | 'sms';

export interface CampaignAudience {
  customerIds?: string[];
  /** Customers whose locale starts with `locale`, and/or who have had a session on `channel`. */
  where?: { locale?: string; channel?: Channel };
}

export interface CampaignStageInput {
  channel: StageChannel;
  agentId: string;
  text: string;
  /** Wait after the previous stage reached the participant; the server sets 0 for the first. */
  delaySeconds?: number;
}

export interface CampaignStage extends Required<CampaignStageInput> {
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
}

export interface CampaignInput {
  name: string;
  audience: CampaignAudience;
  stages: CampaignStageInput[];
  ratePerSecond?: number;
}

export interface Campaign {
  id: string;
  name: string;
  status: CampaignStatus;
  /** Fixed when the campaign starts (0 before). */
  participants: number;
  ratePerSecond: number;
  audience: CampaignAudience;
  stages: CampaignStage[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

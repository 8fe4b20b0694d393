/**
 * The planner: pure functions from an event and the facts it needs to the deliveries it causes.
 * No I/O here, so every routing rule is unit-tested with plain values.
 */
import type { EventPayload } from '../core/outbox.js';

/** The four session events a per-agent push configuration can select (CONTRACT §5). */
export const PUSH_CONFIG_EVENTS = ['session.started', 'message.assistant', 'message.user', 'session.transferred'] as const;
export type PushConfigEvent = (typeof PUSH_CONFIG_EVENTS)[number];

export interface PlannedDelivery {
  /** The event that caused it. */
  eventId: string;
  notificationId?: string;
  channel: string;
  recipientType: 'agent' | 'customer' | 'operator';
  recipientId: string;
  target: string;
  /** Where its attempts go; by default the channel (a provider), or the origin for webhooks. */
  destination?: string;
  /** Serialized exactly once, so every retry sends the same bytes. */
  payload: string;
  status: 'queued' | 'skipped';
  reason?: string;
  /** Send no earlier than this long after planning (a rule decides again at send time). */
  delayMs?: number;
  agentId: string | null;
  sessionId: string | null;
  customerId: string | null;
}

export interface PushConfigFacts {
  agentId: string;
  enabled: boolean;
  url: string;
  events: readonly string[];
}

/** Events that go to an agent's endpoint whatever it selected. */
const ALWAYS_FORWARDED = new Set(['push_config.test', 'notification.action']);

export function planWebhook(event: EventPayload, cfg: PushConfigFacts | undefined): PlannedDelivery | undefined {
  if (!cfg) return undefined;
  const isTest = event.event === 'push_config.test';
  if (!isTest && !cfg.enabled) return undefined;
  if (!ALWAYS_FORWARDED.has(event.event) && !cfg.events.includes(event.event)) return undefined;
  return {
    eventId: event.id,
    channel: 'webhook',
    recipientType: 'agent',
    recipientId: cfg.agentId,
    target: cfg.url,
    payload: JSON.stringify(event),
    status: 'queued',
    agentId: cfg.agentId,
    sessionId: event.sessionId,
    customerId: event.customerId,
  };
}

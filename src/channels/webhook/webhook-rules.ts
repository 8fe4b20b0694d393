/**
 * Per-agent webhook rules: a pure function from an event and the agent's push configuration to
 * the delivery it causes. No I/O here, so every rule is unit-tested with plain values.
 */
import type { EventPayload } from '../../core/outbox.js';
import type { UnsentDecision } from '../../engine/decisions.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';

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

/**
 * Why an agent with a push configuration gets no webhook for this event (explain); undefined
 * when it does get one, or has no configuration at all (then it was never a candidate).
 */
export function webhookSkip(event: EventPayload, cfg: PushConfigFacts | undefined): UnsentDecision | undefined {
  if (!cfg || planWebhook(event, cfg)) return undefined;
  const reason = !cfg.enabled
    ? "The agent's push configuration is turned off, so no webhook was sent."
    : `The agent's push configuration does not receive ${event.event} events (it receives ${cfg.events.join(', ') || 'none'}).`;
  return { recipientType: 'agent', recipientIds: [cfg.agentId], channel: 'webhook', decision: 'skipped', rule: 'webhook.subscription', reason };
}

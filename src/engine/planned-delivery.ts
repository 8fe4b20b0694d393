import type { Db, EventPayload } from '../core/outbox.js';
import type { DecisionLog } from './decisions.js';

/** What a planning stage decides for one recipient on one channel; the dispatcher turns it into a deliveries row. */
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

/**
 * One planning step of the dispatcher: loads the facts it needs for a batch of events (inside
 * the dispatcher's transaction) and returns what the pure rules decide. Each channel family
 * (agent webhooks, customer push, email/SMS) is one stage. Candidates the rules considered that
 * get no row (not in the department, no devices…) are noted in `decisions`, so explain can say why.
 */
export interface PlanStage {
  name: string;
  plan(events: readonly EventPayload[], tx: Db, now: number, decisions: DecisionLog): Promise<PlannedDelivery[]>;
}

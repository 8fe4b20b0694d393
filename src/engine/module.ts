import type { Logger } from 'pino';
import type { EventPayload, Db } from '../core/outbox.js';
import type { App } from '../http/types.js';
import type { Services } from '../services.js';
import type { PlannedDelivery } from './planned-delivery.js';
import type { Sender } from './sender.js';

/**
 * One planning step of the dispatcher: loads the facts it needs for a batch of events (inside
 * the dispatcher's transaction) and returns what the pure rules decide. Each channel family
 * (agent webhooks, customer push, email/SMS) is one stage.
 */
export interface PlanStage {
  name: string;
  plan(events: readonly EventPayload[], tx: Db, now: number): Promise<PlannedDelivery[]>;
}

/**
 * A channel family plugged into Herald: its plan stage, its senders (by delivery channel), its
 * HTTP routes and background work. herald.ts wires modules; nothing else needs to know them.
 */
export interface HeraldModule {
  name: string;
  stages?: PlanStage[];
  senders?: Record<string, Sender>;
  routes?(app: App): void;
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

export type ModuleFactory = (s: Services, log: Logger) => HeraldModule | Promise<HeraldModule>;

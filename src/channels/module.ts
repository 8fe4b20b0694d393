import type { Logger } from 'pino';
import type { App } from '../http/types.js';
import type { Services } from '../services.js';
import type { PlanStage } from '../engine/planned-delivery.js';
import type { Sender } from '../engine/sender.js';
import type { DeliveryGate } from '../engine/delivery-gate.js';

/**
 * A channel family plugged into Herald: its plan stage, its senders (by delivery channel), its
 * HTTP routes and background work. herald.ts wires modules; nothing else needs to know them.
 */
export interface HeraldModule {
  name: string;
  stages?: PlanStage[];
  senders?: Record<string, Sender>;
  /** Decides when planned deliveries may go (one module has it: readstate). */
  gate?: DeliveryGate;
  routes?(app: App): void;
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/**
 * Builds a module from the services it names (`ModuleFactory<'config' | 'store'>`): a module sees
 * only what it declares, so its dependencies are read from its signature, not from its body.
 */
export type ModuleFactory<K extends keyof Services = keyof Services> = (services: Pick<Services, K>, log: Logger) => HeraldModule | Promise<HeraldModule>;

import type { DeliveryResult } from '../providers/provider.js';
import type { Row } from '../store/schema.js';

/** What a sender made of one delivery: an attempt, or a reason not to attempt at all. */
export type SendOutcome =
  | { kind: 'attempted'; result: DeliveryResult; mayRetry: boolean }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'skipped'; reason: string }
  /** Not now: wait again until `until` (an escalation step that falls into quiet hours). */
  | { kind: 'deferred'; status: 'held' | 'scheduled'; reason: string; until: number };

/** Turns a stored delivery into one provider call; one sender per channel. */
export interface Sender {
  send(delivery: Row<'deliveries'>): Promise<SendOutcome>;
  /**
   * Optional: the next rows to send, so what each will read (a push target's device) is read for
   * all of them at once. A hint only: send() works without it.
   */
  prepare?(deliveries: ReadonlyArray<Row<'deliveries'>>): void;
  /** The target is gone for good (410, unregistered token): stop sending to it. */
  dropTarget(delivery: Row<'deliveries'>, reason: string): Promise<void>;
}

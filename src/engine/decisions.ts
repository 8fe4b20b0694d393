import type { Db } from '../core/outbox.js';

/** What the rules decided for one candidate on one channel (CONTRACT §13, explain). */
export type DecisionKind = 'sent' | 'skipped' | 'held' | 'scheduled' | 'cancelled';

export type RecipientType = 'agent' | 'customer' | 'operator';

/**
 * A decision that left no deliveries row behind (the candidate was considered and got nothing on
 * that channel: not in the department, no devices, the agent does not subscribe to the event…).
 * Decisions that did produce a row are read back from the row itself, so nothing is stored twice.
 * Several candidates with the same outcome share one entry: a workspace of fifty operators costs
 * one entry per reason, not fifty.
 */
export interface UnsentDecision {
  recipientType: RecipientType;
  recipientIds: string[];
  channel: string;
  decision: DecisionKind;
  /** The rule's name, `<channel family>.<rule>` (see decision-catalogue.ts). */
  rule: string;
  /** A sentence an operator understands. */
  reason: string;
}

/** Stored form: one JSON array per event, each entry `[type, ids, channel, decision, rule, reason]`. */
type Stored = [RecipientType, string[], string, DecisionKind, string, string];

/**
 * Collects the unsent decisions of one planning batch; the dispatcher writes them with one
 * statement per batch (no query per event), inside the transaction that writes the deliveries.
 */
export class DecisionLog {
  private readonly byEvent = new Map<string, Stored[]>();

  note(eventId: string, d: UnsentDecision): void {
    if (d.recipientIds.length === 0) return;
    const list = this.byEvent.get(eventId) ?? [];
    const same = list.find((s) => s[0] === d.recipientType && s[2] === d.channel && s[3] === d.decision && s[4] === d.rule && s[5] === d.reason);
    if (same) same[1].push(...d.recipientIds.filter((id) => !same[1].includes(id)));
    else list.push([d.recipientType, [...d.recipientIds], d.channel, d.decision, d.rule, d.reason]);
    this.byEvent.set(eventId, list);
  }

  get size(): number {
    return this.byEvent.size;
  }

  async write(tx: Db, now: number): Promise<void> {
    if (this.byEvent.size === 0) return;
    const rows = [...this.byEvent].map(([event_id, list]) => ({ event_id, decisions: JSON.stringify(list), created_at: now }));
    // A replayed batch (the writer retries a failed group commit op by op) writes the same rows again.
    for (let i = 0; i < rows.length; i += 200) {
      await tx
        .insertInto('event_decisions')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column('event_id').doUpdateSet((eb) => ({ decisions: eb.ref('excluded.decisions') })))
        .execute();
    }
  }
}

/** Reads back what DecisionLog.write stored for one event. */
export function parseDecisions(json: string): UnsentDecision[] {
  return (JSON.parse(json) as Stored[]).map(([recipientType, recipientIds, channel, decision, rule, reason]) => ({
    recipientType,
    recipientIds,
    channel,
    decision,
    rule,
    reason,
  }));
}

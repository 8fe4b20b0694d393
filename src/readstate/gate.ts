import type { Logger } from 'pino';
import { topics, type Bus } from '../bus/bus.js';
import type { Db, EventPayload } from '../core/outbox.js';
import { deliveryDto } from '../engine/deliveries.js';
import { ownPayload } from '../engine/stored-rows.js';
import type { DeliveryGate } from '../engine/delivery-gate.js';
import type { SendOutcome } from '../engine/sender.js';
import type { Store } from '../store/db.js';
import type { Row } from '../store/schema.js';
import { asSystem } from '../store/workspace-scope.js';
import type { EscalationStore } from './escalation-settings.js';
import { parseQuietHours, type QuietHours, quietUntil } from './quiet-hours.js';
import { lastRead, type Reader } from './read-state.js';
import { summaryPayload } from './summary-texts.js';

/** Reasons on held/scheduled rows; `applies` recognises the gate's own rows by them (no query). */
export const QUIET_REASON = 'quiet hours';
const STEP_PREFIX = 'escalation step ';
const PUSH_CHANNELS = new Set(['fcm', 'apns', 'webpush', 'telegram', 'beams', 'onesignal']);
/** Events whose deliveries are about a message: the ladder applies to these. */
const MESSAGE_EVENTS = new Set(['message.user', 'message.assistant']);
/** Operational mail (tests, "a destination was disabled") is never held. */
const NEVER_HELD = new Set(['email.test', 'push_config.test', 'destination.disabled']);

type Hold = Row<'delivery_holds'>;
type Quiet = { hours: QuietHours; zone: string | null; locale: string | null };

export interface GateDeps {
  store: Store;
  bus: Bus;
  escalation: EscalationStore;
  log: Logger;
  /** How often "does anyone have quiet hours?" is asked again (other processes may set them). */
  refreshMs: number;
}

/**
 * Escalation ladders and quiet hours on the engine (CONTRACT §13). Planning turns a queued row
 * into `scheduled` (a ladder step: due later) or `held` (quiet hours: due at the window's end),
 * with a small delivery_holds row saying what to check then. When the scheduler claims it, check()
 * decides: cancelled (`read`, `online`), held again (a step that fell into quiet hours), one summary
 * for everything quiet hours held (the rest `summarized`), or sent as planned.
 * With no ladder and nobody's quiet hours, planning reads nothing and no row is ever checked.
 */
export class ReadStateGate implements DeliveryGate {
  private anyQuiet = false;
  private quietCheckedAt = 0;

  constructor(private readonly deps: GateDeps) {}

  async start(): Promise<void> {
    // Ladders are read per workspace when its first event is planned (EscalationStore.get).
    await this.refreshQuiet();
  }

  /** Someone's quiet hours changed in this process: planning must look from now on. */
  quietHoursChanged(set: boolean): void {
    if (set) this.anyQuiet = true;
    else void this.refreshQuiet().catch(() => undefined);
  }

  private async refreshQuiet(): Promise<void> {
    this.quietCheckedAt = Date.now();
    const { db } = this.deps.store;
    // Anyone in any workspace: a flag that only saves planning a lookup when nobody has them.
    const c = await asSystem(() => db.selectFrom('customers').select('id').where('quiet_hours', 'is not', null).limit(1).executeTakeFirst());
    const o = c ? undefined : await db.selectFrom('operators').select('id').where('quiet_hours', 'is not', null).limit(1).executeTakeFirst();
    this.anyQuiet = Boolean(c ?? o);
  }

  async hold(rows: Array<Row<'deliveries'>>, events: readonly EventPayload[], tx: Db, now: number) {
    if (now - this.quietCheckedAt >= this.deps.refreshMs) void this.refreshQuiet().catch((err) => this.deps.log.warn({ err }, 'reading quiet hours failed'));
    const ladder = await this.deps.escalation.get(now, tx);
    const ladderOn = ladder.customers.length > 0 || ladder.operators.length > 0;
    if (!ladderOn && !this.anyQuiet) return undefined;
    const byEvent = new Map(events.map((e) => [e.id, e]));
    const candidates = rows.filter((r) => {
      if (r.status !== 'queued' || r.recipient_type === 'agent' || !family(r)) return false;
      const e = r.event_id ? byEvent.get(r.event_id) : undefined;
      return !(e && (e.urgent === true || NEVER_HELD.has(e.event)));
    });
    if (candidates.length === 0) return undefined;
    const quiet = this.anyQuiet ? await quietOf(tx, candidates) : new Map<string, Quiet>();
    const holds: Hold[] = [];
    for (const r of candidates) {
      const e = r.event_id ? byEvent.get(r.event_id) : undefined;
      const seq = typeof e?.seq === 'number' && r.session_id && MESSAGE_EVENTS.has(e.event) ? e.seq : null;
      let due = r.next_attempt_at!;
      let step: number | null = null;
      let stepReason = '';
      if (ladderOn && seq !== null) {
        const steps: Array<{ channel: string; afterSeconds: number }> = r.recipient_type === 'customer' ? ladder.customers : ladder.operators;
        const i = steps.findIndex((s) => s.channel === family(r));
        const s = steps[i];
        if (s && s.afterSeconds > 0) {
          step = i + 1;
          stepReason = `${STEP_PREFIX}${step} (${s.channel} after ${s.afterSeconds} s)`;
          const messageAt = Date.parse(e!.occurredAt);
          due = Math.max(due, (Number.isFinite(messageAt) ? messageAt : now) + s.afterSeconds * 1000);
        }
      }
      const q = quiet.get(`${r.recipient_type}:${r.recipient_id}`);
      const until = q ? quietUntil(q.hours, q.zone, due) : undefined;
      const base = { delivery_id: r.id, session_id: r.session_id, seq, step, created_at: now };
      if (until !== undefined) {
        Object.assign(r, { status: 'held', reason: QUIET_REASON, next_attempt_at: until });
        holds.push({ ...base, kind: 'quiet', group_key: groupKey(r, until) });
      } else if (step !== null) {
        Object.assign(r, { status: 'scheduled', reason: stepReason, next_attempt_at: due });
        holds.push({ ...base, kind: 'escalation', group_key: null });
      }
    }
    if (holds.length === 0) return undefined;
    return async (t: Db) => {
      for (let i = 0; i < holds.length; i += 200)
        await t
          .insertInto('delivery_holds')
          .values(holds.slice(i, i + 200))
          .execute();
    };
  }

  applies(d: Row<'deliveries'>): boolean {
    return d.attempts === 0 && d.reason !== null && (d.reason === QUIET_REASON || d.reason.startsWith(STEP_PREFIX));
  }

  async check(d: Row<'deliveries'>, now: number): Promise<{ send: Row<'deliveries'> } | { outcome: SendOutcome }> {
    const { db } = this.deps.store;
    const hold = await db.selectFrom('delivery_holds').selectAll().where('delivery_id', '=', d.id).executeTakeFirst();
    // A quiet-hours row whose hold is gone was taken into another row's summary.
    if (!hold) return d.reason === QUIET_REASON ? { outcome: { kind: 'cancelled', reason: 'summarized' } } : { send: d };
    const reader: Reader = { type: d.recipient_type as Reader['type'], id: d.recipient_id };
    if (hold.kind === 'quiet') return this.summarize(d, hold, reader, now);
    const cancel = async (reason: string) => {
      await db.deleteFrom('delivery_holds').where('delivery_id', '=', d.id).execute();
      return { outcome: { kind: 'cancelled', reason } as SendOutcome };
    };
    if (hold.seq !== null && hold.session_id && (await lastRead(db, hold.session_id, reader)) >= hold.seq) return cancel('read');
    if (await this.deps.bus.presence.isOnline(reader.type, reader.id)) return cancel('online');
    const q = (await quietOf(db, [d])).get(`${reader.type}:${reader.id}`);
    const until = q ? quietUntil(q.hours, q.zone, now) : undefined;
    if (until !== undefined) {
      // The step's time fell into quiet hours: it waits for the window's end with the others.
      await db
        .updateTable('delivery_holds')
        .set({ kind: 'quiet', group_key: groupKey(d, until) })
        .where('delivery_id', '=', d.id)
        .execute();
      return { outcome: { kind: 'deferred', status: 'held', reason: QUIET_REASON, until } };
    }
    await db.deleteFrom('delivery_holds').where('delivery_id', '=', d.id).execute();
    return { send: d };
  }

  /**
   * The window ended. The first of a group (recipient, target, window) to come due takes every
   * hold of the group in one statement — whoever deletes them owns them, on either engine — and
   * sends one summary of what is still unread; the others become `summarized`, the read ones `read`.
   */
  private async summarize(d: Row<'deliveries'>, hold: Hold, reader: Reader, now: number): Promise<{ send: Row<'deliveries'> } | { outcome: SendOutcome }> {
    const result = await this.deps.store.writer.run(async (tx) => {
      const members = await tx.deleteFrom('delivery_holds').where('group_key', '=', hold.group_key).returningAll().execute();
      if (!members.some((m) => m.delivery_id === d.id)) return { mine: false as const };
      const readUpTo = new Map<string, number>();
      const unread: Hold[] = [];
      const read: Hold[] = [];
      for (const m of members) {
        if (m.seq === null || !m.session_id) {
          unread.push(m);
          continue;
        }
        if (!readUpTo.has(m.session_id)) readUpTo.set(m.session_id, await lastRead(tx, m.session_id, reader));
        (readUpTo.get(m.session_id)! >= m.seq ? read : unread).push(m);
      }
      const others = (list: Hold[]) => list.filter((m) => m.delivery_id !== d.id).map((m) => m.delivery_id);
      const changed: Array<Row<'deliveries'>> = [];
      for (const [ids, reason] of [
        [others(read), 'read'],
        [others(unread), 'summarized'],
      ] as const) {
        if (ids.length === 0) continue;
        changed.push(
          ...(await tx
            .updateTable('deliveries')
            .set({ status: 'cancelled', reason, next_attempt_at: null, updated_at: now })
            .where('id', 'in', ids)
            .where('status', 'in', ['held', 'sending', 'queued', 'scheduled'])
            .returningAll()
            .execute()),
        );
      }
      let payload: string | undefined;
      if (unread.length > 1 || (unread.length === 1 && unread[0]!.delivery_id !== d.id)) {
        const conversations = new Set(unread.map((m) => m.session_id ?? m.delivery_id)).size;
        const locale =
          reader.type === 'customer'
            ? ((await tx.selectFrom('customers').select('locale').where('id', '=', reader.id).executeTakeFirst())?.locale ?? null)
            : null;
        payload = summaryPayload(d.channel, ownPayload(d), locale, unread.length, conversations);
      }
      // The row now is an ordinary one to send (reason cleared): should this process die before
      // the attempt, it is sent after the restart as it stands, summary included.
      if (unread.length > 0)
        await tx
          .updateTable('deliveries')
          .set({ reason: null, ...(payload && { payload }) })
          .where('id', '=', d.id)
          .execute();
      return { mine: true as const, changed, payload, nothingUnread: unread.length === 0 };
    });
    if (!result.mine) return { outcome: { kind: 'cancelled', reason: 'summarized' } };
    for (const c of result.changed) void this.deps.bus.publish(topics.deliveries, { type: 'delivery.updated', data: deliveryDto(c) });
    if (result.nothingUnread) return { outcome: { kind: 'cancelled', reason: 'read' } };
    return { send: result.payload ? { ...d, payload: result.payload } : d };
  }
}

/** The ladder's name for a delivery's channel, or undefined when neither ladders nor quiet hours apply. */
function family(r: Row<'deliveries'>): string | undefined {
  if (r.channel === 'email' || r.channel === 'sms') return r.channel;
  if (PUSH_CHANNELS.has(r.channel)) return r.recipient_type === 'operator' ? 'webpush' : 'push';
  return undefined;
}

function groupKey(r: Row<'deliveries'>, until: number): string {
  return `${r.recipient_type}:${r.recipient_id}:${r.channel}:${r.target}:${until}`;
}

async function quietOf(db: Db, rows: ReadonlyArray<Row<'deliveries'>>): Promise<Map<string, Quiet>> {
  const out = new Map<string, Quiet>();
  const customers = [...new Set(rows.filter((r) => r.recipient_type === 'customer').map((r) => r.recipient_id))];
  const operators = [...new Set(rows.filter((r) => r.recipient_type === 'operator').map((r) => r.recipient_id))];
  if (customers.length) {
    const found = await db
      .selectFrom('customers')
      .select(['id', 'timezone', 'quiet_hours', 'locale'])
      .where('id', 'in', customers)
      .where('quiet_hours', 'is not', null)
      .execute();
    for (const c of found) {
      const hours = parseQuietHours(c.quiet_hours);
      if (hours) out.set(`customer:${c.id}`, { hours, zone: c.timezone, locale: c.locale });
    }
  }
  if (operators.length) {
    const found = await db
      .selectFrom('operators')
      .select(['id', 'timezone', 'quiet_hours'])
      .where('id', 'in', operators)
      .where('quiet_hours', 'is not', null)
      .execute();
    for (const o of found) {
      const hours = parseQuietHours(o.quiet_hours);
      if (hours) out.set(`operator:${o.id}`, { hours, zone: o.timezone, locale: null });
    }
  }
  return out;
}

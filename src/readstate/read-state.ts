import { topics, type Bus } from '../bus/bus.js';
import type { Db } from '../core/outbox.js';
import type { Principal } from '../core/principal.js';
import type { SessionsService } from '../core/sessions.js';
import { deliveryDto } from '../engine/deliveries.js';
import { HeraldError } from '../errors.js';
import type { Store } from '../store/db.js';
import type { Row } from '../store/schema.js';

export type Reader = { type: 'customer' | 'operator'; id: string };

export interface SessionReadDto {
  sessionId: string;
  reader: Reader;
  seq: number;
  readAt: string;
}

/**
 * Read receipts (CONTRACT §13). A reader's position only moves forward. Posting in a session
 * counts as reading everything before it: that is derived from the messages themselves when it
 * matters (lastRead), so the message hot path writes nothing more.
 */
export class ReadState {
  constructor(private readonly deps: { store: Store; bus: Bus; sessions: SessionsService }) {}

  /** Records that `reader` has read up to `seq` (at most the last message), tells their streams, and cancels what is pending. */
  async markRead(sessionId: string, principal: Principal, seq: number, now = Date.now()): Promise<SessionReadDto> {
    if (principal.kind !== 'customer' && principal.kind !== 'operator')
      throw new HeraldError('FORBIDDEN', 'Only a customer or an operator has a read position.');
    const session = await this.deps.sessions.get(sessionId, principal); // 404 for another customer's session
    const reader: Reader = principal.kind === 'customer' ? { type: 'customer', id: principal.customerId } : { type: 'operator', id: principal.operatorId };
    const upTo = Math.min(seq, session.last_seq);
    const cancelled = await this.deps.store.writer.run(async (tx) => {
      await tx
        .insertInto('session_reads')
        .values({ session_id: sessionId, reader_type: reader.type, reader_id: reader.id, seq: upTo, read_at: now })
        .onConflict((oc) =>
          oc.columns(['session_id', 'reader_type', 'reader_id']).doUpdateSet((eb) => ({
            // Never backwards: a late request from an old tab must not un-read anything.
            seq: eb.fn<number>(this.deps.store.caps.dialect === 'postgres' ? 'greatest' : 'max', [eb.ref('session_reads.seq'), eb.ref('excluded.seq')]),
            read_at: now,
          })),
        )
        .execute();
      return cancelPending(tx, sessionId, reader, upTo, now);
    });
    const dto: SessionReadDto = { sessionId, reader, seq: upTo, readAt: new Date(now).toISOString() };
    const message = { type: 'session.read', data: dto };
    // Every device of the reader: the customer's apps, every operator portal (which keeps only its own).
    if (session.customer_id) void this.deps.bus.publish(topics.customer(session.customer_id), message);
    void this.deps.bus.publish(topics.operators, message);
    for (const d of cancelled) void this.deps.bus.publish(topics.deliveries, { type: 'delivery.updated', data: deliveryDto(d) });
    return dto;
  }
}

/**
 * How far `reader` has read in the session: their receipt, or their own last message there,
 * whichever is further (a recipient who posts has read everything before it).
 */
export async function lastRead(db: Db, sessionId: string, reader: Reader): Promise<number> {
  const r = await db
    .selectFrom('session_reads')
    .select('seq')
    .where('session_id', '=', sessionId)
    .where('reader_type', '=', reader.type)
    .where('reader_id', '=', reader.id)
    .executeTakeFirst();
  let own = db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('session_id', '=', sessionId);
  own = reader.type === 'customer' ? own.where('role', '=', 'user') : own.where('role', '=', 'operator').where('author_id', '=', reader.id);
  const m = await own.executeTakeFirst();
  return Math.max(r?.seq ?? 0, Number(m?.seq ?? 0));
}

/** A read cancels, at once, the reader's held or scheduled deliveries about messages up to `seq`. */
async function cancelPending(tx: Db, sessionId: string, reader: Reader, seq: number, now: number): Promise<Array<Row<'deliveries'>>> {
  const holds = await tx.selectFrom('delivery_holds').select('delivery_id').where('session_id', '=', sessionId).where('seq', '<=', seq).execute();
  if (holds.length === 0) return [];
  const ids = holds.map((h) => h.delivery_id);
  const rows = await tx
    .updateTable('deliveries')
    .set({ status: 'cancelled', reason: 'read', next_attempt_at: null, updated_at: now })
    .where('id', 'in', ids)
    .where('recipient_type', '=', reader.type)
    .where('recipient_id', '=', reader.id)
    .where('status', 'in', ['held', 'scheduled'])
    .returningAll()
    .execute();
  if (rows.length)
    await tx
      .deleteFrom('delivery_holds')
      .where(
        'delivery_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  return rows;
}

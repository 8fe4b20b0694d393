/**
 * Every query the console (portal and API) makes against the big tables, with the filters and
 * usual pairs it offers — built by the same functions the routes use, so the plan test and the
 * scale bench measure exactly what a user waits for.
 */
import type { Compilable } from 'kysely';
import { attemptsQuery } from '../../src/engine/attempt-rows.js';
import { type DeliveryFilter, deliveriesQuery } from '../../src/engine/deliveries.js';
import { sessionsQuery } from '../../src/core/sessions.js';
import type { Store } from '../../src/store/db.js';
import type { SeedSample } from './seed.js';

export interface ConsoleQuery {
  name: string;
  /**
   * Served by the primary key: an unfiltered listing (walking it newest first stops after a page)
   * or a lookup by id. Every other query must be served by a secondary index.
   */
  byPrimaryKey?: boolean;
  build(store: Pick<Store, 'db' | 'caps'>): Compilable & { execute(): Promise<unknown[]> };
}

export function consoleQueries(s: SeedSample): ConsoleQuery[] {
  const d = (name: string, f: Omit<DeliveryFilter, 'limit'>, byPrimaryKey = false): ConsoleQuery => ({
    name: `deliveries ${name}`,
    byPrimaryKey,
    build: (store) => deliveriesQuery(store.db, { ...f, limit: 50 }, store.caps.deliverySeq),
  });
  const last = { from: s.from, to: s.to };
  return [
    d('(newest)', {}, true),
    d('?status=failed', { status: 'failed' }),
    d('?status=delivered', { status: 'delivered' }),
    d('?status=queued', { status: 'queued' }),
    d('?channel=sms', { channel: 'sms' }),
    d('?channel=webhook', { channel: 'webhook' }),
    d('?customerId', { customerId: s.customer }),
    d('?agentId (busy)', { agentId: s.busyAgent }),
    d('?agentId (rare)', { agentId: s.rareAgent }),
    d('?sessionId', { sessionId: s.session }),
    d('?eventId', { eventId: s.eventId }),
    d('?from&to (one day)', last, true),
    d('?status=failed&customerId', { status: 'failed', customerId: s.customer }),
    d('?status=failed&agentId (rare)', { status: 'failed', agentId: s.rareAgent }),
    d('?status=failed&channel=apns', { status: 'failed', channel: 'apns' }),
    d('?status=skipped&channel=webpush', { status: 'skipped', channel: 'webpush' }),
    d('?channel=email&agentId', { channel: 'email', agentId: s.busyAgent }),
    d('?channel=sms&customerId', { channel: 'sms', customerId: s.customer }),
    d('?status=failed&from&to', { status: 'failed', ...last }),
    d('?agentId&from&to', { agentId: s.busyAgent, ...last }),
    d('?status=failed, page 2', { status: 'failed', cursor: `dlv_${'z'.repeat(10)}` }),
    { name: 'sessions (newest)', byPrimaryKey: true, build: ({ db }) => sessionsQuery(db, { limit: 50 }) },
    { name: 'sessions ?channel=web', build: ({ db }) => sessionsQuery(db, { channel: 'web', limit: 50 }) },
    { name: 'sessions ?status=resolved', build: ({ db }) => sessionsQuery(db, { status: 'resolved', limit: 50 }) },
    { name: 'sessions ?agentId', build: ({ db }) => sessionsQuery(db, { agentId: s.rareAgent, limit: 50 }) },
    { name: 'sessions ?customerId', build: ({ db }) => sessionsQuery(db, { customerId: s.customer, limit: 50 }) },
    { name: 'sessions ?status&agentId', build: ({ db }) => sessionsQuery(db, { status: 'resolved', agentId: s.busyAgent, limit: 50 }) },
    {
      name: 'delivery by id',
      byPrimaryKey: true,
      build: ({ db }) =>
        db
          .selectFrom('deliveries')
          .selectAll()
          .where('id', '=', `dlv_${'0'.repeat(26)}`),
    },
    {
      name: 'delivery attempts',
      byPrimaryKey: true,
      build: (store) => attemptsQuery(store.db, store.caps.deliverySeq, `dlv_${'0'.repeat(26)}`),
    },
  ];
}

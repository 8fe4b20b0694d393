import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, migratedStore } from '../../test/helpers/backends.js';
import type { Store } from '../store/db.js';
import type { DeliveryStatus } from '../store/schema.js';
import { newId } from '../ids.js';
import { asSystem } from '../store/workspace-scope.js';
import { attemptsOf } from './attempt-rows.js';
import { DeliverySql } from './delivery-sql.js';
import { storedEventType, storedTime } from './derived-columns.js';
import { purgeExpired } from './retention.js';

const DAY = 24 * 3600_000;

for (const backend of backends()) {
  describe(`retention purge on ${backend}`, () => {
    let store: Store;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await migratedStore(backend, 'retention'));
    });
    afterAll(() => close());

    it('purges final deliveries, their attempts and unreferenced dispatched events older than the cutoff, and nothing else', async () => {
      // Fixtures written and read back straight in the database; the purge runs on the store's handle.
      const db = store.db.withoutPlugins();
      const now = Date.now();
      const old = now - 40 * DAY;
      const recent = now - 2 * DAY;
      await db.insertInto('agents').values({ id: 'agt_r', name: 'R', created_at: old, updated_at: old }).execute();
      await db
        .insertInto('customers')
        .values({ id: 'c_r', name: null, email: null, phone: null, locale: null, timezone: null, created_at: old, updated_at: old })
        .execute();
      await db
        .insertInto('sessions')
        .values({
          id: 'ses_r',
          agent_id: 'agt_r',
          customer_id: 'c_r',
          channel: 'api',
          status: 'bot',
          department_id: null,
          assigned_operator_id: null,
          last_operator_id: null,
          last_seq: 1,
          created_at: old,
          updated_at: old,
          resolved_at: null,
        })
        .execute();
      await db
        .insertInto('messages')
        .values({ id: 'msg_r', session_id: 'ses_r', seq: 1, role: 'user', author_type: 'customer', author_id: 'c_r', text: 'old message', created_at: old })
        .execute();

      // Real ids (they start with their creation time, which the purge relies on), named for the test.
      const names = new Map<string, string>();
      const real = (name: string, at: number) => {
        const id = newId(name.slice(0, 3), at);
        names.set(id, name);
        return id;
      };
      const named = (rows: Array<Record<string, string>>, col: string) => rows.map((r) => names.get(r[col]!)!).sort();
      const byName = (name: string | null) => (name === null ? null : [...names].find(([, n]) => n === name)![0]);
      const event = (name: string, at: number, dispatched: 0 | 1) =>
        db
          .insertInto('events')
          // SQLite stores the type as a code and the time in the id (migration 0018), as Herald writes them.
          .values({
            id: real(name, at),
            ...(store.caps.derivedDeliveryColumns
              ? { type_own: storedEventType('message.user'), created_at_own: storedTime(real(name, at), at) }
              : { type: 'message.user', created_at: at }),
            session_id: 'ses_r',
            payload: '{}',
            dispatched,
          } as never)
          .execute();
      const delivery = async (name: string, status: DeliveryStatus, at: number, eventName: string | null) => {
        const id = real(name, at);
        const eventId = byName(eventName);
        // As Herald writes it (SQLite derives two columns: migration 0018).
        await asSystem(() =>
          new DeliverySql(store.caps).insert(db, [
            {
              workspace_id: 'default',
              id,
              event_id: eventId,
              notification_id: null,
              channel: 'webhook',
              recipient_type: 'agent',
              recipient_id: 'agt_r',
              agent_id: 'agt_r',
              session_id: 'ses_r',
              customer_id: 'c_r',
              target: 'https://example.com/h',
              payload: '{}',
              status,
              reason: null,
              attempts: 1,
              next_attempt_at: null,
              last_status_code: 200,
              last_error: null,
              destination: 'webhook:https://example.com',
              created_at: at,
              updated_at: at,
            },
          ]),
        );
        // As Herald writes an attempt (SQLite names its delivery by seq: migration 0017).
        await asSystem(() =>
          new DeliverySql(store.caps).insertAttempt(db, {
            workspace_id: 'default',
            delivery_id: id,
            attempt: 1,
            started_at: at,
            latency_ms: 5,
            ok: 1,
            status_code: 200,
            error: null,
            response: null,
            provider_message_id: null,
          }),
        );
      };

      // Old events: one whose deliveries all expire, one still referenced by a live delivery,
      // one never dispatched, one with no delivery at all; and a recent one.
      await event('evt_old_done', old, 1);
      await event('evt_old_live', old, 1);
      await event('evt_old_pending', old, 0);
      await event('evt_old_lonely', old, 1);
      await event('evt_recent', recent, 1);
      // Final and old → purged (five of them, so batches of 2 take three rounds).
      await delivery('dlv_old_delivered', 'delivered', old, 'evt_old_done');
      await delivery('dlv_old_failed', 'failed', old, 'evt_old_done');
      await delivery('dlv_old_skipped', 'skipped', old, 'evt_old_done');
      await delivery('dlv_old_cancelled', 'cancelled', old, 'evt_old_done');
      await delivery('dlv_old_delivered2', 'delivered', old, null);
      // Not final, however old → kept; final but recent → kept.
      await delivery('dlv_old_queued', 'queued', old, 'evt_old_live');
      await delivery('dlv_old_retrying', 'retrying', old, null);
      await delivery('dlv_old_sending', 'sending', old, null);
      await delivery('dlv_recent_delivered', 'delivered', recent, 'evt_recent');
      // Explanations (explain): they go with their events.
      for (const name of ['evt_old_done', 'evt_old_live', 'evt_old_lonely', 'evt_recent']) {
        await db
          .insertInto('event_decisions')
          .values({ event_id: byName(name)!, decisions: '[]', created_at: name === 'evt_recent' ? recent : old })
          .execute();
      }

      const result = await purgeExpired(store.db, now - 30 * DAY, 2);
      expect(result).toEqual({ deliveries: 5, attempts: 5, events: 2 });

      const deliveries = named(await db.selectFrom('deliveries').select('id').execute(), 'id');
      expect(deliveries).toEqual(['dlv_old_queued', 'dlv_old_retrying', 'dlv_old_sending', 'dlv_recent_delivered']);
      const kept = (await Promise.all((await db.selectFrom('deliveries').select('id').execute()).map((d) => attemptsOf(db, d.id)))).flat();
      expect(
        named(
          kept.map((a) => ({ delivery_id: a.delivery_id })),
          'delivery_id',
        ),
      ).toEqual(deliveries);
      const stored = await db
        .selectFrom('delivery_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(kept.length);
      const events = named(await db.selectFrom('events').select('id').execute(), 'id');
      expect(events).toEqual(['evt_old_live', 'evt_old_pending', 'evt_recent']);
      const explained = named(await db.selectFrom('event_decisions').select('event_id').execute(), 'event_id');
      expect(explained).toEqual(['evt_old_live', 'evt_recent']);
      // Conversations are never purged.
      expect(await db.selectFrom('sessions').select('id').execute()).toEqual([{ id: 'ses_r' }]);
      expect(await db.selectFrom('messages').select('text').execute()).toEqual([{ text: 'old message' }]);
      expect(await db.selectFrom('agents').select('id').execute()).toEqual([{ id: 'agt_r' }]);

      // A second run finds nothing more.
      expect(await purgeExpired(db, now - 30 * DAY, 2)).toEqual({ deliveries: 0, attempts: 0, events: 0 });
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, migratedStore } from '../../test/helpers/backends.js';
import { createMemoryBus } from '../bus/memory-bus.js';
import { createLogger } from '../logger.js';
import type { Store } from '../store/db.js';
import type { Row } from '../store/schema.js';
import type { Decision } from './attempt-outcome.js';
import { attemptsOf } from './attempt-rows.js';
import { DeliverySql } from './delivery-sql.js';
import { DestinationBook } from './destination-book.js';
import { ResultWriter } from './result-writer.js';
import { asSystem } from '../store/workspace-scope.js';

const DEST = 'webhook:http://127.0.0.1:9';

function delivery(id: string, now: number): Row<'deliveries'> {
  return {
    id,
    event_id: null,
    notification_id: null,
    channel: 'webhook',
    recipient_type: 'agent',
    recipient_id: 'agt_1',
    agent_id: 'agt_1',
    session_id: null,
    customer_id: null,
    target: 'http://127.0.0.1:9/hook',
    payload: '{}',
    status: 'sending',
    reason: null,
    attempts: 0,
    next_attempt_at: null,
    last_status_code: null,
    last_error: null,
    destination: DEST,
    created_at: now,
    updated_at: now,
  };
}

function attempted(id: string, ok: boolean, now: number, nextAt: number | null = null): Decision {
  return {
    patch: ok
      ? { status: 'delivered', reason: null, attempts: 1, next_attempt_at: null, last_status_code: 200, last_error: null }
      : { status: 'retrying', reason: null, attempts: 1, next_attempt_at: nextAt, last_status_code: 503, last_error: 'HTTP 503' },
    attempt: {
      delivery_id: id,
      attempt: 1,
      started_at: now - 5,
      latency_ms: 5,
      ok: ok ? 1 : 0,
      status_code: ok ? 200 : 503,
      error: ok ? null : 'HTTP 503',
      response: ok ? 'ok' : 'busy',
      provider_message_id: null,
    },
    circuit: ok ? 'answered' : 'failed',
  };
}

for (const backend of backends()) {
  describe(`attempt results written in batches (${backend})`, () => {
    let store: Store;
    let close: () => Promise<void>;
    let writer: ResultWriter;

    beforeAll(async () => {
      ({ store, close } = await migratedStore(backend, 'results'));
      const sql = new DeliverySql(store.caps);
      const book = new DestinationBook({
        store,
        sql,
        bus: createMemoryBus(1000),
        policy: { failureThreshold: 100, probeIntervalMs: 1000 },
        log: createLogger('silent'),
        disableAfterMs: 3600_000,
        onSustainedFailure: async () => {},
      });
      writer = new ResultWriter(store.resultsWriter, sql, book);
    });
    afterAll(() => close());

    it('outcomes finishing together are all written: each row its own state, each attempt logged, a deferral without an attempt', async () => {
      const now = Date.now();
      const ids = ['dlv_batch_a', 'dlv_batch_b', 'dlv_batch_c'];
      // As Herald writes them (SQLite derives two columns: migration 0018).
      await asSystem(() =>
        new DeliverySql(store.caps).insert(
          store.db.withoutPlugins(),
          ids.map((id) => delivery(id, now)),
        ),
      );
      const deferred: Decision = {
        patch: { status: 'scheduled', reason: 'quiet hours', attempts: 0, next_attempt_at: now + 60_000, last_status_code: null, last_error: null },
        circuit: 'none',
      };
      await Promise.all([
        writer.record('dlv_batch_a', DEST, attempted('dlv_batch_a', true, now), now),
        writer.record('dlv_batch_b', DEST, attempted('dlv_batch_b', false, now, now + 5000), now),
        writer.record('dlv_batch_c', DEST, deferred, now),
      ]);
      const rows = await store.db
        .withoutPlugins()
        .withoutPlugins()
        .selectFrom('deliveries')
        .select(['id', 'status', 'reason', 'attempts', 'next_attempt_at', 'last_status_code', 'last_error', 'updated_at'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: 'dlv_batch_a', status: 'delivered', reason: null, attempts: 1, next_attempt_at: null, last_status_code: 200, last_error: null, updated_at: now },
        {
          id: 'dlv_batch_b',
          status: 'retrying',
          reason: null,
          attempts: 1,
          next_attempt_at: now + 5000,
          last_status_code: 503,
          last_error: 'HTTP 503',
          updated_at: now,
        },
        {
          id: 'dlv_batch_c',
          status: 'scheduled',
          reason: 'quiet hours',
          attempts: 0,
          next_attempt_at: now + 60_000,
          last_status_code: null,
          last_error: null,
          updated_at: now,
        },
      ]);
      const attempts = (await Promise.all([...ids].sort().map((id) => attemptsOf(store.db.withoutPlugins(), id)))).flat();
      expect(attempts.map((a) => [a.delivery_id, a.ok, a.status_code, a.error, a.response, a.latency_ms])).toEqual([
        ['dlv_batch_a', 1, 200, null, 'ok', 5],
        ['dlv_batch_b', 0, 503, 'HTTP 503', 'busy', 5],
      ]);
    });

    it('one outcome that cannot be written (its delivery is gone) fails alone; the others of its batch are written', async () => {
      const now = Date.now();
      await asSystem(() => new DeliverySql(store.caps).insert(store.db.withoutPlugins(), [delivery('dlv_ok_1', now), delivery('dlv_ok_2', now)]));
      const results = await Promise.allSettled([
        writer.record('dlv_ok_1', DEST, attempted('dlv_ok_1', true, now), now),
        // An attempt of a delivery that no longer exists breaks its foreign key: the whole batch
        // rolls back and is written again outcome by outcome.
        writer.record('dlv_gone', DEST, attempted('dlv_gone', true, now), now),
        writer.record('dlv_ok_2', DEST, attempted('dlv_ok_2', true, now), now),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const rows = await store.db
        .withoutPlugins()
        .selectFrom('deliveries')
        .select(['id', 'status'])
        .where('id', 'in', ['dlv_ok_1', 'dlv_ok_2'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: 'dlv_ok_1', status: 'delivered' },
        { id: 'dlv_ok_2', status: 'delivered' },
      ]);
      const logged = (await Promise.all(['dlv_ok_1', 'dlv_ok_2', 'dlv_gone'].map((id) => attemptsOf(store.db.withoutPlugins(), id)))).flat();
      expect(logged.map((a) => a.delivery_id).sort()).toEqual(['dlv_ok_1', 'dlv_ok_2']);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, migratedStore } from '../../test/helpers/backends.js';
import type { Store } from '../store/db.js';
import type { Row } from '../store/schema.js';
import { asSystem } from '../store/workspace-scope.js';
import { DeliverySql } from './delivery-sql.js';

function planned(i: number, now: number): Row<'deliveries'> {
  return {
    id: `dlv_insert_${String(i).padStart(4, '0')}`,
    workspace_id: i % 2 ? 'default' : 'ws_other',
    event_id: null,
    notification_id: `ntf_${i % 3}`,
    channel: 'webpush',
    recipient_type: 'customer',
    recipient_id: 'c-many',
    agent_id: null,
    session_id: i % 5 ? null : `ses_${i}`,
    customer_id: 'c-many',
    target: `dev_${i}`,
    payload: `{"n":${i}}`,
    status: i % 7 ? 'queued' : 'skipped',
    reason: i % 7 ? null : `reason ${i}`,
    attempts: 0,
    next_attempt_at: i % 7 ? now + i : null,
    last_status_code: null,
    last_error: null,
    destination: 'webpush:http://127.0.0.1:9',
    created_at: now,
    updated_at: now + 1,
  };
}

for (const backend of backends()) {
  describe(`planned deliveries inserted (${backend})`, () => {
    let store: Store;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await migratedStore(backend, 'insert'));
    });
    afterAll(() => close());

    // 64 + 32 + 4 + 1 on SQLite: a full statement of rows, then the halves the rest takes.
    it.each([1, 64, 101, 1000])('%i rows: every row stored once, every column as planned', async (n) => {
      const now = Date.now() - n;
      const rows = Array.from({ length: n }, (_, i) => ({ ...planned(i, now), id: `dlv_insert_${n}_${String(i).padStart(4, '0')}` }));
      const sql = new DeliverySql(store.caps);
      await store.writer.run((tx) => asSystem(() => sql.insert(tx, rows)));
      // Every column of the planned row, read back as the API reads them (SQLite's generated ones included).
      const columns = Object.keys(rows[0]!) as Array<keyof Row<'deliveries'>>;
      const stored = await store.db.withoutPlugins().selectFrom('deliveries').select(columns).where('id', 'like', `dlv_insert_${n}_%`).orderBy('id').execute();
      expect(stored).toEqual(rows);
    });
  });
}

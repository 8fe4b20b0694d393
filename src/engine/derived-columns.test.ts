import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshPostgres } from '../../test/helpers/backends.js';
import { newId } from '../ids.js';
import { type Store, createDb } from '../store/db.js';
import type { Row } from '../store/schema.js';
import { asSystem } from '../store/workspace-scope.js';
import { DeliverySql } from './delivery-sql.js';
import { webhookDestination, workspaceDestination } from './destination-book.js';

const now = Date.now();

function row(over: Partial<Row<'deliveries'>>): Row<'deliveries'> {
  return {
    workspace_id: 'default',
    id: newId('dlv', now),
    event_id: null,
    notification_id: null,
    channel: 'webhook',
    recipient_type: 'agent',
    recipient_id: 'agt_01kbg7kb1cwmqr7gm360cwr9cm',
    agent_id: 'agt_01kbg7kb1cwmqr7gm360cwr9cm',
    session_id: null,
    customer_id: 'cus_1',
    target: 'https://hooks.example.com/herald/1',
    payload: '',
    status: 'delivered',
    reason: null,
    attempts: 1,
    next_attempt_at: null,
    last_status_code: 200,
    last_error: null,
    destination: 'webhook:https://hooks.example.com',
    created_at: now,
    updated_at: now,
    ...over,
  };
}

const webhook = (target: string, over: Partial<Row<'deliveries'>> = {}) => row({ target, destination: webhookDestination(target), ...over });

// Rows as planning makes them, and rows whose values cannot be derived from their other columns.
const ROWS: Array<Row<'deliveries'>> = [
  webhook('https://hooks.example.com/herald/1'),
  webhook('http://127.0.0.1:8080/hook?x=1'),
  webhook('https://HOOKS.Example.com:443/a/b'),
  webhook('https://hooks.example.com'),
  webhook('https://hooks.example.com?q=/x'),
  webhook('https://user:pw@hooks.example.com/h'),
  webhook('https://hooks.example.com/ünïcode/é'),
  webhook('https://bücher.example/hook'),
  webhook('not a url'),
  webhook('https://hooks.example.com/h', { recipient_id: 'agt_other' }),
  row({ channel: 'fcm', recipient_type: 'customer', recipient_id: 'cus_1', agent_id: null, target: 'dev_1', destination: 'fcm' }),
  row({
    workspace_id: 'acme',
    channel: 'apns',
    recipient_type: 'customer',
    recipient_id: 'cus_1',
    agent_id: null,
    target: 'dev_2',
    destination: workspaceDestination('apns', 'acme'),
  }),
  row({ channel: 'email', recipient_type: 'customer', recipient_id: 'cus_1', target: 'a@example.com', destination: 'email' }),
  row({
    channel: 'webpush',
    recipient_type: 'customer',
    recipient_id: 'cus_1',
    agent_id: null,
    target: 'dev_3',
    destination: 'webpush:https://fcm.googleapis.com',
  }),
  row({ channel: 'fcm', recipient_type: 'operator', recipient_id: 'op_1', agent_id: null, customer_id: 'cus_1', target: 'dev_4', destination: 'fcm' }),
  row({ channel: 'sms', recipient_type: 'customer', recipient_id: 'cus_2', customer_id: 'cus_1', target: '+15550100', destination: 'sms' }),
];

for (const backend of backends()) {
  describe(`derived delivery columns on ${backend}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      if (backend === 'postgres') {
        const pg = await freshPostgres();
        store = createDb({ databaseUrl: pg.url, dataDir: '' });
        cleanup = async () => {
          await store.close();
          await pg.drop();
        };
      } else {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-derived-'));
        store = createDb({ databaseUrl: undefined, dataDir: dir });
        cleanup = async () => {
          await store.close();
          fs.rmSync(dir, { recursive: true, force: true });
        };
      }
      await store.migrate();
    });
    afterAll(() => cleanup());

    it('reads back every recipient and destination as written, and finds due rows by destination', () =>
      asSystem(async () => {
        const db = store.db.withoutPlugins();
        const rows = ROWS.map((r, i) => ({ ...r, id: `dlv_derived_${String(i).padStart(2, '0')}`, status: 'queued' as const, next_attempt_at: now + i }));
        await new DeliverySql(store.caps).insert(db, rows);
        const back = await db
          .selectFrom('deliveries')
          .select(['id', 'workspace_id', 'recipient_type', 'recipient_id', 'destination'])
          .where('id', 'like', 'dlv_derived_%')
          .orderBy('id')
          .execute();
        expect(back).toEqual(
          rows.map((r) => ({
            id: r.id,
            workspace_id: r.workspace_id,
            recipient_type: r.recipient_type,
            recipient_id: r.recipient_id,
            destination: r.destination,
          })),
        );
        // The scheduler's query, by the (generated) destination.
        for (const r of rows) {
          const due = await new DeliverySql(store.caps).dueRows(db, r.destination, now + 100, 100);
          expect(due.map((d) => d.id)).toContain(r.id);
          expect(due.every((d) => d.destination === r.destination)).toBe(true);
        }
      }));

    it.runIf(backend === 'sqlite')('stores neither value where the row says it, and both where it does not', async () => {
      const stored = await asSystem(() =>
        sql<Record<string, string>>`
        SELECT workspace_own, recipient_type_own, recipient_own, destination_own FROM deliveries WHERE id LIKE 'dlv_derived_%' ORDER BY id`.execute(store.db),
      );
      // Which of workspace, recipient type, recipient id and destination each row leaves out.
      const left = stored.rows.map((r) => Object.values(r).map((v) => v === ''));
      expect(left).toEqual([
        [true, true, true, true], // a webhook as planning makes it
        [true, true, true, true], // with a port and a query
        [true, true, true, false], // an origin URL normalizes (lower case, default port dropped): stored whole
        [true, true, true, false], // no path
        [true, true, true, false], // a query without a path
        [true, true, true, false], // credentials are not part of the origin
        [true, true, true, false], // non-ASCII characters: stored whole
        [true, true, true, false], // an international host (punycode in the origin)
        [true, true, true, false], // not a URL: webhook:invalid
        [true, true, false, true], // a recipient other than the agent
        [true, true, true, true], // FCM to a customer
        [false, true, true, false], // another workspace's APNs: apns:acme
        [true, true, true, true], // email
        [true, true, true, false], // Web Push goes to its endpoint's origin
        [true, false, false, true], // an operator
        [true, true, false, true], // SMS to someone other than the row's customer
      ]);
    });
  });
}

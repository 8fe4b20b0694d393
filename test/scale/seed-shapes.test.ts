/**
 * bench:scale's bytes per delivery are only as true as its seed, which writes rows straight into
 * the tables. This compares the seeded rows, column by column, with rows a real Herald writes for
 * the same kinds of delivery (a user message to an agent's webhook, a reply to a customer's FCM
 * and APNs devices): the same columns filled, of the same length. Columns whose content is the
 * app's or the provider's (URLs, customer ids, texts, provider message ids) are not compared.
 * SQLite only: the seed's rows are the same on both engines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedSqlite, shapeFor } from '../../bench/scale/seed.js';
import { createDb } from '../../src/store/db.js';
import { ApnsFake } from '../fakes/apns-fake.js';
import { FcmFake } from '../fakes/fcm-fake.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { type Sink, startSink } from '../helpers/sink.js';

const MESSAGES = 150;
/** Per table: the rows' kind, and the columns Herald decides. */
const COMPARED = {
  deliveries: {
    kind: 'channel',
    columns: ['id', 'event_id', 'notification_id', 'recipient_type', 'agent_id', 'session_id', 'payload', 'workspace_id', 'created_at'],
  },
  events: { kind: 'type', columns: ['id', 'session_id', 'payload', 'workspace_id', 'created_at'] },
  // An attempt names its delivery by seq on SQLite (migration 0017).
  delivery_attempts: { kind: 'channel', columns: ['delivery_seq', 'started_at', 'response', 'workspace_id'] },
} as const;
const KINDS = ['webhook', 'fcm', 'apns', 'message.user', 'message.assistant'];

let h: TestHerald;
let sink: Sink;
const fcm = new FcmFake();
const apns = new ApnsFake({ keyId: 'KEY1234567', teamId: 'TEAM123456' });
const seedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-seed-shapes-'));

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-shapes-'));
  const f = await fcm.start();
  const a = await apns.start();
  fs.writeFileSync(path.join(dir, 'apns-ca.pem'), a.ca);
  sink = await startSink();
  h = await startHerald({
    env: {
      FCM_SERVICE_ACCOUNT: await fcm.writeServiceAccount(dir),
      FCM_ENDPOINT: f.url,
      APNS_KEY_FILE: await apns.writeKey(dir),
      APNS_KEY_ID: 'KEY1234567',
      APNS_TEAM_ID: 'TEAM123456',
      APNS_TOPIC: 'com.example.app',
      APNS_HOST: a.host,
      APNS_CA_FILE: path.join(dir, 'apns-ca.pem'),
    },
  });
});
afterAll(async () => {
  await h.close();
  await Promise.all([sink.close(), fcm.close(), apns.close()]);
  fs.rmSync(seedDir, { recursive: true, force: true });
});

/** Average stored length of each compared column, by table and kind (null: the column is empty). */
function shapes(file: string): Map<string, number | null> {
  const db = new Database(file, { readonly: true });
  const out = new Map<string, number | null>();
  for (const [table, { kind, columns }] of Object.entries(COMPARED)) {
    const from = table === 'delivery_attempts' ? 'delivery_attempts t JOIN deliveries d ON d.seq = t.delivery_seq' : `${table} t`;
    const by = table === 'delivery_attempts' ? `d.${kind}` : `t.${kind}`;
    const avg = columns.map((c) => `AVG(LENGTH(CAST(t."${c}" AS BLOB))) AS "${c}"`).join(', ');
    // Delivered rows: what most rows are (the seed also writes failures, skips and queued rows).
    const delivered = table === 'events' ? '' : `WHERE ${table === 'deliveries' ? 't' : 'd'}.status = 'delivered'`;
    for (const row of db.prepare(`SELECT ${by} AS kind, ${avg} FROM ${from} ${delivered} GROUP BY ${by}`).all() as Array<Record<string, number | null>>) {
      for (const c of columns) out.set(`${table}[${row.kind}].${c}`, row[c] ?? null);
    }
  }
  db.close();
  return out;
}

it('seeds the rows Herald writes', async () => {
  const agent = (await h.api('POST', '/api/agents', { name: 'Hooked' })).body;
  await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
  const sessions: string[] = [];
  for (let c = 0; c < 10; c++) {
    const token = (await h.api('POST', `/api/customers/cus-${c}/token`, {})).body.token;
    const register = (body: Record<string, unknown>) => h.api('POST', '/api/devices/register', body, { authorization: `Bearer ${token}` });
    expect((await register({ platform: 'mobile', token: `fcm-cus-${c}`, locale: 'en' })).status).toBe(201);
    if (c % 3 === 0) expect((await register({ platform: 'mobile', provider: 'apns', token: `${'ab'.repeat(31)}${c}${c}` })).status).toBe(201);
    sessions.push((await h.api('POST', '/api/sessions', { agentId: agent.id, channel: 'mobile', customerId: `cus-${c}` })).body.id);
  }
  for (let i = 0; i < MESSAGES; i++) {
    const s = sessions[i % sessions.length]!;
    await h.api('POST', `/api/sessions/${s}/messages`, { text: 'Hi, my order is late, can you check where it is?', role: 'user' });
    await h.api('POST', `/api/sessions/${s}/messages`, { text: 'Your refund was issued.' });
  }
  const db = h.herald.services.store.db.withoutPlugins();
  await eventually(async () => {
    const open = await db.selectFrom('deliveries').select('id').where('status', 'not in', ['delivered', 'failed', 'skipped', 'cancelled']).execute();
    const pending = await db.selectFrom('events').select('id').where('dispatched', '=', 0).execute();
    return open.length === 0 && pending.length === 0;
  }, 60_000);

  const store = createDb({ databaseUrl: undefined, dataDir: seedDir });
  await store.migrate();
  await store.close();
  const raw = new Database(path.join(seedDir, 'herald.db'));
  await seedSqlite(raw, shapeFor(4 * MESSAGES));
  raw.close();

  const real = shapes(path.join(h.dataDir, 'herald.db'));
  const seeded = shapes(path.join(seedDir, 'herald.db'));
  const differences: string[] = [];
  for (const [key, length] of real) {
    if (!KINDS.some((k) => key.includes(`[${k}]`))) continue;
    const other = seeded.get(key);
    // Within 2 bytes or 5 %: ids and JSON forms match; counters and texts may differ a little.
    const same = length === null || other == null ? length === (other ?? null) : Math.abs(length - other) <= Math.max(2, 0.05 * length);
    if (!same) differences.push(`${key}: Herald ${length?.toFixed(1) ?? 'null'}, seed ${other?.toFixed(1) ?? 'null'}`);
  }
  expect(differences).toEqual([]);
  // Every kind compared was found in both.
  for (const k of KINDS) expect([...seeded.keys()].some((key) => key.includes(`[${k}]`))).toBe(true);
}, 120_000);

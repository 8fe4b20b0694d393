/**
 * A cluster survives its databases: three `herald serve` processes on PostgreSQL + Redis, a steady
 * stream of customer messages whose agent webhook goes to a loopback sink, and then
 * (a) PostgreSQL restarted under load, (b) Redis restarted without persistence, (c) kill -9 of one
 * process. Every process must stay up and every message a process accepted must reach the sink.
 *
 * The PostgreSQL cluster is this file's own (the shared HERALD_TEST_PG_URL one must not be
 * restarted under other tests), so it runs when BACKENDS includes postgres.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { TEST_API_KEY, eventually } from './helpers/herald.js';
import { type HeraldProcess, spawnHerald } from './helpers/herald-process.js';
import { MessageLoad } from './helpers/message-load.js';
import { type OwnPostgres, startOwnPostgres } from './helpers/own-postgres.js';
import { type TestRedis, startRedis } from './helpers/redis.js';
import { type Sink, startSink } from './helpers/sink.js';
import { socketOwners } from './helpers/socket-owners.js';
import { openStream } from './helpers/sse.js';

/** How many messages must be accepted before and after each disturbance. */
const BATCH = 40;

describe.skipIf(!backends().includes('postgres'))('a cluster survives its databases (3 processes, PostgreSQL + Redis)', () => {
  let pg: OwnPostgres;
  let redis: TestRedis;
  let sink: Sink;
  let procs: HeraldProcess[] = [];
  /** The processes the test has not killed on purpose. */
  let live: HeraldProcess[] = [];
  let load: MessageLoad;
  let agentId: string;

  const api = async (p: HeraldProcess, method: string, route: string, body?: unknown, token = TEST_API_KEY) => {
    const res = await fetch(p.url + route, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const statusOf = (p: HeraldProcess, route: string) =>
    fetch(p.url + route, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status,
      () => 0,
    );
  const allAnswer = async (route: string, status: number) => (await Promise.all(live.map((p) => statusOf(p, route)))).every((s) => s === status);

  /** Texts the sink received and answered, parsed once per request. */
  const delivered = new Set<string>();
  let parsed = 0;
  const missing = (prefix: string) => {
    // A request whose sender died before the answer is not a delivery: it must be sent again.
    for (; parsed < sink.requests.length; parsed++) {
      const r = sink.requests[parsed]!;
      if (r.answered) delivered.add(JSON.parse(r.body).text);
    }
    return load.texts(prefix).filter((t) => !delivered.has(t));
  };

  /** What a failing run needs to be understood: what is missing, what the clients saw, what the processes said. */
  const report = async (prefix: string) => {
    const lost = missing(prefix);
    // Where the undelivered ones stand, as the deliveries console shows them.
    const pending: string[] = [];
    for (const status of ['queued', 'sending', 'retrying', 'failed']) {
      const page = await api(live[0]!, 'GET', `/api/deliveries?agentId=${agentId}&status=${status}&limit=10`).catch(() => undefined);
      for (const d of page?.body?.items ?? []) {
        pending.push(`${d.id} ${d.status} attempts=${d.attempts} updated=${d.updatedAt} next=${d.nextAttemptAt} error=${d.lastError}`);
      }
    }
    const logs = procs.map(
      (p) =>
        `--- ${p.name} (${p.alive() ? 'alive' : `exited ${p.child.exitCode ?? p.child.signalCode}`}; full log: ${p.logFile})\n${p.lines.slice(-12).join('\n')}`,
    );
    return [
      `${lost.length} of ${load.texts(prefix).length} accepted messages not delivered (e.g. ${lost.slice(0, 5).join(', ')}); refused at ingest: ${JSON.stringify(Object.fromEntries(load.refused))}`,
      `now ${new Date().toISOString()}; deliveries not delivered:`,
      ...pending,
      ...logs,
    ].join('\n');
  };

  async function expectDeliveredBy(prefix: string, deadline: number) {
    expect(load.texts(prefix).length).toBeGreaterThanOrEqual(2 * BATCH);
    const done = await eventually(() => missing(prefix).length === 0, Math.max(0, deadline - Date.now()), 100).then(
      () => true,
      () => false,
    );
    if (!done) throw new Error(await report(prefix));
  }

  async function expectAllUp() {
    for (const p of live) expect(p.alive(), `${p.name} exited:\n${p.lines.slice(-20).join('\n')}`).toBe(true);
    for (const p of live) expect(await statusOf(p, '/api/health'), `${p.name} /api/health`).toBe(200);
  }

  beforeAll(async () => {
    const t0 = Date.now();
    [pg, redis, sink] = await Promise.all([startOwnPostgres(), startRedis(), startSink()]);
    const vapid = webpush.generateVAPIDKeys();
    // What every process of a cluster shares; each still gets its own data dir.
    const env = {
      HERALD_DATABASE_URL: pg.url,
      HERALD_REDIS_URL: redis.url,
      HERALD_API_KEY: TEST_API_KEY,
      HERALD_SECRET_KEY: randomBytes(32).toString('base64'),
      HERALD_IDENTITY_SECRET: randomBytes(32).toString('base64'),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
      HERALD_RETRY_SCHEDULE_S: '0.5,1,1,2,2,5,5,10',
      HERALD_LOG_LEVEL: 'warn',
    };
    const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'herald-survival-'));
    procs = await Promise.all(
      ['a', 'b', 'c'].map((name) => {
        const dir = dataDir();
        return spawnHerald(name, { ...env, HERALD_DATA_DIR: dir }, { logFile: path.join(dir, 'herald.log') });
      }),
    );
    live = [...procs];
    console.info(`PostgreSQL, Redis and 3 Herald processes up in ${Date.now() - t0} ms`);
    agentId = (await api(procs[0]!, 'POST', '/api/agents', { name: 'Survivor' })).body.id;
    const hook = await api(procs[0]!, 'PUT', `/api/agents/${agentId}/push-config`, {
      enabled: true,
      url: `${sink.url}/hook`,
      headers: [],
      events: ['message.user'],
    });
    expect(hook.status).toBe(200);
    const session = await api(procs[1]!, 'POST', '/api/sessions', { agentId, customerId: 'cust-load' });
    expect(session.status).toBe(201);
    load = new MessageLoad({ targets: () => live.map((p) => p.url), sessionId: session.body.id, apiKey: TEST_API_KEY });
  }, 120_000);

  afterAll(async () => {
    await load?.stop();
    await Promise.all(procs.map((p) => p.stop()));
    await sink?.close();
    await redis?.stop();
    await pg?.destroy();
  });

  it(
    '(a) PostgreSQL restarted under load: every process stays up, /api/ready says 503 while it is away, every accepted message is delivered',
    { timeout: 90_000 },
    async () => {
      load.start('a');
      await eventually(() => load.acceptedSince(0, 'a') >= BATCH, 20_000);
      // 1. pg_ctl restart -m fast: every session, busy or idle, is terminated under the processes.
      await pg.restart();
      const restarted = Date.now();
      await eventually(() => load.acceptedSince(restarted, 'a') >= BATCH, 30_000);
      await expectAllUp();

      // 2. A longer outage, to watch the processes through it: readiness goes to 503 everywhere,
      // ingest is refused (and retried by the client), then everything comes back by itself.
      await pg.stop();
      await eventually(() => allAnswer('/api/ready', 503), 15_000, 50);
      const refusedBefore = load.refusedCount();
      await eventually(() => load.refusedCount() > refusedBefore, 10_000);
      // Refused as "not ready, try again" (503), never as an internal error.
      expect(load.refused.get('503')).toBeGreaterThan(0);
      expect(load.refused.has('500')).toBe(false);
      await pg.start();
      await eventually(() => allAnswer('/api/ready', 200), 30_000, 100);
      const back = Date.now();
      await eventually(() => load.acceptedSince(back, 'a') >= BATCH, 30_000);
      await load.stop();

      await expectDeliveredBy('a', back + 40_000);
      console.info(`(a) all ${load.texts('a').length} accepted messages delivered ${Date.now() - back} ms after PostgreSQL was back`);
      await expectAllUp();
    },
  );

  it('(b) Redis restarted without persistence: every accepted message is delivered within 60 s, open streams carry on', { timeout: 100_000 }, async () => {
    // A customer's stream stays open on process a through the restart.
    const streamSession = (await api(procs[0]!, 'POST', '/api/sessions', { agentId, customerId: 'cust-stream' })).body.id;
    const token = (await api(procs[0]!, 'POST', '/api/customers/cust-stream/token', {})).body.token;
    const stream = await openStream(`${procs[0]!.url}/api/stream`, { authorization: `Bearer ${token}` });
    try {
      load.start('b');
      await eventually(() => load.acceptedSince(0, 'b') >= BATCH, 20_000);
      await redis.restart();
      const restarted = Date.now();
      await eventually(() => load.acceptedSince(restarted, 'b') >= BATCH, 30_000);
      await load.stop();

      // Its subscription was restored: a reply posted on process b reaches the stream on a.
      // Pub/sub is best effort while the subscriber reconnects, so the reply is repeated until one arrives.
      let n = 0;
      await eventually(
        async () => {
          await api(procs[1]!, 'POST', `/api/sessions/${streamSession}/messages`, { text: `after-redis-${n++}` });
          return stream.events.some((e) => e.event === 'message.created' && JSON.parse(e.data).text.startsWith('after-redis-'));
        },
        20_000,
        250,
      );

      await expectDeliveredBy('b', restarted + 60_000);
      console.info(`(b) all ${load.texts('b').length} accepted messages delivered ${Date.now() - restarted} ms after the Redis restart`);
      await expectAllUp();
    } finally {
      stream.close();
    }
  });

  it('(c) kill -9 of a process with deliveries in flight: every accepted message is delivered within 45 s', { timeout: 80_000 }, async () => {
    load.start('c');
    await eventually(() => load.acceptedSince(0, 'c') >= BATCH, 20_000);
    // The receiver holds its answers for a moment, so that deliveries are in flight; the process
    // killed is one that has some (told by the sockets they came on), and their answers then go
    // to a dead process. (Each destination has at most 16 in flight across the cluster, so which
    // process holds them is up to the claims.)
    sink.hold();
    const heldBefore = sink.requests.length;
    const victim = await eventually(
      () => {
        const owners = socketOwners(live.map((p) => p.child.pid!));
        const senders = sink.held().ports.map((port) => owners.get(port));
        return live.find((p) => senders.filter((pid) => pid === p.child.pid).length >= 2);
      },
      20_000,
      20,
    );
    live = live.filter((p) => p !== victim);
    victim.child.kill('SIGKILL');
    const killed = Date.now();
    await victim.exited;
    // The dead process had deliveries in flight: the receiver sees their connections close.
    await eventually(() => sink.held().gone > 0, 5000);
    sink.release();
    await eventually(() => load.acceptedSince(killed, 'c') >= BATCH, 30_000);
    await load.stop();
    await expectDeliveredBy('c', killed + 45_000);
    console.info(`(c) all ${load.texts('c').length} accepted messages delivered ${Date.now() - killed} ms after the kill`);
    // What the dead process had sent was sent again, under the same webhook-id, by a live one.
    const after = sink.requests.slice(heldBefore);
    const unanswered = after.filter((r) => !r.answered);
    expect(unanswered.length).toBeGreaterThan(0);
    const answeredIds = new Set(after.filter((r) => r.answered).map((r) => String(r.headers['webhook-id'])));
    expect(unanswered.filter((r) => !answeredIds.has(String(r.headers['webhook-id'])))).toEqual([]);
    await expectAllUp();
  });
});

/**
 * Cluster mode end to end: two Herald instances on one PostgreSQL and one Redis, as two machines
 * would run. Needs PostgreSQL (BACKENDS includes postgres) and redis-server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshPostgres } from './helpers/backends.js';
import { type TestHerald, eventually, startHerald } from './helpers/herald.js';
import { settled } from './helpers/settled.js';
import { type TestRedis, startRedis } from './helpers/redis.js';
import webpush from 'web-push';
import { type Sink, startSink } from './helpers/sink.js';
import { openStream } from './helpers/sse.js';

describe.skipIf(!backends().includes('postgres'))('cluster mode (PostgreSQL + Redis, two instances)', () => {
  let redis: TestRedis;
  let sink: Sink;
  let drop: (() => Promise<void>) | undefined;
  let a: TestHerald;
  let b: TestHerald;

  beforeAll(async () => {
    redis = await startRedis();
    sink = await startSink();
    const pg = await freshPostgres();
    drop = pg.drop;
    const vapid = webpush.generateVAPIDKeys();
    // What every process of a cluster shares; each instance still gets its own data dir.
    const env = {
      HERALD_REDIS_URL: redis.url,
      HERALD_SECRET_KEY: randomBytes(32).toString('base64'),
      HERALD_IDENTITY_SECRET: randomBytes(32).toString('base64'),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      HERALD_RETRY_SCHEDULE_S: '0.2,0.2,0.2',
    };
    // Both at once, as a rolling deploy would: bootstrap tolerates the race.
    [a, b] = await Promise.all([startHerald({ databaseUrl: pg.url, env }), startHerald({ databaseUrl: pg.url, env })]);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sink?.close();
    await drop?.();
    await redis?.stop();
  });

  it('streams a message posted on instance B to a customer connected to instance A', async () => {
    const agent = await b.api('POST', '/api/agents', { name: 'Cluster bot' });
    const session = await b.api('POST', '/api/sessions', { agentId: agent.body.id, channel: 'web', customerId: 'cust-cluster' });
    expect(session.status).toBe(201);
    const token = (await a.api('POST', '/api/customers/cust-cluster/token', {})).body.token;
    const stream = await openStream(`${a.url}/api/stream`, { authorization: `Bearer ${token}` });
    try {
      // The stream on A makes the customer online for B's engine too.
      await eventually(() => b.herald.services.bus.presence.isOnline('customer', 'cust-cluster'));
      const posted = await b.api('POST', `/api/sessions/${session.body.id}/messages`, { text: 'Hello from B' });
      expect(posted.status).toBe(201);
      const ev = await stream.next((e) => e.event === 'message.created');
      expect(JSON.parse(ev.data)).toMatchObject({ sessionId: session.body.id, text: 'Hello from B', role: 'assistant' });
    } finally {
      stream.close();
    }
    await eventually(async () => !(await b.herald.services.bus.presence.isOnline('customer', 'cust-cluster')));
  });

  it('delivers each event to the webhook exactly once with both workers running', async () => {
    const N = 40;
    const agent = await a.api('POST', '/api/agents', { name: 'Hooked' });
    const config = await a.api('PUT', `/api/agents/${agent.body.id}/push-config`, {
      enabled: true,
      url: `${sink.url}/hook`,
      headers: [],
      events: ['message.user'],
    });
    expect(config.status).toBe(200);
    const session = await b.api('POST', '/api/sessions', { agentId: agent.body.id, customerId: 'cust-hooked' });
    // The first attempt fails: the retry goes through the cluster queue too.
    sink.reply({ status: 503 });
    const posts = await Promise.all(
      Array.from({ length: N }, (_, i) => (i % 2 ? a : b).api('POST', `/api/sessions/${session.body.id}/messages`, { text: `m${i}`, role: 'user' })),
    );
    expect(posts.every((p) => p.status === 201)).toBe(true);
    const delivered = () => b.api('GET', `/api/deliveries?agentId=${agent.body.id}&status=delivered&limit=100`);
    await eventually(async () => (await delivered()).body.items.length === N, 20_000, 100);
    await settled([a, b]); // a duplicate would have been sent by now

    const hooks = sink.requests.filter((r) => r.path === '/hook');
    const ids = hooks.map((r) => String(r.headers['webhook-id']));
    expect(new Set(ids).size).toBe(N);
    // N successes plus the one failed first attempt, repeated under the same webhook-id.
    expect(hooks.length).toBe(N + 1);
    const texts = new Set(hooks.map((r) => JSON.parse(r.body).text));
    expect(texts).toEqual(new Set(Array.from({ length: N }, (_, i) => `m${i}`)));
    const items = (await delivered()).body.items as Array<{ attempts: number }>;
    expect(items.map((d) => d.attempts).sort((x, y) => x - y)).toEqual([...Array(N - 1).fill(1), 2]);
    // Which instance sends a delivery follows which one planned its event (engine v2 hands planned
    // deliveries straight to the local scheduler); the bench measures how work spreads under load.
    // Nothing is left pending or claimed: the deliveries table is the queue.
    const pending = await a.herald.services.store.db.withoutPlugins().selectFrom('deliveries').select('id').where('next_attempt_at', 'is not', null).execute();
    expect(pending).toEqual([]);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, freshPostgres } from './helpers/backends.js';
import { TEST_API_KEY, eventually } from './helpers/herald.js';
import { startSink } from './helpers/sink.js';

const N = 1000;

async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function serve(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/serve-child.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

for (const backend of backends()) {
  describe(`crash recovery on ${backend}`, () => {
    const cleanups: Array<() => unknown> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it(`kill -9 with ${N} deliveries queued, then a restart: all ${N} arrive, repeats keep their webhook-id`, { timeout: 120_000 }, async () => {
      const sink = await startSink();
      cleanups.push(() => sink.close());
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-crash-'));
      const port = await freePort();
      const env: Record<string, string> = {
        HERALD_DATA_DIR: dataDir,
        HERALD_PORT: String(port),
        HERALD_API_KEY: TEST_API_KEY,
        HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
        HERALD_LOG_LEVEL: 'warn',
        HERALD_RETRY_SCHEDULE_S: '0.2,0.2,0.2,0.2,0.2',
      };
      if (backend === 'postgres') {
        const pg = await freshPostgres();
        cleanups.push(pg.drop);
        env.HERALD_DATABASE_URL = pg.url;
      }
      const base = `http://127.0.0.1:${port}`;
      const api = async (method: string, p: string, body?: unknown) => {
        const res = await fetch(base + p, {
          method,
          headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return (await res.json()) as any;
      };

      let child = serve(env);
      cleanups.push(() => child.kill('SIGKILL'));
      await eventually(async () => (await fetch(`${base}/api/health`)).ok, 20_000);
      const agent = await api('POST', '/api/agents', { name: 'Crashy' });
      await api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      const session = await api('POST', '/api/sessions', { agentId: agent.id, customerId: 'c-crash' });

      // The receiver holds every request open: deliveries pile up queued and in flight.
      sink.hold();
      for (let i = 0; i < N; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => api('POST', `/api/sessions/${session.id}/messages`, { text: `m${i + j}`, role: 'user' })));
      }
      const queued = await api('GET', `/api/deliveries?agentId=${agent.id}&limit=200`);
      expect(queued.items.length).toBeGreaterThan(0);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      sink.release(); // requests in flight at the crash get their answer, but the server is gone

      child = serve(env);
      await eventually(
        async () => {
          const ids = new Set(sink.requests.map((r) => r.headers['webhook-id']));
          return ids.size >= N;
        },
        90_000,
        200,
      );

      const byId = new Map<string, Set<string>>();
      for (const r of sink.requests) {
        const id = String(r.headers['webhook-id']);
        const bodies = byId.get(id) ?? new Set<string>();
        bodies.add(r.body);
        byId.set(id, bodies);
        expect(JSON.parse(r.body).id).toBe(id);
      }
      expect(byId.size).toBe(N);
      // A repeat (sent before the crash, sent again after) is the very same event.
      for (const bodies of byId.values()) expect(bodies.size).toBe(1);
      const texts = new Set([...byId.values()].map((b) => JSON.parse([...b][0]!).text));
      expect(texts.size).toBe(N);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    });
  });
}

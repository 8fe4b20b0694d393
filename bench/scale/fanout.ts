/**
 * Web Push fan-out: one notification to a customer with `devices` browser subscriptions, through
 * Herald (in this process, SQLite) and through a bare loop of the `web-push` library (encrypt per
 * device, the VAPID header cached per audience, undici keep-alive, the same number in flight).
 * Both post to one push service on loopback running in its own process, which answers 201 and
 * counts; the time is from the request (or the loop's start) until it has counted every device.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import webpush from 'web-push';
import { loadConfig } from '../../src/config.js';
import { createHeraldServer } from '../../src/herald.js';
import { createLogger } from '../../src/logger.js';
import { newId } from '../../src/ids.js';
import { DEFAULT_WORKSPACE, withWorkspace } from '../../src/store/workspace-scope.js';

const API_KEY = 'hk_bench_0123456789abcdefghijklmnopqrstuvwxyz';

export interface FanoutResult {
  devices: number;
  inFlight: number;
  heraldMs: number;
  /** The mean of the bare loop just before and just after Herald's run. */
  bareMs: number;
  bareBeforeMs?: number;
  bareAfterMs?: number;
  ratio: number;
  /** CPU time of this process (all its threads) per device, Herald's run and the bare loop's. */
  heraldCpuUsPerDevice?: number;
  bareCpuUsPerDevice?: number;
  /** CPU of the main thread alone per device (Linux): what the event loop spent. */
  heraldMainCpuUsPerDevice?: number;
  /** How long POST /api/notifications took: planning every delivery happens before it answers. */
  plannedMs?: number;
  /** CPU of the push service's process per device (Linux), during Herald's run and the bare loop's (mean). */
  sinkCpuUsPerDevice?: number;
  bareSinkCpuUsPerDevice?: number;
  /** Cores of this machine: the run cannot take less than the CPU of it and the push service over them. */
  cores?: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/** CPU ms a process (or one of its threads) has used, from /proc on Linux; undefined elsewhere. */
function procCpuMs(statPath: string): number | undefined {
  try {
    const stat = fs.readFileSync(statPath, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

/** CPU ms the main thread (the event loop) has used. */
const mainThreadCpuMs = () => procCpuMs(`/proc/self/task/${process.pid}/stat`);

/** Per device, the CPU a process used between two readings; undefined when one is missing. */
const perDevice = (from: number | undefined, to: number | undefined, devices: number) =>
  from === undefined || to === undefined ? undefined : ((to - from) * 1000) / devices;

const SINK = `
const http = require('node:http');
let count = 0;
// Requests waiting (GET /wait?n=N) until the count reaches N: one request instead of polling.
let waiting = [];
const server = http.createServer((req, res) => {
  if (req.url === '/count') return res.end(String(count));
  if (req.url === '/reset') { count = 0; return res.end('0'); }
  if (req.url.startsWith('/wait?n=')) {
    const n = Number(req.url.slice(8));
    if (count >= n) return res.end(String(count));
    return void waiting.push({ n, res });
  }
  req.resume();
  req.on('end', () => {
    count++;
    res.statusCode = 201;
    res.end();
    if (waiting.length) waiting = waiting.filter((w) => (count >= w.n ? (w.res.end(String(count)), false) : true));
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

export async function startSink(): Promise<{
  url: string;
  child: ChildProcess;
  count(): Promise<number>;
  /** Resolves when the sink has counted `n` (one waiting request: polling would cost the measured process CPU). */
  reached(n: number): Promise<void>;
  reset(): Promise<void>;
}> {
  const child = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(b.toString().trim())));
  const url = `http://127.0.0.1:${port}`;
  const get = async (p: string) => Number(await (await request(url + p)).body.text());
  return { url, child, count: () => get('/count'), reached: async (n) => void (await get(`/wait?n=${n}`)), reset: async () => void (await get('/reset')) };
}

/**
 * FANOUT_CPU_PROFILE=<file>: V8's sampling profile of this thread (Herald's event loop) over
 * Herald's measured run only, without the bare loops, the seeding or the warm-up.
 */
async function startProfile(): Promise<(() => Promise<void>) | undefined> {
  const file = process.env.FANOUT_CPU_PROFILE;
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Subscriptions as browsers give them; a few key pairs shared (encryption is per message anyway). */
function subscriptions(base: string, n: number): Array<{ endpoint: string; keys: { p256dh: string; auth: string } }> {
  const keys = Array.from({ length: 16 }, () => {
    const ecdh = createECDH('prime256v1');
    return { p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  });
  return Array.from({ length: n }, (_, i) => ({ endpoint: `${base}/push/${i}`, keys: keys[i % keys.length]! }));
}

const MESSAGE = {
  notificationId: 'ntf_bench',
  title: 'Order shipped',
  body: 'Your order 4471 is on its way.',
  data: { url: 'https://shop.example.com/orders/4471' },
};

async function bareLoop(subs: ReturnType<typeof subscriptions>, vapid: { publicKey: string; privateKey: string }, inFlight: number): Promise<number> {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const cache = new Map<string, string>();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < subs.length) {
      const sub = subs[next++]!;
      const audience = new URL(sub.endpoint).origin;
      let auth = cache.get(audience);
      if (!auth) {
        auth = webpush.getVapidHeaders(audience, 'mailto:bench@example.com', vapid.publicKey, vapid.privateKey, 'aes128gcm').Authorization;
        cache.set(audience, auth);
      }
      const details = webpush.generateRequestDetails(sub, JSON.stringify(MESSAGE), { TTL: 86400, contentEncoding: 'aes128gcm', urgency: 'normal' });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(details.headers)) headers[k.toLowerCase()] = String(v);
      headers.authorization = auth;
      const res = await request(details.endpoint, { method: 'POST', headers, body: details.body ?? undefined, dispatcher: agent });
      await res.body.text();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const ms = performance.now() - t0;
  await agent.close();
  return ms;
}

export async function fanout(devices: number, inFlight: number, log: (s: string) => void): Promise<FanoutResult> {
  const sink = await startSink();
  const vapid = webpush.generateVAPIDKeys();
  const subs = subscriptions(sink.url, devices);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-fanout-'));
  // The push service shares this machine's cores: its CPU is part of what either side costs it.
  const sinkCpuMs = () => procCpuMs(`/proc/${sink.child.pid}/stat`);
  const bare = async () => {
    const cpu = process.cpuUsage();
    const sink0 = sinkCpuMs();
    const ms = await bareLoop(subs, vapid, inFlight);
    const used = cpuMs(cpu);
    await sink.reached(devices);
    const sinkUs = perDevice(sink0, sinkCpuMs(), devices);
    await sink.reset();
    return { ms, cpu: used, sinkUs };
  };
  try {
    // Both sides warmed (the JIT, the connections) before their measured run; the bare loop is
    // measured right before and right after Herald's run and their mean kept, so a change of the
    // machine's load during the run does not favour either side.
    await bareLoop(subs, vapid, inFlight);
    await sink.reached(devices);
    await sink.reset();
    const before = await bare();
    log(`  bare web-push loop: ${devices} pushes in ${before.ms.toFixed(0)} ms`);

    const config = loadConfig({
      HERALD_DATA_DIR: dataDir,
      HERALD_HOST: '127.0.0.1',
      HERALD_PORT: '0',
      HERALD_LOG_LEVEL: 'warn',
      HERALD_API_KEY: API_KEY,
      HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
      HERALD_DESTINATION_CONCURRENCY: String(inFlight),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:bench@example.com',
    });
    const herald = await createHeraldServer(config, { log: createLogger(config.logLevel) });
    await herald.start();
    const url = await herald.listen();
    const db = herald.services.store.db;
    const now = Date.now();
    // fan-0 has 500 of the subscriptions: Herald's warm-up, as the bare loop had its own.
    const owners = [
      { id: 'fan-0', subs: subs.slice(0, 500) },
      { id: 'fan-1', subs },
    ];
    // Seeded straight into the store, in the default workspace (the store refuses unscoped writes).
    await withWorkspace(DEFAULT_WORKSPACE, async () => {
      for (const owner of owners) {
        await db
          .insertInto('customers')
          .values({ id: owner.id, name: null, email: null, phone: null, locale: 'en', timezone: null, created_at: now, updated_at: now })
          .execute();
        const rows = owner.subs.map((s, i) => ({
          id: newId('dev', now),
          owner_type: 'customer' as const,
          owner_id: owner.id,
          platform: 'web' as const,
          provider: 'webpush' as const,
          token: JSON.stringify(s),
          token_hash: `bench-${owner.id}-${i}`,
          app_version: null,
          os_version: null,
          hardware_id: null,
          locale: null,
          disabled: 0 as const,
          disabled_reason: null,
          last_seen_at: now,
          created_at: now,
        }));
        for (let i = 0; i < rows.length; i += 500)
          await db
            .insertInto('devices')
            .values(rows.slice(i, i + 500))
            .execute();
      }
    });
    const post = async (customerId: string) => {
      const res = await fetch(`${url}/api/notifications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ customerId, category: 'system', title: MESSAGE.title, body: MESSAGE.body, data: MESSAGE.data }),
      });
      if (res.status !== 202) throw new Error(`POST /api/notifications answered ${res.status}: ${await res.text()}`);
    };
    await post('fan-0');
    await sink.reached(500);
    await sink.reset();

    const profiler = await startProfile();
    const cpu = process.cpuUsage();
    const main0 = mainThreadCpuMs();
    const sink0 = sinkCpuMs();
    const t0 = performance.now();
    await post('fan-1');
    const plannedMs = performance.now() - t0;
    await sink.reached(devices);
    const heraldMs = performance.now() - t0;
    const heraldCpu = cpuMs(cpu);
    const main1 = mainThreadCpuMs();
    const sinkUs = perDevice(sink0, sinkCpuMs(), devices);
    await profiler?.();
    log(`  Herald: ${devices} pushes in ${heraldMs.toFixed(0)} ms (the request, planning every delivery, answered after ${plannedMs.toFixed(0)} ms)`);
    await herald.close();
    await sink.reset();
    const after = await bare();
    log(`  bare web-push loop again: ${devices} pushes in ${after.ms.toFixed(0)} ms`);
    const bareMs = (before.ms + after.ms) / 2;
    return {
      devices,
      inFlight,
      heraldMs,
      bareMs,
      bareBeforeMs: before.ms,
      bareAfterMs: after.ms,
      ratio: heraldMs / bareMs,
      heraldCpuUsPerDevice: (heraldCpu * 1000) / devices,
      heraldMainCpuUsPerDevice: perDevice(main0, main1, devices),
      bareCpuUsPerDevice: (((before.cpu + after.cpu) / 2) * 1000) / devices,
      plannedMs,
      sinkCpuUsPerDevice: sinkUs,
      cores: os.availableParallelism(),
      bareSinkCpuUsPerDevice: before.sinkUs === undefined || after.sinkUs === undefined ? undefined : (before.sinkUs + after.sinkUs) / 2,
    };
  } finally {
    sink.child.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

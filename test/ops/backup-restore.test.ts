/**
 * `herald backup` taken while Herald runs under load, restored the documented way: the file as
 * herald.db in an empty data dir, the same HERALD_SECRET_KEY. Everything written before the
 * backup started comes back: agents, push configs (their encrypted secrets still readable),
 * sessions and messages. Real processes, real HTTP on loopback.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/herald.js';

const KEY = 'hk_backup_test_0123456789abcdefghijklmnop';
const SECRET_KEY = randomBytes(32).toString('base64');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const children: ChildProcess[] = [];

async function serve(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/herald.js', 'serve'], {
    env: {
      PATH: process.env.PATH!,
      HERALD_DATA_DIR: dataDir,
      HERALD_PORT: String(port),
      HERALD_API_KEY: KEY,
      HERALD_SECRET_KEY: SECRET_KEY,
      HERALD_LOG_LEVEL: 'warn',
      HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
    },
    stdio: 'ignore',
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await eventually(() => fetch(`${url}/api/health`).then((r) => r.ok), 30_000, 100);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function client(url: string) {
  return async (method: string, p: string, body?: unknown) => {
    const res = await fetch(url + p, {
      method,
      headers: { authorization: `Bearer ${KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
}

const backupCli = (dataDir: string, file: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      ['bin/herald.js', 'backup', file],
      { env: { PATH: process.env.PATH!, HERALD_DATA_DIR: dataDir, HERALD_LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    ),
  );

describe('backup and restore', () => {
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('a backup taken under load restores every agent, push config, session and message written before it', async () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-backup-src-'));
    const herald = await serve(source);
    const api = client(herald.url);

    const agents: { id: string; signingSecret: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const a = (await api('POST', '/api/agents', { name: `Agent ${i}` })).body;
      const put = await api('PUT', `/api/agents/${a.id}/push-config`, {
        enabled: true,
        url: `http://127.0.0.1:9/agent-${i}`,
        headers: [
          { name: 'Authorization', value: `Bearer agent-${i}-secret`, secret: true },
          { name: 'X-Team', value: `team-${i}`, secret: false },
        ],
        events: ['message.user', 'session.started'],
      });
      expect(put.status).toBe(200);
      agents.push({ id: a.id, signingSecret: (await api('GET', `/api/agents/${a.id}/push-config/secret`)).body.signingSecret });
    }
    const sessions: string[] = [];
    for (let i = 0; i < 12; i++) {
      await api('PUT', `/api/customers/cust-${i}`, { name: `Customer ${i}` });
      const s = await api('POST', '/api/sessions', { agentId: agents[i % 3]!.id, customerId: `cust-${i}`, channel: 'api' });
      expect(s.status).toBe(201);
      sessions.push(s.body.id);
    }

    // Load: 8 writers posting messages until told to stop; every acknowledged id is recorded
    // with the time it was acknowledged.
    const acked: { id: string; sessionId: string; at: number }[] = [];
    let stop = false;
    let n = 0;
    const writers = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const sessionId = sessions[n++ % sessions.length]!;
        const r = await api('POST', `/api/sessions/${sessionId}/messages`, { text: `load ${n}` });
        if (r.status === 201) acked.push({ id: r.body.id, sessionId, at: Date.now() });
      }
    });
    await eventually(() => acked.length >= 150, 60_000, 20);
    const backupStarted = Date.now();
    const ackedBefore = acked.filter((m) => m.at < backupStarted);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'herald-backup-out-')), 'herald-backup.db');
    const result = await backupCli(source, file);
    const ackedDuring = acked.length - ackedBefore.length;
    stop = true;
    await Promise.all(writers);
    await herald.stop();

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Backup written: .*herald-backup\.db \(\d+ KiB\)\.\nKeep secret\.key|^Backup written/);
    expect(ackedDuring).toBeGreaterThan(0); // the writers really were running while it copied
    const check = new SQLite(file, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    // Restore: an empty data dir, the file as herald.db, the same HERALD_SECRET_KEY.
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-backup-dst-'));
    fs.copyFileSync(file, path.join(target, 'herald.db'));
    const restored = await serve(target);
    const api2 = client(restored.url);
    try {
      for (const [i, a] of agents.entries()) {
        expect((await api2('GET', `/api/agents/${a.id}`)).body.name).toBe(`Agent ${i}`);
        const cfg = (await api2('GET', `/api/agents/${a.id}/push-config`)).body;
        expect(cfg).toMatchObject({
          enabled: true,
          url: `http://127.0.0.1:9/agent-${i}`,
          headers: [
            { name: 'Authorization', secret: true, value: null },
            { name: 'X-Team', secret: false, value: `team-${i}` },
          ],
          events: ['message.user', 'session.started'],
        });
        // Decrypted with the same HERALD_SECRET_KEY: the very same signing secret.
        expect((await api2('GET', `/api/agents/${a.id}/push-config/secret`)).body.signingSecret).toBe(a.signingSecret);
      }
      let restoredMessages = 0;
      for (const id of sessions) {
        expect((await api2('GET', `/api/sessions/${id}`)).status).toBe(200);
        const ids = new Set<string>();
        for (let after = 0; ;) {
          const page = (await api2('GET', `/api/sessions/${id}/messages?after=${after}&limit=200`)).body.items as { id: string; seq: number }[];
          for (const m of page) ids.add(m.id);
          if (page.length < 200) break;
          after = page.at(-1)!.seq;
        }
        restoredMessages += ids.size;
        for (const m of ackedBefore.filter((x) => x.sessionId === id)) expect(ids.has(m.id), m.id).toBe(true);
      }
      expect(restoredMessages).toBeGreaterThanOrEqual(ackedBefore.length);
      // The restored Herald works: it takes new messages.
      expect((await api2('POST', `/api/sessions/${sessions[0]}/messages`, { text: 'after restore' })).status).toBe(201);
    } finally {
      await restored.stop();
    }
  }, 120_000);
});

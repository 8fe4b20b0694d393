import fs from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main.js';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { backends } from '../helpers/backends.js';
import { eventually } from '../helpers/herald.js';
import { type EmailEnv, startEmailEnv } from './email-env.js';

/** A loopback port nothing listens on: the primary relay is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

// SMTP_FALLBACK_URL (CONTRACT §13): two real SMTP servers on loopback, the primary one down.
for (const backend of backends()) {
  describe(`SMTP failover on ${backend}`, () => {
    let env: EmailEnv;
    let fallback: SmtpFake;
    let primaryPort: number;
    beforeAll(async () => {
      fallback = await new SmtpFake().start();
      primaryPort = await deadPort();
      env = await startEmailEnv(backend, { SMTP_URL: `smtp://127.0.0.1:${primaryPort}`, SMTP_FALLBACK_URL: fallback.url(), HERALD_CIRCUIT_FAILURES: '2' });
    });
    afterAll(async () => {
      await env.close();
      await fallback.close();
    });

    const customerWrites = async (text: string) => {
      const agentId = (await env.h.api('POST', '/api/agents', { name: 'Bot' })).body.id;
      const customerId = `cust-${Math.random().toString(36).slice(2, 10)}`;
      await env.h.api('PUT', `/api/customers/${customerId}`, { name: 'Dana', email: `${customerId}@example.test` });
      const sid = (await env.h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId })).body.id as string;
      await env.h.api('POST', `/api/sessions/${sid}/messages`, { text, role: 'user' });
      return sid;
    };

    it('with the primary down, the email arrives through the fallback and the console says so', async () => {
      const op = await env.operator('Away');
      const sid = await customerWrites('Is anyone there?');
      const mail = await eventually(() =>
        fallback.messages.find((m) => m.parsed.headers.get('x-herald-conversation') === sid && m.envelope.to.includes(op.email)),
      );
      expect(mail.parsed.text).toContain('Is anyone there?');
      const row = await eventually(async () => (await env.deliveries(sid, 'email')).find((d) => d.target === op.email && d.status === 'delivered'));
      const detail = (await env.h.api('GET', `/api/deliveries/${row.id}`)).body;
      expect(detail.attemptLog).toHaveLength(1);
      expect(detail.attemptLog[0].ok).toBe(true);
      expect(detail.attemptLog[0].response).toMatch(
        new RegExp(
          `^\\[fallback SMTP 127\\.0\\.0\\.1:${fallback.port}; the primary 127\\.0\\.0\\.1:${primaryPort} failed: .*(ECONNREFUSED|ECONNECTION|ESOCKET)`,
        ),
      );
    });

    it('after repeated failures the primary circuit is open and emails go straight to the fallback', async () => {
      // HERALD_CIRCUIT_FAILURES=2: the first test's failure and at least one here open it.
      const first = await customerWrites('Second try');
      await env.settled(first);
      const sid = await customerWrites('Third try');
      const rows = await env.settled(sid);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.status).toBe('delivered');
        const detail = (await env.h.api('GET', `/api/deliveries/${row.id}`)).body;
        expect(detail.attemptLog[0].response).toMatch(/^\[fallback SMTP [^\]]*its circuit is open\]/);
      }
    });

    it('herald doctor checks both relays', async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-doctor-'));
      const base = { HERALD_DATA_DIR: dir, HERALD_LOG_LEVEL: 'silent', SMTP_FROM: 'support@herald.example.test' };
      expect(await main(['doctor'], { ...base, SMTP_URL: `smtp://127.0.0.1:${primaryPort}`, SMTP_FALLBACK_URL: fallback.url() })).toBe(1);
      let lines = log.mock.calls.map((c) => String(c[0]));
      expect(lines.find((l) => l.startsWith('smtp '))).toMatch(/FAILING +SMTP relay 127\.0\.0\.1/);
      expect(lines.find((l) => l.startsWith('smtp-fallback'))).toMatch(/ok +SMTP relay 127\.0\.0\.1:\d+ accepted the connection/);
      log.mockClear();
      expect(await main(['doctor'], { ...base, SMTP_URL: fallback.url(), SMTP_FALLBACK_URL: `smtp://127.0.0.1:${primaryPort}` })).toBe(1);
      lines = log.mock.calls.map((c) => String(c[0]));
      expect(lines.find((l) => l.startsWith('smtp '))).toMatch(/ok/);
      expect(lines.find((l) => l.startsWith('smtp-fallback'))).toMatch(/FAILING/);
      log.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}

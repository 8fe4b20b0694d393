import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HeraldClient, type Message, createHerald } from '../../sdk/src/index.js';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { customerToken, newAgent } from './fixtures.js';

describe('SDK read receipts and quiet hours against a real server', () => {
  let h: TestHerald;
  let smtp: SmtpFake;
  let agentId: string;
  let operatorId: string;
  const clients: HeraldClient[] = [];
  beforeAll(async () => {
    smtp = await new SmtpFake().start();
    h = await startHerald({ env: { SMTP_URL: smtp.url(), SMTP_FROM: 'Support <support@example.test>' } });
    agentId = await newAgent(h, 'SDK bot');
    operatorId = (await h.api('POST', '/api/operators', { email: 'sdk-op@example.test', name: 'Sam', role: 'operator', password: 'password-123' })).body.id;
    await h.api('PUT', '/api/settings/escalation', { customers: [{ channel: 'email', afterSeconds: 300 }], operators: [] });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.teardown({ keepDevices: true })));
    await h?.close();
    await smtp?.close();
  });

  async function customer(id: string) {
    await h.api('PUT', `/api/customers/${id}`, { email: `${id}@example.test` });
    const herald = createHerald({ serverUrl: h.url, userId: id, sessionToken: await customerToken(h, id), transport: 'polling', pollIntervalMs: 200 });
    clients.push(herald);
    return herald;
  }

  it('onMessage with markRead: opening the app cancels the email the ladder scheduled', async () => {
    const herald = await customer('sdk-reader');
    const session = await herald.startSession({ agentId, channel: 'web' });
    await h.api('POST', `/api/sessions/${session.id}/assign`, { operatorId });
    // The customer is away when the operator answers: the email waits for its step.
    await h.api('POST', `/api/sessions/${session.id}/messages`, { text: 'Found it!', role: 'operator', operatorId });
    const step = await eventually(async () => {
      const rows = (await h.api('GET', `/api/deliveries?sessionId=${session.id}&channel=email`)).body.items as any[];
      return rows.find((d) => d.recipient.type === 'customer');
    });
    expect(step.status).toBe('scheduled');

    const got: Message[] = [];
    const stop = herald.onMessage(session.id, (m) => got.push(m), { markRead: true });
    await eventually(() => got.some((m) => m.text === 'Found it!'));
    const after = await eventually(async () => {
      const d = (await h.api('GET', `/api/deliveries/${step.id}`)).body;
      return d.status === 'cancelled' && d;
    });
    expect(after.reason).toBe('read');
    stop();
    expect(smtp.messages).toEqual([]);
  });

  it("markRead on its own, and setQuietHours in the device's or a given zone", async () => {
    const herald = await customer('sdk-quiet');
    const session = await herald.startSession({ agentId });
    const m = await herald.sendMessage(session.id, 'hi');
    await expect(herald.markRead(session.id, m.seq)).resolves.toBeUndefined();
    await herald.setQuietHours({ start: '22:00', end: '07:00' }, 'Asia/Tokyo');
    expect((await h.api('GET', '/api/customers/sdk-quiet')).body).toMatchObject({ timezone: 'Asia/Tokyo', quietHours: { start: '22:00', end: '07:00' } });
    await herald.setQuietHours(null);
    expect((await h.api('GET', '/api/customers/sdk-quiet')).body.quietHours).toBeNull();
    await expect(herald.setQuietHours({ start: '22:00', end: '07:00' }, 'Nowhere/Land')).rejects.toThrow(/IANA/);
  });
});

/**
 * SMTP and Twilio credentials per workspace (issue 15, docs/workspaces.md): a workspace stores
 * its own relay and Twilio account through its own key, and its operators' emails and customers'
 * texts go through them only; the environment's relays stay default's. A real SMTP server and a
 * Twilio fake per business, on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, TWILIO_FROM, type EmailEnv, recipients, startEmailEnv } from '../email/email-env.js';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { TwilioFake } from '../fakes/twilio-fake.js';
import { settled } from '../helpers/settled.js';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, eventually } from '../helpers/herald.js';

type Headers = Record<string, string>;
interface Field {
  key: string;
  value: string | null;
  fromEnv: boolean;
}

async function newWorkspace(h: TestHerald, name: string): Promise<{ id: string; key: Headers }> {
  const login = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const made = await h.api('POST', '/api/workspaces', { name }, { authorization: '', cookie });
  expect(made.status).toBe(201);
  return { id: made.body.id as string, key: { authorization: `Bearer ${made.body.apiKey}` } };
}

const valueOf = (fields: Field[], key: string) => fields.find((f) => f.key === key)!;

for (const backend of backends()) {
  describe(`SMTP and Twilio per workspace on ${backend}`, () => {
    let env: EmailEnv;
    let h: TestHerald;
    const smtpB = new SmtpFake({ auth: { user: 'shop-b', pass: 'relay-pass-b' } });
    const twilioB = new TwilioFake();
    const B_FROM = '+15005550999';
    let B: { id: string; key: Headers };
    let counter = 0;

    beforeAll(async () => {
      await Promise.all([smtpB.start(), twilioB.start()]);
      env = await startEmailEnv(backend);
      h = env.h;
      B = await newWorkspace(h, 'Shop B');
    });
    afterAll(async () => {
      await env?.close();
      await Promise.all([smtpB.close(), twilioB.close()]);
    });

    /** An offline operator of the workspace, assigned to a new web session in which the customer writes. */
    async function customerWrites(key: Headers, text: string) {
      const email = `op-${++counter}-${backend}@example.test`;
      const op = await h.api('POST', '/api/operators', { email, name: 'Op', role: 'operator', password: 'password-123', departmentIds: [] }, key);
      expect(op.status, JSON.stringify(op.body)).toBe(201);
      const agent = (await h.api('POST', '/api/agents', { name: 'bot' }, key)).body.id as string;
      const sid = (await h.api('POST', '/api/sessions', { agentId: agent, channel: 'web', customerId: `c-${counter}` }, key)).body.id as string;
      expect((await h.api('POST', `/api/sessions/${sid}/assign`, { operatorId: op.body.id }, key)).status).toBe(200);
      expect((await h.api('POST', `/api/sessions/${sid}/messages`, { text, role: 'user' }, key)).status).toBe(201);
      return { email, sid };
    }

    /** An operator answers a customer of an SMS session while the customer is away. */
    async function operatorTexts(key: Headers, phone: string, text: string) {
      const n = ++counter;
      const op = await h.api(
        'POST',
        '/api/operators',
        { email: `texter-${n}-${backend}@example.test`, name: 'Op', role: 'operator', password: 'password-123', departmentIds: [] },
        key,
      );
      const agent = (await h.api('POST', '/api/agents', { name: 'bot' }, key)).body.id as string;
      expect((await h.api('PUT', `/api/customers/t-${n}`, { name: 'Terry', phone }, key)).status).toBeLessThan(300);
      const sid = (await h.api('POST', '/api/sessions', { agentId: agent, channel: 'sms', customerId: `t-${n}` }, key)).body.id as string;
      expect((await h.api('POST', `/api/sessions/${sid}/messages`, { text, role: 'operator', operatorId: op.body.id }, key)).status).toBe(201);
      return sid;
    }

    const deliveries = async (key: Headers, sid: string, channel: string) =>
      eventually(async () => {
        const rows = ((await h.api('GET', `/api/deliveries?sessionId=${sid}&channel=${channel}`, undefined, key)).body.items ?? []) as any[];
        return rows.length > 0 && rows.every((d) => !['queued', 'sending', 'retrying'].includes(d.status)) && rows;
      });

    it("without its own relays and without sharing, a workspace's emails and texts are skipped; it sees nothing of the environment's", async () => {
      // With neither relay, nothing is planned (no row per message): the test email says why.
      const test = await h.api('POST', '/api/settings/email/test', { to: 'someone@example.test' }, B.key);
      expect(test.status).toBe(422);
      expect(JSON.stringify(test.body)).toMatch(/SMTP_URL is not set/);
      const smtp = (await h.api('GET', '/api/settings/providers/smtp', undefined, B.key)).body;
      expect(smtp).toMatchObject({ name: 'smtp', configured: false });
      expect(smtp.fields.every((f: Field) => f.value === null && !f.fromEnv)).toBe(true);
      const twilio = (await h.api('GET', '/api/settings/providers/twilio', undefined, B.key)).body;
      expect(valueOf(twilio.fields, 'accountSid')).toEqual(expect.objectContaining({ value: null, fromEnv: false }));
      expect((await h.api('GET', '/api/settings/channels', undefined, B.key)).body).toMatchObject({
        email: { configured: false, from: null },
        sms: { configured: false, from: null },
      });
    });

    it('stores its own SMTP and Twilio (secrets masked, bad values refused); default keeps the environment, which wins', async () => {
      const bad = await h.api('PUT', '/api/settings/providers/smtp', { values: { url: 'http://relay.example.test' } }, B.key);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/smtp:\/\/ or smtps:\/\//);
      const unknown = await h.api('PUT', '/api/settings/providers/twilio', { values: { region: 'x' } }, B.key);
      expect(unknown.status).toBe(400);

      const smtp = await h.api('PUT', '/api/settings/providers/smtp', { values: { url: smtpB.url(), from: 'Shop B <help@shop-b.example.test>' } }, B.key);
      expect(smtp.status, JSON.stringify(smtp.body)).toBe(200);
      expect(smtp.body).toMatchObject({ name: 'smtp', configured: true });
      expect(valueOf(smtp.body.fields, 'url').value).toBe('••••••');
      expect(JSON.stringify(smtp.body)).not.toContain('relay-pass-b');
      const twilio = await h.api(
        'PUT',
        '/api/settings/providers/twilio',
        { values: { accountSid: twilioB.accountSid, authToken: twilioB.authToken, from: B_FROM, apiBase: twilioB.apiBase } },
        B.key,
      );
      expect(twilio.status, JSON.stringify(twilio.body)).toBe(200);
      expect(twilio.body).toMatchObject({ name: 'twilio', configured: true });
      expect(valueOf(twilio.body.fields, 'authToken').value).toBe('••••••');
      expect(JSON.stringify(twilio.body)).not.toContain(twilioB.authToken);
      expect((await h.api('GET', '/api/settings/channels', undefined, B.key)).body).toMatchObject({
        email: { configured: true, from: 'Shop B <help@shop-b.example.test>' },
        sms: { configured: true, from: B_FROM },
      });

      // In default the environment sets these: changing them here is refused.
      const conflict = await h.api('PUT', '/api/settings/providers/smtp', { values: { url: smtpB.url() } });
      expect(conflict.status).toBe(409);
      const mine = (await h.api('GET', '/api/settings/providers/twilio')).body;
      expect(valueOf(mine.fields, 'accountSid')).toMatchObject({ value: env.twilio.accountSid, fromEnv: true });
    });

    it("a workspace's operator emails and customer texts go through its own relays only; default's through the environment's", async () => {
      const b = await customerWrites(B.key, 'hello from B');
      const d = await customerWrites({}, 'hello from default');
      const bPhone = backend === 'sqlite' ? '+15550100311' : '+15550100322';
      const dPhone = backend === 'sqlite' ? '+15550100411' : '+15550100422';
      const bSms = await operatorTexts(B.key, bPhone, 'B answers by text');
      const dSms = await operatorTexts({}, dPhone, 'default answers by text');

      expect((await deliveries(B.key, b.sid, 'email')).map((r) => r.status)).toEqual(['delivered']);
      expect((await deliveries({}, d.sid, 'email')).map((r) => r.status)).toEqual(['delivered']);
      expect((await deliveries(B.key, bSms, 'sms')).map((r) => r.status)).toContain('delivered');
      expect((await deliveries({}, dSms, 'sms')).map((r) => r.status)).toContain('delivered');

      // B's relay received B's mail only, signed in with B's credentials, from B's address.
      expect(recipients(smtpB.messages)).toEqual([b.email]);
      expect(smtpB.messages[0]!.parsed.from?.text).toContain('help@shop-b.example.test');
      expect(recipients(env.smtp.messages)).toContain(d.email);
      expect(recipients(env.smtp.messages)).not.toContain(b.email);
      // B's Twilio account sent B's text only, from B's number; the environment's sent default's.
      expect(twilioB.messages.map((m) => [m.to, m.from, m.body])).toEqual([[bPhone, B_FROM, 'B answers by text']]);
      expect(twilioB.requests.every((r) => r.authorized)).toBe(true);
      expect(env.twilio.messages.map((m) => [m.to, m.from])).toContainEqual([dPhone, TWILIO_FROM]);
      expect(env.twilio.messages.map((m) => m.to)).not.toContain(bPhone);

      // B's customer answers B's own number: its webhook URL names B, signed with B's token.
      const bUrl = `/webhooks/twilio/sms/${B.id}`;
      const answer = await twilioB.sendInboundSms(`${h.url}${bUrl}`, { from: bPhone, to: B_FROM, body: 'Thanks, B!' }, { signUrl: `${PUBLIC_URL}${bUrl}` });
      expect(answer.status, answer.body).toBe(200);
      const inB = (await h.api('GET', `/api/sessions/${bSms}/messages?after=0`, undefined, B.key)).body.items as any[];
      expect(inB.map((m) => [m.role, m.text])).toContainEqual(['user', 'Thanks, B!']);
      // Signed with the environment's token, or for a workspace that does not exist: refused.
      const forged = await env.twilio.sendInboundSms(`${h.url}${bUrl}`, { from: bPhone, body: 'forged' }, { signUrl: `${PUBLIC_URL}${bUrl}` });
      expect(forged.status).toBe(403);
      const nowhere = await twilioB.sendInboundSms(
        `${h.url}/webhooks/twilio/sms/ws_nowhere`,
        { from: bPhone, body: 'lost' },
        { signUrl: `${PUBLIC_URL}/webhooks/twilio/sms/ws_nowhere` },
      );
      expect(nowhere.status).toBe(403);
      const all = (await h.api('GET', `/api/sessions/${bSms}/messages?after=0`, undefined, B.key)).body.items as any[];
      expect(all.map((m) => m.text)).not.toContain('forged');
      expect(all.map((m) => m.text)).not.toContain('lost');
      // What the answer raised (an email to B's operator) is sent before the next test counts.
      await settled(h);
    });

    it('clearing its relay takes a workspace back to skipping its emails (no sharing); the audit says a secret changed', async () => {
      const cleared = await h.api('PUT', '/api/settings/providers/smtp', { values: { url: null, from: null } }, B.key);
      expect(cleared.body).toMatchObject({ configured: false });
      const before = smtpB.messages.length;
      const { sid } = await customerWrites(B.key, 'still there?');
      const [row] = await deliveries(B.key, sid, 'email');
      expect(row).toMatchObject({ status: 'skipped' });
      expect(smtpB.messages.length).toBe(before);
      const audit = (await h.api('GET', '/api/audit?limit=50', undefined, B.key)).body.items as any[];
      const changes = audit.filter((a) => a.action === 'provider.updated' && a.target?.id === 'smtp').map((a) => a.changes?.url);
      // Stored, then cleared: the audit names the change, never the value.
      expect(changes).toEqual([
        ['[secret]', null],
        [null, '[secret changed]'],
      ]);
      expect(JSON.stringify(audit)).not.toContain('relay-pass-b');
    });
  });

  describe(`SMTP and Twilio per workspace with HERALD_SHARE_ENV_PROVIDERS on ${backend}`, () => {
    let env: EmailEnv;
    const twilioC = new TwilioFake();
    beforeAll(async () => {
      await twilioC.start();
      env = await startEmailEnv(backend, { HERALD_SHARE_ENV_PROVIDERS: 'true' });
    });
    afterAll(async () => {
      await env?.close();
      await twilioC.close();
    });

    it("a workspace uses the environment's relay for what it stored nothing for, and only its own for the rest", async () => {
      const h = env.h;
      const C = await newWorkspace(h, 'Shop C');
      const smtp = (await h.api('GET', '/api/settings/providers/smtp', undefined, C.key)).body;
      expect(smtp).toMatchObject({ configured: true });
      expect(valueOf(smtp.fields, 'from')).toMatchObject({ fromEnv: true });
      const stored = await h.api(
        'PUT',
        '/api/settings/providers/twilio',
        { values: { accountSid: twilioC.accountSid, authToken: twilioC.authToken, from: '+15005550777', apiBase: twilioC.apiBase } },
        C.key,
      );
      expect(stored.status, JSON.stringify(stored.body)).toBe(200);
      expect(stored.body.fields.every((f: Field) => !f.fromEnv)).toBe(true);

      const op = await h.api(
        'POST',
        '/api/operators',
        { email: `c-op-${backend}@example.test`, name: 'Op', role: 'operator', password: 'password-123', departmentIds: [] },
        C.key,
      );
      const agent = (await h.api('POST', '/api/agents', { name: 'bot' }, C.key)).body.id as string;
      const web = (await h.api('POST', '/api/sessions', { agentId: agent, channel: 'web', customerId: 'c-web' }, C.key)).body.id as string;
      await h.api('POST', `/api/sessions/${web}/assign`, { operatorId: op.body.id }, C.key);
      expect((await h.api('POST', `/api/sessions/${web}/messages`, { text: 'hi', role: 'user' }, C.key)).status).toBe(201);
      const phone = backend === 'sqlite' ? '+15550100511' : '+15550100522';
      await h.api('PUT', '/api/customers/c-sms', { name: 'Terry', phone }, C.key);
      const sms = (await h.api('POST', '/api/sessions', { agentId: agent, channel: 'sms', customerId: 'c-sms' }, C.key)).body.id as string;
      await h.api('POST', `/api/sessions/${sms}/messages`, { text: 'C texts', role: 'operator', operatorId: op.body.id }, C.key);

      // Email: the environment's relay (C stored none); SMS: C's own account, never the environment's.
      await eventually(() => recipients(env.smtp.messages).includes(`c-op-${backend}@example.test`));
      await eventually(() => twilioC.messages.length === 1);
      expect(twilioC.messages.map((m) => [m.to, m.from, m.body])).toEqual([[phone, '+15005550777', 'C texts']]);
      expect(env.twilio.messages.map((m) => m.to)).not.toContain(phone);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { eventually } from '../helpers/herald.js';
import { type EmailEnv, PUBLIC_URL, TWILIO_FROM, startEmailEnv } from './email-env.js';

const WEBHOOK = '/webhooks/twilio/sms';

// Two-way texting through Twilio: replies go out to offline customers, texts come back in.
for (const backend of backends()) {
  describe(`SMS on ${backend}`, () => {
    let env: EmailEnv;
    let agentId: string;
    let operatorId: string;
    const phone = backend === 'sqlite' ? '+15550100111' : '+15550100222';
    const customerId = `texter-${backend}`;
    let sid: string;
    beforeAll(async () => {
      env = await startEmailEnv(backend);
      agentId = (await env.h.api('POST', '/api/agents', { name: 'SMS bot' })).body.id;
      operatorId = (await env.operator('Sam')).id;
      // Stored with formatting, as apps often do; inbound matching normalizes it.
      await env.h.api('PUT', `/api/customers/${customerId}`, { name: 'Terry', phone: `${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}` });
      sid = (await env.h.api('POST', '/api/sessions', { agentId, channel: 'sms', customerId })).body.id;
    });
    afterAll(() => env.close());

    const toPhone = () => env.twilio.messages.filter((m) => m.to === phone);
    const inbound = (body: string, opts: { from?: string; signature?: string } = {}) =>
      env.twilio.sendInboundSms(
        `${env.h.url}${WEBHOOK}`,
        { from: opts.from ?? phone, body },
        { signUrl: `${PUBLIC_URL}${WEBHOOK}`, signature: opts.signature },
      );
    const texts = async (sessionId: string) =>
      (await env.h.api('GET', `/api/sessions/${sessionId}/messages?after=0`)).body.items.map((m: any) => [m.role, m.text]);

    it("texts an operator reply to the offline customer; never the bot's replies", async () => {
      await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Bot answer' });
      await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Hi Terry, Sam here.', role: 'operator', operatorId });
      const sent = await eventually(() => toPhone().length >= 1 && toPhone());
      expect(sent.map((m) => [m.from, m.body])).toEqual([[TWILIO_FROM, 'Hi Terry, Sam here.']]);

      const rows = (await env.settled(sid, 2)).filter((d) => d.channel === 'sms');
      expect(rows.map((d) => d.status).sort()).toEqual(['delivered', 'skipped']);
      expect(rows.find((d) => d.status === 'delivered')).toMatchObject({ target: phone, recipient: { type: 'customer', id: customerId } });
      expect(rows.find((d) => d.status === 'skipped').reason).toMatch(/^bot_handled: /);
    });

    it('uses the alphanumeric sender name when one is set', async () => {
      expect((await env.h.api('PUT', '/api/settings/sms', { senderName: 'ACME Help' })).body).toEqual({ senderName: 'ACME Help' });
      expect((await env.h.api('PUT', '/api/settings/sms', { senderName: 'Not-Valid-Name!' })).status).toBe(400);
      await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Second reply', role: 'operator', operatorId });
      const sent = await eventually(() => toPhone().find((m) => m.body === 'Second reply'));
      expect(sent.from).toBe('ACME Help');
      await env.h.api('PUT', '/api/settings/sms', { senderName: null });
    });

    it("a signed inbound text becomes the customer's message in their SMS session, answered with TwiML", async () => {
      const res = await inbound('Thanks, got it!');
      expect(res.status).toBe(200);
      expect(res.body).toContain('<Response/>');
      expect((await texts(sid)).at(-1)).toEqual(['user', 'Thanks, got it!']);
      const last = (await env.h.api('GET', `/api/sessions/${sid}/messages?after=0`)).body.items.at(-1);
      expect(last.author).toEqual({ type: 'customer', id: customerId });
    });

    it('stores a text Twilio delivers twice (same MessageSid) only once', async () => {
      const before = (await texts(sid)).length;
      const again = { MessageSid: 'SMredelivered0001', SmsMessageSid: 'SMredelivered0001', SmsSid: 'SMredelivered0001' };
      const send = () =>
        env.twilio.sendInboundSms(`${env.h.url}${WEBHOOK}`, { from: phone, body: 'Only once', extra: again }, { signUrl: `${PUBLIC_URL}${WEBHOOK}` });
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const after = await texts(sid);
      expect(after.length).toBe(before + 1);
      expect(after.at(-1)).toEqual(['user', 'Only once']);
    });

    it('a bad signature is refused with 403 and changes nothing', async () => {
      const before = await texts(sid);
      const forged = await inbound('Forged text', { signature: 'bm90IGEgc2lnbmF0dXJl' });
      expect(forged.status).toBe(403);
      const wrongKey = await env.twilio.sendInboundSms(
        `${env.h.url}${WEBHOOK}`,
        { from: phone, body: 'Wrong key' },
        { signUrl: `${PUBLIC_URL}${WEBHOOK}`, authToken: 'not-the-token' },
      );
      expect(wrongKey.status).toBe(403);
      expect(await texts(sid)).toEqual(before);
    });

    it('after the SMS session is resolved, the next text opens a new one with the same agent', async () => {
      await env.h.api('POST', `/api/sessions/${sid}/resolve`);
      expect((await inbound('One more thing')).status).toBe(200);
      const sessions = (await env.h.api('GET', `/api/sessions?customerId=${customerId}`)).body.items;
      expect(sessions).toHaveLength(2);
      expect(sessions[0]).toMatchObject({ channel: 'sms', agentId, status: 'bot' });
      expect(sessions[0].id).not.toBe(sid);
      expect(await texts(sessions[0].id)).toEqual([['user', 'One more thing']]);
    });

    it('campaign stages on the email and SMS channels reach the customer through the same senders', async () => {
      const target = `campaign-${backend}`;
      await env.h.api('PUT', `/api/customers/${target}`, { name: 'Cam', email: `${target}@example.test`, phone: '+15550177000' });
      const campaign = await env.h.api('POST', '/api/campaigns', {
        name: `Reach ${backend}`,
        audience: { customerIds: [target] },
        stages: [
          { channel: 'email', agentId, text: 'Our spring offer is here.' },
          { channel: 'sms', agentId, text: 'Reply STOP to opt out.', delaySeconds: 0 },
        ],
      });
      expect(campaign.status).toBe(201);
      expect((await env.h.api('POST', `/api/campaigns/${campaign.body.id}/start`)).status).toBeLessThan(300);
      const mail = await eventually(() => env.smtp.messages.find((m) => m.envelope.to.includes(`${target}@example.test`)));
      expect(mail.parsed.text).toContain('Our spring offer is here.');
      const text = await eventually(() => env.twilio.messages.find((m) => m.to === '+15550177000'));
      expect(text.body).toBe('Reply STOP to opt out.');
    });

    it('a text from an unknown number opens a new SMS session for a new customer with the latest SMS agent', async () => {
      const stranger = backend === 'sqlite' ? '+15550199001' : '+15550199002';
      const res = await inbound('Hello? Who is this?', { from: stranger });
      expect(res.status).toBe(200);
      const customer = (await env.h.api('GET', `/api/customers/sms_${stranger.slice(1)}`)).body;
      expect(customer.phone).toBe(stranger);
      const sessions = (await env.h.api('GET', `/api/sessions?customerId=sms_${stranger.slice(1)}`)).body.items;
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ channel: 'sms', agentId, status: 'bot' });
      expect(await texts(sessions[0].id)).toEqual([['user', 'Hello? Who is this?']]);
    });
  });
}

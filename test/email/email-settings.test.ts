import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type EmailEnv, TWILIO_FROM, startEmailEnv } from './email-env.js';

const MERGE_FIELDS = ['recipient_name', 'sender_name', 'sender_profile_image', 'message', 'attachments', 'conversation_link', 'conversation_id'];

for (const backend of backends()) {
  describe(`email settings on ${backend}`, () => {
    let env: EmailEnv;
    let manager: { cookie: string };
    let operator: { cookie: string };
    beforeAll(async () => {
      env = await startEmailEnv(backend);
      manager = await env.operator('Manny', { role: 'manager' });
      operator = await env.operator('Opal');
    });
    afterAll(() => env.close());

    const as = (cookie: string) => ({ authorization: '', cookie });
    const api = (method: string, path: string, body?: unknown) => env.h.api(method, path, body, as(manager.cookie));

    it('lists every template with the merge fields; only managers and up may see or change them', async () => {
      const list = await api('GET', '/api/settings/email-templates');
      expect(list.status).toBe(200);
      expect(list.body.mergeFields).toEqual(MERGE_FIELDS);
      expect(list.body.items.map((t: any) => t.name)).toEqual(['operator_new_conversation', 'operator_new_message', 'customer_operator_reply', 'digest']);
      for (const t of list.body.items) expect(Object.keys(t)).toEqual(expect.arrayContaining(['name', 'subject', 'text', 'html']));

      expect((await env.h.api('GET', '/api/settings/email-templates', undefined, as(operator.cookie))).status).toBe(403);
      expect((await env.h.api('PUT', '/api/settings/email-templates/digest', { subject: 'x' }, as(operator.cookie))).status).toBe(403);
      expect((await env.h.api('GET', '/api/settings/email-templates', undefined, { authorization: '' })).status).toBe(401);
      expect((await api('GET', '/api/settings/email-templates/nope')).status).toBe(404);
    });

    it('refuses unknown merge fields by name, saves valid templates, and the next email uses them', async () => {
      const bad = await api('PUT', '/api/settings/email-templates/customer_operator_reply', { subject: 'Hi {first_name}', html: '<p>{mesage}</p>' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('HERALD_VALIDATION');
      expect(bad.body.error.message).toContain('{first_name}');
      expect(bad.body.error.message).toContain('{mesage}');

      const subject = 'News from {sender_name} about {conversation_id}';
      const put = await api('PUT', '/api/settings/email-templates/customer_operator_reply', { subject });
      expect(put.status).toBe(200);
      expect((await api('GET', '/api/settings/email-templates/customer_operator_reply')).body).toMatchObject({ subject, custom: true });

      const agentId = (await env.h.api('POST', '/api/agents', { name: 'Bot' })).body.id;
      await env.h.api('PUT', `/api/customers/tmpl-${backend}`, { email: `tmpl-${backend}@example.test` });
      const sid = (await env.h.api('POST', '/api/sessions', { agentId, customerId: `tmpl-${backend}` })).body.id;
      const opId = (await env.operator('Writer')).id;
      await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Done.', role: 'operator', operatorId: opId });
      const mail = await eventually(() => env.mailsFor(sid)[0]);
      expect(mail.parsed.subject).toBe(`News from Writer about ${sid}`);

      const reset = await api('DELETE', '/api/settings/email-templates/customer_operator_reply');
      expect(reset.body).toMatchObject({ subject: '{sender_name} replied to your conversation', custom: false });
    });

    it('previews a draft with sample values, escaped in HTML', async () => {
      const res = await api('POST', '/api/settings/email-templates/operator_new_message/preview', {
        subject: 'From {sender_name}',
        html: '<div>{message}</div>',
      });
      expect(res.status).toBe(200);
      expect(res.body.subject).toBe('From Jamie Doe');
      expect(res.body.html).toBe('<div>Hello! My order #1042 has not arrived yet.<br>Could you check, please?</div>');
      expect(res.body.text).toContain('Hello! My order #1042');
      const digest = await api('POST', '/api/settings/email-templates/digest/preview', {});
      expect(digest.body.html).toContain('Let me check that for you.');
      expect((await api('POST', '/api/settings/email-templates/digest/preview', { text: '{nope}' })).status).toBe(400);
    });

    it('sends a test email through the engine, and says why when the relay refuses it', async () => {
      const ok = await api('POST', '/api/settings/email/test', { to: 'tester@example.test' });
      expect(ok.status).toBe(200);
      expect(ok.body.delivery).toMatchObject({ status: 'delivered', channel: 'email', target: 'tester@example.test' });
      const mail = env.smtp.messages.find((m) => m.envelope.to.includes('tester@example.test'))!;
      expect(mail.parsed.subject).toBe('Herald test email');
      const rows = (await env.h.api('GET', `/api/deliveries?eventId=${ok.body.eventId}`)).body.items;
      expect(rows).toHaveLength(1);

      env.smtp.reject(550, 'Mailbox unavailable', { recipient: 'nobody@example.test' });
      const refused = await api('POST', '/api/settings/email/test', { to: 'nobody@example.test' });
      expect(refused.status).toBe(422);
      expect(refused.body.error.message).toContain('550');
    });

    it('reads and validates the delivery mode and digest schedule', async () => {
      expect((await api('GET', '/api/settings/email')).body).toMatchObject({ delivery: 'immediate' });
      const bad = await api('PUT', '/api/settings/email', { delivery: 'digest', digestSchedule: 'every tuesday' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('digestSchedule');
      expect((await api('PUT', '/api/settings/email', { digestTimezone: 'Mars/Olympus' })).status).toBe(400);
      const ok = await api('PUT', '/api/settings/email', { delivery: 'digest', digestSchedule: '30 0 9 * * 1-5', digestTimezone: 'Europe/Berlin' });
      expect(ok.body).toMatchObject({ delivery: 'digest', digestSchedule: '30 0 9 * * 1-5', digestTimezone: 'Europe/Berlin' });
      expect((await api('PUT', '/api/settings/email', { delivery: 'immediate' })).body.delivery).toBe('immediate');
    });

    it('tells the portal which channels are connected', async () => {
      const res = await api('GET', '/api/settings/channels');
      expect(res.body).toEqual({
        telegram: { configured: false, botUsername: null },
        sms: { configured: true, from: TWILIO_FROM },
        email: { configured: true, from: 'Support <support@herald.example.test>' },
      });
    });

    it('without SMTP or Twilio, messages plan no email at all; the test email says what is missing', async () => {
      const bare = await startHerald({ backend });
      try {
        const channels = (await bare.api('GET', '/api/settings/channels')).body;
        expect(channels.email).toEqual({ configured: false, from: null });
        const agentId = (await bare.api('POST', '/api/agents', { name: 'Bot' })).body.id;
        const sid = (await bare.api('POST', '/api/sessions', { agentId, customerId: 'c-bare' })).body.id;
        await bare.api('POST', `/api/sessions/${sid}/transfer`, {});
        await bare.api('POST', `/api/sessions/${sid}/messages`, { text: 'Hello', role: 'user' });
        await settled(bare);
        expect((await bare.api('GET', `/api/deliveries?sessionId=${sid}&channel=email`)).body.items).toEqual([]);
        const test = await bare.api('POST', '/api/settings/email/test', { to: 'x@example.test' });
        expect(test.status).toBe(422);
        expect(JSON.stringify(test.body)).toContain('SMTP_URL is not set');
        // Refused before anything was written: no delivery that could never be sent.
        expect((await bare.api('GET', '/api/deliveries?channel=email')).body.items).toEqual([]);
      } finally {
        await bare.close();
      }
    });
  });
}

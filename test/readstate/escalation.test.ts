import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmailEnv, startEmailEnv } from '../email/email-env.js';
import { backends } from '../helpers/backends.js';
import { eventually } from '../helpers/herald.js';
import { openStream } from '../helpers/sse.js';

const STEP_S = 2;

// The ladder decides *when*: the customer's email is a step 2 s after the operator's reply, and
// it goes only if, by then, the customer has neither read the reply nor come online.
for (const backend of backends()) {
  describe(`escalation ladder on ${backend}`, () => {
    let env: EmailEnv;
    let agentId: string;
    let operator: { id: string; email: string; cookie: string };
    beforeAll(async () => {
      env = await startEmailEnv(backend);
      agentId = (await env.h.api('POST', '/api/agents', { name: 'Helper bot' })).body.id;
      operator = await env.operator('Olivia');
      const put = await env.h.api('PUT', '/api/settings/escalation', {
        customers: [
          { channel: 'email', afterSeconds: STEP_S },
          { channel: 'push', afterSeconds: 0 },
        ],
        operators: [{ channel: 'email', afterSeconds: 60 }],
      });
      expect(put.status).toBe(200);
      // Stored in the order the steps fire.
      expect(put.body.customers).toEqual([
        { channel: 'push', afterSeconds: 0 },
        { channel: 'email', afterSeconds: STEP_S },
      ]);
      expect((await env.h.api('GET', '/api/settings/escalation')).body).toEqual(put.body);
    });
    afterAll(() => env.close());

    async function conversation(customerId: string) {
      await env.h.api('PUT', `/api/customers/${customerId}`, { name: 'Casey', email: `${customerId}@example.test` });
      const sid = (await env.h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId })).body.id as string;
      await env.h.api('POST', `/api/sessions/${sid}/assign`, { operatorId: operator.id });
      const token = (await env.h.api('POST', `/api/customers/${customerId}/token`, {})).body.token as string;
      return { sid, auth: { authorization: `Bearer ${token}` } };
    }
    const reply = async (sid: string, text: string) =>
      (await env.h.api('POST', `/api/sessions/${sid}/messages`, { text, role: 'operator', operatorId: operator.id })).body;
    const customerEmail = async (sid: string) => eventually(async () => (await env.deliveries(sid, 'email')).find((d) => d.recipient.type === 'customer'));

    it('a customer who does not read gets the email at the step, not before', async () => {
      const { sid } = await conversation(`late-${backend}`);
      const msg = await reply(sid, 'Your refund is on its way.');
      const planned = await customerEmail(sid);
      expect(planned).toMatchObject({ status: 'scheduled', reason: `escalation step 2 (email after ${STEP_S} s)` });
      const sentAt = Date.parse(msg.createdAt);
      expect(Date.parse(planned.nextAttemptAt)).toBeGreaterThanOrEqual(sentAt + STEP_S * 1000);
      expect(Date.parse(planned.nextAttemptAt)).toBeLessThan(sentAt + STEP_S * 1000 + 1000);

      const mail = await eventually(() => env.mailsFor(sid)[0], 15_000);
      expect(mail.parsed.text).toContain('Your refund is on its way.');
      // The mail server answers before the attempt is recorded: wait for the record.
      const detail = await eventually(async () => {
        const d = (await env.h.api('GET', `/api/deliveries/${planned.id}`)).body;
        return d.status === 'delivered' && d;
      });
      // The one attempt was made at the step's time, not when the reply was written.
      expect(Date.parse(detail.attemptLog[0].at)).toBeGreaterThanOrEqual(sentAt + STEP_S * 1000);
    });

    it('a customer who reads in the app within the delay gets no email: cancelled, reason read', async () => {
      const { sid, auth } = await conversation(`reader-${backend}`);
      const msg = await reply(sid, 'Here is the tracking number.');
      const planned = await customerEmail(sid);
      expect(planned.status).toBe('scheduled');
      // The app shows the reply (a polling app: the read alone must cancel, not presence).
      const read = await env.h.api('POST', `/api/sessions/${sid}/read`, { seq: msg.seq }, auth);
      expect(read.status).toBe(204);
      const after = (await env.h.api('GET', `/api/deliveries/${planned.id}`)).body;
      expect(after).toMatchObject({ status: 'cancelled', reason: 'read', attempts: 0 });
      // Past the step's time the engine has nothing to send: a later reply in another session is
      // mailed at its own step, and this conversation still has no mail.
      const other = await conversation(`marker-${backend}`);
      await reply(other.sid, 'Marker.');
      await eventually(() => env.mailsFor(other.sid)[0], 15_000);
      expect(Date.now()).toBeGreaterThan(Date.parse(planned.nextAttemptAt));
      expect(env.mailsFor(sid)).toEqual([]);
    });

    it('posting counts as reading: a customer who answers within the delay gets no email', async () => {
      const { sid, auth } = await conversation(`answerer-${backend}`);
      await reply(sid, 'Can you confirm your address?');
      const planned = await customerEmail(sid);
      // Customers post through their own token; the customer's reply reads everything before it.
      expect((await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Yes, 1 Main St.' }, auth)).status).toBe(201);
      const done = await eventually(async () => {
        const d = (await env.h.api('GET', `/api/deliveries/${planned.id}`)).body;
        return d.status !== 'scheduled' && d.status !== 'sending' && d;
      }, 15_000);
      expect(done).toMatchObject({ status: 'cancelled', reason: 'read', attempts: 0 });
      expect(env.mailsFor(sid)).toEqual([]);
    });

    it('a customer who comes online before the step gets no email: cancelled, reason online', async () => {
      const customerId = `online-${backend}`;
      const { sid } = await conversation(customerId);
      await reply(sid, 'We are checking.');
      const planned = await customerEmail(sid);
      const close = await env.customerOnline(customerId);
      try {
        const done = await eventually(async () => {
          const d = (await env.h.api('GET', `/api/deliveries/${planned.id}`)).body;
          return d.status === 'cancelled' && d;
        }, 15_000);
        expect(done.reason).toBe('online');
      } finally {
        close();
      }
      expect(env.mailsFor(sid)).toEqual([]);
    });

    it("an operator read cancels the operator's pending step, and the read reaches the operator's other devices", async () => {
      const customerId = `op-read-${backend}`;
      const { sid, auth } = await conversation(customerId);
      const msg = (await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Hello?' }, auth)).body;
      const step = await eventually(async () => (await env.deliveries(sid, 'email')).find((d) => d.recipient.type === 'operator'));
      expect(step).toMatchObject({ status: 'scheduled', reason: 'escalation step 1 (email after 60 s)' });
      // The operator opens the portal on one device and reads on another.
      const portal = await openStream(`${env.h.url}/api/stream`, { cookie: operator.cookie });
      await portal.next((e) => e.event === 'badge');
      const read = await env.h.api('POST', `/api/sessions/${sid}/read`, { seq: msg.seq }, { cookie: operator.cookie, authorization: '' });
      expect(read.status).toBe(204);
      const ev = await portal.next((e) => e.event === 'session.read');
      expect(JSON.parse(ev.data)).toMatchObject({ sessionId: sid, reader: { type: 'operator', id: operator.id }, seq: msg.seq });
      portal.close();
      expect((await env.h.api('GET', `/api/deliveries/${step.id}`)).body).toMatchObject({ status: 'cancelled', reason: 'read' });
    });

    it("a step that comes due inside quiet hours waits for the window's end, then goes", async () => {
      const customerId = `night-${backend}`;
      const { sid } = await conversation(customerId);
      await reply(sid, 'Late answer.');
      const planned = await customerEmail(sid);
      expect(planned.status).toBe('scheduled');
      // Quiet hours begin before the step is due (set after it was planned), ending in ~5 s.
      const now = DateTime.now().setZone('Asia/Tokyo');
      const end = now.plus({ seconds: 5 }).startOf('second');
      await env.h.api('PUT', `/api/customers/${customerId}`, {
        timezone: 'Asia/Tokyo',
        quietHours: { start: now.minus({ minutes: 1 }).toFormat('HH:mm:ss'), end: end.toFormat('HH:mm:ss') },
      });
      const held = await eventually(async () => {
        const d = (await env.h.api('GET', `/api/deliveries/${planned.id}`)).body;
        return d.status === 'held' && d;
      }, 10_000);
      expect(held).toMatchObject({ reason: 'quiet hours', attempts: 0, nextAttemptAt: new Date(end.toMillis()).toISOString() });
      const mail = await eventually(() => env.mailsFor(sid)[0], 15_000);
      // Alone in its window, it goes as it was written, not as a summary.
      expect(mail.parsed.text).toContain('Late answer.');
      const done = await eventually(async () => {
        const d = (await env.h.api('GET', `/api/deliveries/${planned.id}`)).body;
        return d.status === 'delivered' && d;
      });
      expect(Date.parse(done.attemptLog[0].at)).toBeGreaterThanOrEqual(end.toMillis());
      await env.h.api('PUT', `/api/customers/${customerId}`, { quietHours: null });
    });

    it('read receipts: only forward, only in your own sessions, clear errors', async () => {
      const { sid, auth } = await conversation(`rules-${backend}`);
      const stranger = await conversation(`stranger-${backend}`);
      expect((await env.h.api('POST', `/api/sessions/${sid}/read`, { seq: 1 }, stranger.auth)).status).toBe(404);
      expect((await env.h.api('POST', `/api/sessions/${sid}/read`, { seq: -1 }, auth)).status).toBe(400);
      expect((await env.h.api('POST', `/api/sessions/${sid}/read`, { seq: 1 })).status).toBe(403); // a server key has no read position
      expect(
        (
          await env.h.api('PUT', '/api/settings/escalation', {
            customers: [
              { channel: 'email', afterSeconds: 1 },
              { channel: 'email', afterSeconds: 5 },
            ],
            operators: [],
          })
        ).body.error.message,
      ).toMatch(/appears twice/);
    });
  });
}

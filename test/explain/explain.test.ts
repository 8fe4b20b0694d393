import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { eventually } from '../helpers/herald.js';
import { type EmailEnv, startEmailEnv } from '../email/email-env.js';

// "Why was I (not) notified?" (CONTRACT §13) against a real SMTP server: explain lists every
// operator the rules considered for a customer message, with the decision, rule and reason.
for (const backend of backends()) {
  describe(`explain on ${backend}`, () => {
    let env: EmailEnv;
    let agentId: string;
    beforeAll(async () => {
      env = await startEmailEnv(backend);
      agentId = (await env.h.api('POST', '/api/agents', { name: 'Helper bot' })).body.id;
    });
    afterAll(() => env.close());

    const byRecipient = (decisions: any[], id: string, channel = 'email') => decisions.filter((d) => d.recipient.id === id && d.channel === channel);

    it('a first customer message: the offline operator is emailed, the online one is not, outsiders are named', async () => {
      const dep = (await env.h.api('POST', '/api/departments', { name: `Support ${backend}` })).body.id;
      const away = await env.operator('Away', { departmentIds: [dep] });
      const here = await env.operator('Here', { departmentIds: [dep] });
      const outsider = await env.operator('Outsider');
      const closeHere = await env.online(here.cookie);
      const customerId = `cust-${Math.random().toString(36).slice(2, 10)}`;
      await env.h.api('PUT', `/api/customers/${customerId}`, { name: 'Dana', email: `${customerId}@example.test` });
      const sid = (await env.h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId })).body.id;
      await env.h.api('POST', `/api/sessions/${sid}/transfer`, { departmentId: dep });
      const posted = await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Where is my parcel?', role: 'user' });
      const rows = await env.settled(sid, 2);
      closeHere();
      const eventId = rows.find((d) => d.recipient.id === away.id)!.eventId as string;
      expect(eventId).toBeTruthy();

      const res = await env.h.api('GET', `/api/events/${eventId}/explain`);
      expect(res.status).toBe(200);
      expect(res.body.event).toMatchObject({ id: eventId, type: 'message.user', sessionId: sid });
      const d = res.body.decisions as any[];
      expect(byRecipient(d, away.id)).toEqual([
        expect.objectContaining({ decision: 'sent', rule: 'email.audience', status: 'delivered', recipient: { type: 'operator', id: away.id, name: 'Away' } }),
      ]);
      expect(byRecipient(d, away.id)[0].reason).toMatch(/offline/);
      expect(byRecipient(d, here.id)).toEqual([expect.objectContaining({ decision: 'skipped', rule: 'email.presence', deliveryId: expect.any(String) })]);
      expect(byRecipient(d, here.id)[0].reason).toMatch(/online/);
      expect(byRecipient(d, outsider.id)).toEqual([
        expect.objectContaining({
          decision: 'skipped',
          rule: 'email.audience',
          deliveryId: null,
          status: null,
          recipient: { type: 'operator', id: outsider.id, name: 'Outsider' },
        }),
      ]);
      expect(byRecipient(d, outsider.id)[0].reason).toMatch(/department/);
      // Only Away got mail, as explain says.
      expect(env.mailsFor(sid).flatMap((m) => m.envelope.to)).toEqual([away.email]);

      // The portal asks by message id ("Why?" on a message): the same explanation.
      const byMessage = await env.h.api('GET', `/api/events/${posted.body.id}/explain`);
      expect(byMessage.status).toBe(200);
      expect(byMessage.body.event.id).toBe(eventId);
    });

    it('already emailed this offline period, and a customer with no devices for the push', async () => {
      const customerId = `cust-${Math.random().toString(36).slice(2, 10)}`;
      await env.h.api('PUT', `/api/customers/${customerId}`, { name: 'Eve', email: `${customerId}@example.test` });
      const sid = (await env.h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId })).body.id;
      const op = await env.operator('Replier');
      await env.h.api('POST', `/api/sessions/${sid}/assign`, { operatorId: op.id });
      const reply = (text: string) => env.h.api('POST', `/api/sessions/${sid}/messages`, { text, role: 'operator', operatorId: op.id });
      await reply('First answer');
      await eventually(async () => (await env.deliveries(sid, 'email')).some((r) => r.status === 'delivered'));
      const second = (await reply('Second answer')).body.id;
      const ex = await eventually(async () => {
        const r = await env.h.api('GET', `/api/events/${second}/explain`);
        return r.status === 200 && byRecipient(r.body.decisions, customerId).length > 0 && r.body;
      });
      const email = byRecipient(ex.decisions, customerId, 'email');
      expect(email).toEqual([expect.objectContaining({ decision: 'skipped', rule: 'email.once-per-offline-period' })]);
      expect(email[0].reason).toMatch(/already emailed/i);
      expect(byRecipient(ex.decisions, customerId, 'push')).toEqual([
        expect.objectContaining({ decision: 'skipped', rule: 'push.devices', deliveryId: null, reason: 'They have no registered device to notify.' }),
      ]);
    });

    it('an unknown id is 404', async () => {
      const res = await env.h.api('GET', '/api/events/evt_nope/explain');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('HERALD_NOT_FOUND');
    });
  });
}

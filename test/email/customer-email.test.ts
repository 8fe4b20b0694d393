import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { eventually } from '../helpers/herald.js';
import { type EmailEnv, startEmailEnv } from './email-env.js';

// Customers hear of operator replies by email only while offline, once per offline period.
for (const backend of backends()) {
  describe(`customer emails on ${backend}`, () => {
    let env: EmailEnv;
    let agentId: string;
    let operator: { id: string; email: string; cookie: string };
    beforeAll(async () => {
      env = await startEmailEnv(backend);
      agentId = (await env.h.api('POST', '/api/agents', { name: 'Helper bot' })).body.id;
      operator = await env.operator('Olivia');
    });
    afterAll(() => env.close());

    async function conversation(customerId: string) {
      await env.h.api('PUT', `/api/customers/${customerId}`, { name: 'Casey', email: `${customerId}@example.test` });
      const sid = (await env.h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId })).body.id as string;
      await env.h.api('POST', `/api/sessions/${sid}/assign`, { operatorId: operator.id });
      return sid;
    }
    const reply = (sid: string, text: string) => env.h.api('POST', `/api/sessions/${sid}/messages`, { text, role: 'operator', operatorId: operator.id });
    const customerRows = async (sid: string, n: number) =>
      (await env.settled(sid, n)).filter((d) => d.recipient.type === 'customer').sort((a, b) => a.id.localeCompare(b.id));

    it('one email per offline period: first reply mails, second does not, after a visit the next one mails again', async () => {
      const customerId = `casey-${backend}`;
      const sid = await conversation(customerId);
      await reply(sid, 'We found your order.');
      let rows = await customerRows(sid, 1);
      expect(rows.map((r) => r.status)).toEqual(['delivered']);
      await reply(sid, 'It ships tomorrow.');
      rows = await customerRows(sid, 2);
      expect(rows.map((r) => r.status)).toEqual(['delivered', 'skipped']);
      expect(rows[1].reason).toMatch(/^already_emailed_this_offline_period/);

      // The customer opens the app and leaves again: a new offline period begins.
      const leave = await env.customerOnline(customerId);
      await reply(sid, 'Seen live while online.');
      rows = await customerRows(sid, 3);
      expect(rows[2]).toMatchObject({ status: 'skipped' });
      expect(rows[2].reason).toMatch(/^online/);
      leave();
      // The server notices the closed stream: the customer is offline again.
      await eventually(async () => !(await env.h.herald.services.bus.presence.isOnline('customer', customerId)));
      await reply(sid, 'Anything else?');
      rows = await customerRows(sid, 4);
      expect(rows.map((r) => r.status)).toEqual(['delivered', 'skipped', 'skipped', 'delivered']);

      const mails = env.mailsFor(sid);
      expect(mails.map((m) => m.envelope.to)).toEqual([[`${customerId}@example.test`], [`${customerId}@example.test`]]);
      expect(mails[0]!.parsed.subject).toBe('Olivia replied to your conversation');
      expect(mails[0]!.parsed.text).toContain('We found your order.');
      expect(mails[1]!.parsed.text).toContain('Anything else?');
    });

    it('AI replies never email the customer', async () => {
      const sid = await conversation(`ai-only-${backend}`);
      await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Bot here.' });
      await reply(sid, 'Human here.');
      await customerRows(sid, 1);
      expect(env.mailsFor(sid).map((m) => m.parsed.text?.includes('Human here.'))).toEqual([true]);
    });

    it('with a reply domain, the customer can answer by email and it lands in the session', async () => {
      expect((await env.h.api('PUT', '/api/settings/email', { replyDomain: 'reply.example.test' })).status).toBe(200);
      const customerId = `replier-${backend}`;
      const sid = await conversation(customerId);
      await reply(sid, 'Could you send a photo?');
      const mail = (await eventually(() => env.mailsFor(sid)[0])).parsed;
      const replyTo = mail.replyTo?.value[0]?.address ?? '';
      expect(replyTo).toMatch(new RegExp(`^reply\\+${sid}\\.[0-9a-f]{20}@reply\\.example\\.test$`));

      const post = (body: unknown) =>
        fetch(`${env.h.url}/webhooks/email/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const forged = await post({ to: replyTo.replace(/\.[0-9a-f]{20}@/, '.00000000000000000000@'), from: `${customerId}@example.test`, text: 'forged' });
      expect(forged.status).toBe(403);
      const stranger = await post({ to: replyTo, from: 'someone-else@example.test', text: 'not the customer' });
      expect(stranger.status).toBe(403);
      const ok = await post({
        to: `Support <${replyTo}>`,
        from: `Casey <${customerId}@example.test>`,
        text: 'Here it is.\n\nOn Mon, Olivia wrote:\n> Could you send a photo?',
      });
      expect(ok.status).toBe(201);

      const messages = (await env.h.api('GET', `/api/sessions/${sid}/messages?after=0`)).body.items;
      expect(messages.map((m: any) => [m.role, m.text])).toEqual([
        ['operator', 'Could you send a photo?'],
        ['user', 'Here it is.'],
      ]);
      expect(messages[1].author).toEqual({ type: 'customer', id: customerId });
    });
  });
}

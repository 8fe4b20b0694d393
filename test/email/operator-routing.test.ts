import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { settled } from '../helpers/settled.js';
import { eventually } from '../helpers/herald.js';
import { type EmailEnv, PUBLIC_URL, outcome, recipients, startEmailEnv } from './email-env.js';

// Who hears of a customer message by email (CONTRACT §7), against a real SMTP server.
for (const backend of backends()) {
  describe(`operator emails on ${backend}`, () => {
    let env: EmailEnv;
    let agentId: string;
    beforeAll(async () => {
      env = await startEmailEnv(backend, { HERALD_BOT_GRACE_S: '1' });
      agentId = (await env.h.api('POST', '/api/agents', { name: 'Helper bot' })).body.id;
    });
    afterAll(() => env.close());

    const session = async (body: Record<string, unknown> = {}) => {
      const customerId = `cust-${Math.random().toString(36).slice(2, 10)}`;
      await env.h.api('PUT', `/api/customers/${customerId}`, { name: 'Dana Customer', email: `${customerId}@example.test` });
      const s = await env.h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId, ...body });
      expect(s.status).toBe(201);
      return s.body.id as string;
    };
    const say = (sessionId: string, text: string, role = 'user') => env.h.api('POST', `/api/sessions/${sessionId}/messages`, { text, role });

    it('first message in a department session: its offline operators get mail, its online one and outsiders do not', async () => {
      const dep = (await env.h.api('POST', '/api/departments', { name: `Billing ${backend}` })).body.id;
      const away1 = await env.operator('Away1', { departmentIds: [dep] });
      const away2 = await env.operator('Away2', { departmentIds: [dep] });
      const here = await env.operator('Here', { departmentIds: [dep] });
      const outsider = await env.operator('Outsider');
      const closeHere = await env.online(here.cookie);
      const sid = await session();
      // Handed to the department's queue: no bot grace to wait for (that rule has its own test).
      await env.h.api('POST', `/api/sessions/${sid}/transfer`, { departmentId: dep });
      await say(sid, 'My invoice is wrong');

      const rows = await env.settled(sid, 3);
      closeHere();
      expect(outcome(rows)).toEqual({ sent: [away1.email, away2.email].sort(), skipped: { [here.email]: 'online' } });
      const mails = env.mailsFor(sid);
      expect(recipients(mails)).toEqual([away1.email, away2.email].sort());
      expect(recipients(mails)).not.toContain(outsider.email);
      const mail = mails[0]!.parsed;
      expect(mail.subject).toBe('New conversation from Dana Customer');
      expect(mail.text).toContain('My invoice is wrong');
      expect(mail.text).toContain(`${PUBLIC_URL}/sessions/${sid}`);
      expect(mail.html).toContain('My invoice is wrong');
      expect(mail.from?.text).toContain('support@herald.example.test');
    });

    it('first message with an assigned operator and no department: only that operator', async () => {
      const assignee = await env.operator('Assignee');
      const other = await env.operator('Other');
      const sid = await session();
      await env.h.api('POST', `/api/sessions/${sid}/assign`, { operatorId: assignee.id });
      await say(sid, 'Hello, anyone?');

      const rows = await env.settled(sid);
      expect(outcome(rows)).toEqual({ sent: [assignee.email], skipped: {} });
      expect(recipients(env.mailsFor(sid))).toEqual([assignee.email]);
      expect(recipients(env.mailsFor(sid))).not.toContain(other.email);
    });

    it('first message with neither: every offline operator, never viewers, online ones skipped', async () => {
      const online1 = await env.operator('Online1');
      const online2 = await env.operator('Online2', { role: 'manager' });
      const viewer = await env.operator('Viewer', { role: 'viewer' });
      const offline = await env.operator('Offline');
      const closers = [await env.online(online1.cookie), await env.online(online2.cookie)];
      const sid = await session();
      await env.h.api('POST', `/api/sessions/${sid}/transfer`, {});
      const everyone = (await env.h.api('GET', '/api/operators')).body.items as Array<{ email: string; role: string; disabled: boolean }>;
      await say(sid, 'Is anybody there?');

      const expected = everyone
        .filter((o) => o.role !== 'viewer' && !o.disabled && o.email !== online1.email && o.email !== online2.email)
        .map((o) => o.email)
        .sort();
      const rows = await env.settled(sid, expected.length + 2);
      for (const c of closers) c();
      expect(expected).toContain(offline.email);
      expect(outcome(rows)).toEqual({ sent: expected, skipped: { [online1.email]: 'online', [online2.email]: 'online' } });
      expect(recipients(env.mailsFor(sid))).toEqual(expected);
      expect(rows.map((d) => d.target)).not.toContain(viewer.email);
    });

    it('later messages: only the last operator who handled it, and only while offline', async () => {
      const handler = await env.operator('Handler');
      const bystander = await env.operator('Bystander');
      const sid = await session();
      await env.h.api('POST', `/api/sessions/${sid}/assign`, { operatorId: handler.id });
      await say(sid, 'Hi, I have a question.');
      await env.settled(sid);
      await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: 'I can help.', role: 'operator', operatorId: handler.id });
      await say(sid, 'Thanks! One more question.');
      // The operator's reply also reaches the (offline) customer; this test is about operators.
      const toOperators = (rows: any[]) => rows.filter((r) => r.recipient.type === 'operator');
      const first = toOperators(await env.settled(sid, 3));
      expect(outcome(first)).toEqual({ sent: [handler.email, handler.email], skipped: {} });
      const operatorMails = () => env.mailsFor(sid).filter((m) => !m.envelope.to.some((to) => to.startsWith('cust-')));
      expect(operatorMails().map((m) => m.parsed.subject)).toEqual(['New conversation from Dana Customer', 'New message from Dana Customer']);

      const closeHandler = await env.online(handler.cookie);
      await say(sid, 'Are you still there?');
      const rows = toOperators(await env.settled(sid, 4));
      closeHandler();
      const newer = rows.filter((r) => !first.some((f) => f.id === r.id));
      expect(outcome(newer)).toEqual({ sent: [], skipped: { [handler.email]: 'online' } });
      expect(recipients(operatorMails())).toEqual([handler.email, handler.email]);
      expect(rows.map((d) => d.target)).not.toContain(bystander.email);
    });

    it('nothing when the bot answers within the grace; mail when it stays silent', async () => {
      const dep = (await env.h.api('POST', '/api/departments', { name: `Grace ${backend}` })).body.id;
      const op = await env.operator('Graceful', { departmentIds: [dep] });
      const answered = await session({ departmentId: dep });
      const silent = await session({ departmentId: dep });
      await say(answered, 'Where is my parcel?');
      await say(answered, 'It ships today.', 'assistant');
      await say(silent, 'Where is my refund?');

      const skipped = await env.settled(answered);
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toMatchObject({ target: op.email, status: 'skipped' });
      expect(skipped[0].reason).toMatch(/^bot_answered: the bot answered within 1 s/);
      const sent = await env.settled(silent);
      expect(outcome(sent)).toEqual({ sent: [op.email], skipped: {} });
      await settled(env.h);
      expect(env.mailsFor(answered)).toHaveLength(0);
      expect(recipients(env.mailsFor(silent))).toEqual([op.email]);
    });

    it('escapes what the customer wrote in the HTML part and keeps their line breaks', async () => {
      const assignee = await env.operator('Reader');
      const sid = await session();
      await env.h.api('POST', `/api/sessions/${sid}/assign`, { operatorId: assignee.id });
      await say(sid, 'Look: <script>alert("x")</script>\nsecond line & more');
      const mail = (await eventually(() => env.mailsFor(sid)[0])).parsed;
      const html = String(mail.html);
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>second line &amp; more');
      expect(mail.text).toContain('Look: <script>alert("x")</script>\nsecond line & more');
    });
  });
}

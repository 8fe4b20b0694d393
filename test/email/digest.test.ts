import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimSlot } from '../../src/channels/email-sms/digest-scheduler.js';
import { storedFields } from '../../src/core/event-body.js';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type EmailEnv, startEmailEnv } from './email-env.js';

const NEVER = '0 0 0 1 1 *'; // once a year: no run while the test sets things up
const EVERY_SECOND = '* * * * * *';

for (const backend of backends()) {
  describe(`email digests on ${backend}`, () => {
    let env: EmailEnv;
    beforeAll(async () => {
      env = await startEmailEnv(backend);
    });
    afterAll(() => env.close());

    const setSchedule = async (digestSchedule: string) =>
      expect((await env.h.api('PUT', '/api/settings/email', { delivery: 'digest', digestSchedule })).status).toBe(200);
    const mailsTo = (address: string) => env.smtp.messages.filter((m) => m.envelope.to.includes(address));
    const digestRuns = async () =>
      (await env.h.herald.services.store.db.withoutPlugins().selectFrom('events').select('id').where('type', '=', 'email.digest').execute()).length;

    it('sends each recipient one email per run with every message since their last email', async () => {
      await setSchedule(NEVER);
      const agentId = (await env.h.api('POST', '/api/agents', { name: 'Digest bot' })).body.id;
      const olga = await env.operator('Olga');
      const petr = await env.operator('Petr');
      const customer = `digest-${backend}`;
      const customerEmail = `${customer}@example.test`;
      await env.h.api('PUT', `/api/customers/${customer}`, { name: 'Dora', email: customerEmail });
      const a = (await env.h.api('POST', '/api/sessions', { agentId, customerId: customer })).body.id;
      const b = (await env.h.api('POST', '/api/sessions', { agentId, customerId: `other-${backend}` })).body.id;
      await env.h.api('POST', `/api/sessions/${a}/assign`, { operatorId: olga.id });
      await env.h.api('POST', `/api/sessions/${b}/assign`, { operatorId: petr.id });
      const say = (sid: string, text: string) => env.h.api('POST', `/api/sessions/${sid}/messages`, { text, role: 'user' });
      await say(a, 'First question');
      await say(a, 'Second <question>');
      await env.h.api('POST', `/api/sessions/${a}/messages`, { text: 'Olga answering', role: 'operator', operatorId: olga.id });
      await say(a, 'Third question');
      await say(b, 'Only message in B');

      const held = await env.settled(a, 4);
      expect(held.every((d) => d.status === 'skipped' && /^digest: /.test(d.reason))).toBe(true);
      await settled(env.h);
      expect(env.smtp.messages).toHaveLength(0);

      await setSchedule(EVERY_SECOND);
      await eventually(() => mailsTo(olga.email).length && mailsTo(petr.email).length && mailsTo(customerEmail).length, 8000);
      // One more run (one per second) has nothing new for anyone: it mails nobody again.
      const runsSoFar = await digestRuns();
      await eventually(async () => (await digestRuns()) > runsSoFar, 8000);
      await setSchedule(NEVER);
      await settled(env.h);
      expect(mailsTo(olga.email)).toHaveLength(1);
      expect(mailsTo(petr.email)).toHaveLength(1);
      expect(mailsTo(customerEmail)).toHaveLength(1);
      const olgaMail = mailsTo(olga.email)[0]!.parsed;
      expect(olgaMail.subject).toBe('New messages in your conversation');
      for (const text of ['First question', 'Second <question>', 'Olga answering', 'Third question']) expect(olgaMail.text).toContain(text);
      expect(olgaMail.html).toContain('Second &lt;question&gt;');
      expect(olgaMail.text).not.toContain('Only message in B');
      expect(mailsTo(petr.email)[0]!.parsed.text).toContain('Only message in B');
      expect(mailsTo(customerEmail)[0]!.parsed.text).toContain('Olga answering');

      // Second round: only what came after the first digest.
      await say(a, 'Fourth question');
      await say(a, 'Fifth question');
      await env.settled(a, 8);
      await setSchedule(EVERY_SECOND);
      await eventually(() => mailsTo(olga.email).length === 2, 8000);
      await setSchedule(NEVER);
      const second = mailsTo(olga.email)[1]!.parsed.text ?? '';
      expect(second).toContain('Fourth question');
      expect(second).toContain('Fifth question');
      expect(second).not.toContain('First question');
      expect(mailsTo(petr.email)).toHaveLength(1);
      await env.h.api('PUT', '/api/settings/email', { delivery: 'immediate' });
    });

    it('a run for more recipients than one event handles goes on in follow-up events: each gets one email', { timeout: 60_000 }, async () => {
      await setSchedule(NEVER);
      const agentId = (await env.h.api('POST', '/api/agents', { name: 'Many bot' })).body.id;
      const olga = await env.operator('Mila');
      // More than one digest event's share (50 recipients), so the run needs a follow-up.
      const customers = Array.from({ length: 56 }, (_, i) => `many-${backend}-${String(i).padStart(2, '0')}`);
      for (const c of customers) {
        await env.h.api('PUT', `/api/customers/${c}`, { name: c, email: `${c}@example.test` });
        const sid = (await env.h.api('POST', '/api/sessions', { agentId, customerId: c })).body.id;
        await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: `Answer for ${c}`, role: 'operator', operatorId: olga.id });
      }
      await settled(env.h);
      await setSchedule(EVERY_SECOND);
      await eventually(() => customers.every((c) => mailsTo(`${c}@example.test`).length > 0), 20_000);
      await setSchedule(NEVER);
      await settled(env.h);
      for (const c of customers) {
        const mails = mailsTo(`${c}@example.test`);
        expect(mails).toHaveLength(1);
        expect(mails[0]!.parsed.text).toContain(`Answer for ${c}`);
      }
      // The run was split: a follow-up event carried on after the first 50 recipients.
      const runs = await env.h.herald.services.store.db
        .withoutPlugins()
        .selectFrom('events')
        .select(['payload', 'session_id'])
        .where('type', '=', 'email.digest')
        .execute();
      expect(runs.some((r) => (JSON.parse(storedFields(r)) as { after?: unknown }).after !== undefined)).toBe(true);
      await env.h.api('PUT', '/api/settings/email', { delivery: 'immediate' });
    });
  });

  describe(`digest slots on ${backend}`, () => {
    let one: TestHerald;
    let two: TestHerald;
    beforeAll(async () => {
      one = await startHerald({ backend });
      // Same database and the same keys (the data dir holds them), as a cluster shares HERALD_SECRET_KEY.
      two = await startHerald({ backend, dataDir: one.dataDir, databaseUrl: one.herald.services.config.databaseUrl });
    });
    afterAll(async () => {
      await two.close();
      await one.close();
    });

    it('a slot is claimed by exactly one of many concurrent claimants', async () => {
      const db = one.herald.services.store.db;
      const results = await Promise.all(Array.from({ length: 8 }, () => claimSlot(db, 'test.job', 1_700_000_000_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('two processes on one database run the digest once per schedule slot', async () => {
      const put = await one.api('PUT', '/api/settings/email', { delivery: 'digest', digestSchedule: EVERY_SECOND });
      expect(put.status).toBe(200);
      // The other process follows the stored schedule on its own (its recheck interval, at most 30 s);
      // tell it now so the test stays short.
      await two.api('PUT', '/api/settings/email', { delivery: 'digest', digestSchedule: EVERY_SECOND });
      const db = one.herald.services.store.db.withoutPlugins();
      const runs = await eventually(async () => {
        const rows = await db.selectFrom('events').select('payload').where('type', '=', 'email.digest').execute();
        return rows.length >= 2 && rows.map((r) => JSON.parse(r.payload).slot as number);
      }, 8000);
      await one.api('PUT', '/api/settings/email', { delivery: 'immediate' });
      await two.api('PUT', '/api/settings/email', { delivery: 'immediate' });
      expect(new Set(runs).size).toBe(runs.length);
      for (const slot of runs) expect(slot % 1000).toBe(0);
    });
  });
}

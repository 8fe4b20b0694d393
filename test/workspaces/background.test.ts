/**
 * Work that no request of a principal starts — the campaign runner, the email digest, a text or
 * an email coming back — happens in the workspace it belongs to: what it raises (events,
 * deliveries, messages) is that workspace's, never `default`'s, and nothing of it shows in
 * another workspace, not even on its live stream. The store refuses any tenant query outside a
 * scope, so a background path that forgot to name its workspace fails rather than lands in
 * `default`.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { type EmailEnv, PUBLIC_URL, startEmailEnv } from '../email/email-env.js';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, eventually } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type Sink, startSink } from '../helpers/sink.js';
import { openStream } from '../helpers/sse.js';

const NEVER = '0 0 0 1 1 *';
const EVERY_SECOND = '* * * * * *';

for (const backend of backends()) {
  describe(`background work in its workspace on ${backend}`, () => {
    let env: EmailEnv;
    let sinkA: Sink;
    let sinkB: Sink;
    let B: string;
    let asB: Record<string, string>;
    /** The database as it is, across workspaces (what psql would show). */
    let raw: Kysely<Database>;
    let agentA: string;
    let agentB: string;
    /** The instance admin: B's creator, so a member (admin) of both workspaces. */
    let adminId: string;
    let adminCookie: string;

    beforeAll(async () => {
      // Environment providers (SMTP, Twilio) belong to `default`; B may use them as a fallback.
      [env, sinkA, sinkB] = await Promise.all([startEmailEnv(backend, { HERALD_SHARE_ENV_PROVIDERS: 'true' }), startSink(), startSink()]);
      raw = env.h.herald.services.store.db.withoutPlugins();
      const login = await fetch(`${env.h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TEST_ADMIN),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      adminId = ((await login.json()) as { operator: { id: string } }).operator.id;
      adminCookie = cookie;
      const made = await env.h.api('POST', '/api/workspaces', { name: 'Shop B' }, { authorization: '', cookie });
      expect(made.status).toBe(201);
      B = made.body.id;
      asB = { authorization: `Bearer ${made.body.apiKey}` };
      // Each workspace's agent reports every message to its own receiver.
      const agent = async (headers: Record<string, string>, sink: Sink) => {
        const id = (await env.h.api('POST', '/api/agents', { name: 'Bot' }, headers)).body.id as string;
        const put = await env.h.api(
          'PUT',
          `/api/agents/${id}/push-config`,
          { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user', 'message.assistant'] },
          headers,
        );
        expect(put.status).toBe(200);
        return id;
      };
      agentA = await agent({}, sinkA);
      agentB = await agent(asB, sinkB);
    });
    afterAll(async () => {
      await env?.close();
      await sinkA?.close();
      await sinkB?.close();
    });

    /** Workspace of each event whose payload mentions `text`. */
    const eventWorkspaces = async (text: string) =>
      (await raw.selectFrom('events').select(['type', 'workspace_id', 'payload']).execute())
        .filter((e) => e.payload.includes(text))
        .map((e) => [e.type, e.workspace_id]);
    const texts = (sink: Sink) => sink.requests.map((r) => (JSON.parse(r.body) as { text?: string }).text);

    it("runs a campaign of workspace B in B: its sessions, messages, events and deliveries are B's", async () => {
      const customers = ['camp-b-1', 'camp-b-2'];
      const created = await env.h.api(
        'POST',
        '/api/campaigns',
        { name: 'B sale', audience: { customerIds: customers }, stages: [{ channel: 'mobile_push', agentId: agentB, text: 'B sale starts' }] },
        asB,
      );
      expect(created.status).toBe(201);
      expect((await env.h.api('POST', `/api/campaigns/${created.body.id}/start`, undefined, asB)).body.status).toBe('running');
      await eventually(async () => (await env.h.api('GET', `/api/campaigns/${created.body.id}`, undefined, asB)).body.status === 'completed', 20_000);
      await eventually(() => texts(sinkB).filter((t) => t === 'B sale starts').length === 2, 20_000);
      await settled(env.h);

      // B's receiver heard of both messages; A's heard nothing, and A sees none of it.
      expect(texts(sinkA)).not.toContain('B sale starts');
      expect(await eventWorkspaces('B sale starts')).toEqual([
        ['message.assistant', B],
        ['message.assistant', B],
      ]);
      const sessions = await raw.selectFrom('sessions').select(['customer_id', 'workspace_id']).where('customer_id', 'in', customers).execute();
      expect(sessions.map((s) => s.workspace_id)).toEqual([B, B]);
      const bDeliveries = (await env.h.api('GET', '/api/deliveries?channel=webhook&limit=200', undefined, asB)).body.items;
      expect(bDeliveries.filter((d: any) => d.recipient.id === agentB && customers.includes(d.customerId)).map((d: any) => d.status)).toEqual([
        'delivered',
        'delivered',
      ]);
      const aDeliveries = (await env.h.api('GET', '/api/deliveries?limit=200')).body.items;
      expect(aDeliveries.filter((d: any) => customers.includes(d.customerId))).toEqual([]);
      expect((await env.h.api('GET', `/api/campaigns/${created.body.id}`)).status).toBe(404);
    });

    it("sends workspace B's email digest on B's schedule, from B's conversations, as B's event", async () => {
      const customer = 'digest-b';
      const email = `digest-b-${backend}@example.test`;
      await env.h.api('PUT', `/api/customers/${customer}`, { name: 'Bea', email }, asB);
      // B collects into a digest; default keeps sending at once.
      expect((await env.h.api('PUT', '/api/settings/email', { delivery: 'digest', digestSchedule: NEVER }, asB)).status).toBe(200);
      const session = (await env.h.api('POST', '/api/sessions', { agentId: agentB, customerId: customer }, asB)).body.id;
      expect(
        (await env.h.api('POST', `/api/sessions/${session}/messages`, { text: 'Your parcel left the depot', role: 'operator', operatorId: adminId }, asB))
          .status,
      ).toBe(201);
      await settled(env.h);
      expect(env.smtp.messages.filter((m) => m.envelope.to.includes(email))).toEqual([]);

      expect((await env.h.api('PUT', '/api/settings/email', { delivery: 'digest', digestSchedule: EVERY_SECOND }, asB)).status).toBe(200);
      const mail = await eventually(() => env.smtp.messages.find((m) => m.envelope.to.includes(email)), 10_000);
      expect(mail.parsed.text).toContain('Your parcel left the depot');
      expect((await env.h.api('PUT', '/api/settings/email', { delivery: 'digest', digestSchedule: NEVER }, asB)).status).toBe(200);
      await settled(env.h);

      // Every digest run was B's, claimed under B's own slot name; default ran none.
      const runs = await raw.selectFrom('events').select('workspace_id').where('type', '=', 'email.digest').execute();
      expect(runs.length).toBeGreaterThan(0);
      expect(new Set(runs.map((r) => r.workspace_id))).toEqual(new Set([B]));
      const slots = await raw.selectFrom('job_slots').select('job').where('job', 'like', 'email.digest%').execute();
      expect(new Set(slots.map((s) => s.job))).toEqual(new Set([`email.digest:${B}`]));
      const sent = (await env.h.api('GET', `/api/deliveries?sessionId=${session}&channel=email`, undefined, asB)).body.items;
      expect(sent.map((d: any) => [d.recipient.id, d.status])).toContainEqual([customer, 'delivered']);
      expect((await env.h.api('GET', `/api/deliveries?sessionId=${session}`)).body.items).toEqual([]);
    });

    it("stores a text to the Twilio number in the workspace of the customer who sent it, and notifies that workspace's agent", async () => {
      const phone = backend === 'sqlite' ? '+15550177001' : '+15550177002';
      // The same person is a customer of both businesses; their latest SMS conversation is with B.
      await env.h.api('PUT', '/api/customers/texter-a', { name: 'Tex', phone });
      const inA = (await env.h.api('POST', '/api/sessions', { agentId: agentA, channel: 'sms', customerId: 'texter-a' })).body.id;
      await env.h.api('PUT', '/api/customers/texter-b', { name: 'Tex', phone }, asB);
      const inB = (await env.h.api('POST', '/api/sessions', { agentId: agentB, channel: 'sms', customerId: 'texter-b' }, asB)).body.id;

      // The admin's portal is open on both workspaces: each stream hears only its own.
      const streamA = await openStream(`${env.h.url}/api/stream`, { cookie: adminCookie });
      const streamB = await openStream(`${env.h.url}/api/stream`, { cookie: adminCookie, 'x-herald-workspace': B });
      const res = await env.twilio.sendInboundSms(
        `${env.h.url}/webhooks/twilio/sms`,
        { from: phone, body: 'Is it shipped yet?' },
        { signUrl: `${PUBLIC_URL}/webhooks/twilio/sms` },
      );
      expect(res.status).toBe(200);
      const inBMessages = (await env.h.api('GET', `/api/sessions/${inB}/messages?after=0`, undefined, asB)).body.items;
      expect(inBMessages.map((m: any) => [m.role, m.text, m.author])).toEqual([['user', 'Is it shipped yet?', { type: 'customer', id: 'texter-b' }]]);
      expect((await env.h.api('GET', `/api/sessions/${inA}/messages?after=0`)).body.items).toEqual([]);

      const hit = await eventually(() => sinkB.requests.find((r) => r.body.includes('Is it shipped yet?')), 20_000);
      expect(JSON.parse(hit.body)).toMatchObject({ event: 'message.user', sessionId: inB });
      await settled(env.h);
      expect(sinkA.requests.filter((r) => r.body.includes('Is it shipped yet?'))).toEqual([]);
      expect(await eventWorkspaces('Is it shipped yet?')).toEqual([['message.user', B]]);
      await streamB.next((e) => e.data.includes('Is it shipped yet?'));
      await streamB.next((e) => e.event === 'delivery.updated' && e.data.includes(inB));
      // Then something in A: once A's stream has it, anything of B's would have come before it.
      await env.h.api('POST', `/api/sessions/${inA}/messages`, { text: 'Meanwhile in A', role: 'user' });
      await streamA.next((e) => e.data.includes('Meanwhile in A'));
      expect(streamA.events.filter((e) => e.data.includes('Is it shipped yet?') || e.data.includes(inB))).toEqual([]);
      expect(streamB.events.filter((e) => e.data.includes('Meanwhile in A'))).toEqual([]);
      streamA.close();
      streamB.close();
      const planned = await raw.selectFrom('deliveries').select(['workspace_id', 'channel', 'recipient_id']).where('session_id', '=', inB).execute();
      expect(planned).toContainEqual({ workspace_id: B, channel: 'webhook', recipient_id: agentB });
      expect(new Set(planned.map((d) => d.workspace_id))).toEqual(new Set([B]));
    });

    it('stores an emailed reply in the workspace of the conversation its address names', async () => {
      const customer = 'mailer-b';
      const email = `mailer-b-${backend}@example.test`;
      expect((await env.h.api('PUT', '/api/settings/email', { delivery: 'immediate', replyDomain: 'reply.b.example.test' }, asB)).status).toBe(200);
      await env.h.api('PUT', `/api/customers/${customer}`, { name: 'Mo', email }, asB);
      const session = (await env.h.api('POST', '/api/sessions', { agentId: agentB, customerId: customer }, asB)).body.id;
      await env.h.api('POST', `/api/sessions/${session}/messages`, { text: 'Could you send a photo?', role: 'operator', operatorId: adminId }, asB);
      const mail = await eventually(() => env.mailsFor(session)[0], 10_000);
      const replyTo = mail.parsed.replyTo?.value[0]?.address ?? '';
      expect(replyTo).toMatch(/@reply\.b\.example\.test$/);

      const res = await fetch(`${env.h.url}/webhooks/email/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: replyTo, from: email, text: 'Here is the photo of B' }),
      });
      expect(res.status).toBe(201);
      const messages = (await env.h.api('GET', `/api/sessions/${session}/messages?after=0`, undefined, asB)).body.items;
      expect(messages.map((m: any) => [m.role, m.text])).toEqual([
        ['operator', 'Could you send a photo?'],
        ['user', 'Here is the photo of B'],
      ]);
      await eventually(() => sinkB.requests.some((r) => r.body.includes('Here is the photo of B')), 20_000);
      await settled(env.h);
      expect(await eventWorkspaces('Here is the photo of B')).toEqual([['message.user', B]]);
      expect(sinkA.requests.filter((r) => r.body.includes('Here is the photo of B'))).toEqual([]);
    });
  });
}

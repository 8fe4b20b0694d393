import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchLike, type HeraldClient, type Message, createHerald } from '../../sdk/src/index.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { customerToken, newAgent } from './fixtures.js';

describe('SDK messages round trip against a real server', () => {
  let h: TestHerald;
  let agentId: string;
  const clients: HeraldClient[] = [];
  beforeAll(async () => {
    h = await startHerald();
    agentId = await newAgent(h, 'SDK bot');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.teardown({ keepDevices: true })));
    await h?.close();
  });

  async function customer(id: string, extra: Partial<Parameters<typeof createHerald>[0]> = {}) {
    const herald = createHerald({ serverUrl: h.url, userId: id, sessionToken: await customerToken(h, id), ...extra });
    clients.push(herald);
    return herald;
  }
  const reply = (sessionId: string, text: string) => h.api('POST', `/api/sessions/${sessionId}/messages`, { text });
  const texts = (ms: Message[]) => ms.map((m) => m.text);

  it('starts a session, sends, and receives the assistant reply over SSE', async () => {
    const herald = await customer('sdk-msg-sse', { transport: 'sse' });
    const session = await herald.startSession({ agentId, channel: 'web' });
    expect(session).toMatchObject({ agentId, customerId: 'sdk-msg-sse', channel: 'web', status: 'bot' });

    const got: Message[] = [];
    const unsubscribe = herald.onMessage(session.id, (m) => got.push(m));
    await eventually(() => herald.connection === 'streaming', 5000);

    const sent = await herald.sendMessage(session.id, 'Where is my order?');
    expect(sent).toMatchObject({ sessionId: session.id, seq: 1, role: 'user', author: { type: 'customer', id: 'sdk-msg-sse' } });
    const r = await reply(session.id, 'It ships tomorrow.');
    expect(r.status).toBe(201);

    await eventually(() => got.length >= 2, 5000);
    expect(got.map((m) => [m.seq, m.role, m.text])).toEqual([
      [1, 'user', 'Where is my order?'],
      [2, 'assistant', 'It ships tomorrow.'],
    ]);
    // The stream never fell back to polling on the way.
    expect(herald.connection).toBe('streaming');

    unsubscribe();
    expect(herald.connection).toBe('idle');
    // Another app of the same customer still follows the session: once it has the reply, an
    // unsubscribed listener would have had it too.
    const other = await customer('sdk-msg-sse', { transport: 'sse' });
    const seenByOther: Message[] = [];
    other.onMessage(session.id, (m) => seenByOther.push(m), { after: 2 });
    await eventually(() => other.connection === 'streaming', 5000);
    await reply(session.id, 'Anything else?');
    await eventually(() => texts(seenByOther).includes('Anything else?'), 5000);
    expect(got).toHaveLength(2);

    const listed = await herald.listMessages(session.id, { after: 1 });
    expect(listed.items.map((m) => m.seq)).toEqual([2, 3]);
  });

  it('polls when told to: history first, then each new message once, in order', async () => {
    let polls = 0;
    const counting: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (url.includes('/messages?')) polls++;
      return res;
    };
    const herald = await customer('sdk-msg-poll', { transport: 'polling', pollIntervalMs: 150, fetch: counting });
    const session = await herald.startSession({ agentId });
    await herald.sendMessage(session.id, 'before subscribing');

    const got: Message[] = [];
    herald.onMessage(session.id, (m) => got.push(m));
    expect(herald.connection).toBe('polling');
    await reply(session.id, 'one');
    await eventually(() => got.length >= 2, 5000);
    await reply(session.id, 'two');
    await eventually(() => got.length >= 3, 5000);
    const pollsSoFar = polls;
    await eventually(() => polls >= pollsSoFar + 3, 5000); // a few more polls: still no duplicates
    expect(got.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(texts(got)).toEqual(['before subscribing', 'one', 'two']);
  });

  it('replays from `after` and then goes live, without duplicates', async () => {
    const herald = await customer('sdk-msg-after', { transport: 'sse' });
    const session = await herald.startSession({ agentId });
    for (const t of ['a', 'b', 'c']) await reply(session.id, t);

    const got: Message[] = [];
    herald.onMessage(session.id, (m) => got.push(m), { after: 1 });
    await eventually(() => got.length >= 2, 5000);
    await eventually(() => herald.connection === 'streaming', 5000);
    await reply(session.id, 'd');
    await reply(session.id, 'e');
    // 'e' comes after anything the replay or the stream could still repeat.
    await eventually(() => texts(got).includes('e'), 5000);
    expect(texts(got)).toEqual(['b', 'c', 'd', 'e']);
  });

  it('falls back to polling when the fetch cannot stream (React Native), in auto mode', async () => {
    // React Native's fetch gives no readable body: the same response without `body`.
    const noStreams: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (!url.endsWith('/api/stream')) return res;
      await res.body?.cancel();
      return { ok: res.ok, status: res.status, headers: res.headers, text: async () => '', body: null };
    };
    const herald = await customer('sdk-msg-rn', { fetch: noStreams, pollIntervalMs: 150 });
    const session = await herald.startSession({ agentId, channel: 'mobile' });
    const got: Message[] = [];
    herald.onMessage(session.id, (m) => got.push(m));
    await eventually(() => herald.connection === 'polling', 5000);
    await reply(session.id, 'Hello from the agent');
    await eventually(() => got.length >= 1, 5000);
    expect(got).toMatchObject([{ seq: 1, role: 'assistant', text: 'Hello from the agent' }]);
  });

  it('falls back to polling while the stream is refused, in auto mode', async () => {
    let refused = 0;
    const refuseStream: FetchLike = async (url, init) => {
      if (url.endsWith('/api/stream')) {
        refused++;
        throw new TypeError('fetch failed');
      }
      return fetch(url, init);
    };
    const errors: unknown[] = [];
    const herald = await customer('sdk-msg-down', { fetch: refuseStream, pollIntervalMs: 150, onError: (e) => errors.push(e) });
    const session = await herald.startSession({ agentId });
    const got: Message[] = [];
    herald.onMessage(session.id, (m) => got.push(m));
    await reply(session.id, 'still reaches you');
    await eventually(() => got.length >= 1, 5000);
    expect(texts(got)).toEqual(['still reaches you']);
    expect(herald.connection).toBe('polling');
    expect(refused).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('reconnects after the stream drops and catches up on what was said meanwhile', async () => {
    let opened = 0;
    // The first stream ends right after it connects, as when a proxy or a phone's network drops it.
    const flaky: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (!url.endsWith('/api/stream') || ++opened > 1) return res;
      const reader = res.body!.getReader();
      const cut = new ReadableStream<Uint8Array>({
        async start(controller) {
          const first = await reader.read();
          if (first.value) controller.enqueue(first.value);
          await reader.cancel();
          controller.close();
        },
      });
      return new Response(cut, { status: res.status, headers: res.headers });
    };
    const herald = await customer('sdk-msg-flaky', { fetch: flaky, transport: 'sse' });
    const session = await herald.startSession({ agentId });
    const got: Message[] = [];
    herald.onMessage(session.id, (m) => got.push(m));
    await eventually(() => opened >= 1, 5000);
    await reply(session.id, 'said while you were away');
    await eventually(() => opened >= 2 && herald.connection === 'streaming', 5000);
    await reply(session.id, 'live again');
    await eventually(() => got.length >= 2, 5000);
    expect(texts(got)).toEqual(['said while you were away', 'live again']);
  });

  it('keeps customers apart: one cannot read or follow another one’s session', async () => {
    const ann = await customer('sdk-msg-ann');
    const bob = await customer('sdk-msg-bob', { transport: 'sse' });
    const session = await ann.startSession({ agentId });
    await expect(bob.listMessages(session.id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.sendMessage(session.id, 'hi')).rejects.toMatchObject({ status: 404 });

    const bobSession = await bob.startSession({ agentId });
    const got: Message[] = [];
    bob.onMessage(bobSession.id, (m) => got.push(m));
    await eventually(() => bob.connection === 'streaming', 5000);
    await reply(session.id, 'for Ann only');
    await reply(bobSession.id, 'for Bob');
    // Bob's stream is one ordered connection: had Ann's message leaked, it would have come first.
    await eventually(() => got.length >= 1, 5000);
    expect(texts(got)).toEqual(['for Bob']);
  });
});

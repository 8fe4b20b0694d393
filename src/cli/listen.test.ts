import { afterEach, describe, expect, it } from 'vitest';
import { newSigningSecret, signWebhook } from '../security/webhook-signature.js';
import { type Listener, listen } from './listen.js';

describe('herald listen', () => {
  let listener: Listener | undefined;
  afterEach(() => listener?.close());

  async function post(url: string, body: string, headers: Record<string, string>) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return res.status;
  }

  it('prints each event with its verdict: verified, invalid (answered 401)', async () => {
    const secret = newSigningSecret();
    const lines: string[] = [];
    listener = await listen({ host: '127.0.0.1', port: 0, secret }, (l) => lines.push(...l.split('\n')));
    expect(lines[1]).toMatch(/^Signatures are checked with whsec_…\S{4}\. Press Ctrl-C to stop\.$/);
    expect(lines.join('\n')).not.toContain(secret);

    const body = JSON.stringify({ id: 'evt_1', event: 'message.user', sessionId: 'ses_1', text: 'Hello!', author: { type: 'customer', id: 'ann' } });
    const ts = Math.floor(Date.now() / 1000);
    const good = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook([secret], 'evt_1', ts, body) };
    expect(await post(listener.url, body, good)).toBe(200);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d {2}message\.user {2}evt_1 {2}session ses_1 {2}✔ signature verified$/),
      '          customer ann: "Hello!"',
    ]);

    // Same signature, different body: refused with 401 and said so.
    expect(await post(listener.url, body.replace('Hello', 'Hullo'), good)).toBe(401);
    expect(lines[4]).toMatch(/✘ signature INVALID \(.+\)$/);
    // Signed with another key.
    const other = { ...good, 'webhook-signature': signWebhook([newSigningSecret()], 'evt_1', ts, body) };
    expect(await post(listener.url, body, other)).toBe(401);
    expect(lines[6]).toMatch(/✘ signature INVALID/);
  });
});

import { describe, expect, it } from 'vitest';
import { packJson, unpackJson } from './packed-json.js';

const PUSH = JSON.stringify({
  notificationId: 'ntf_01kbgdxavgzz8dqa36s80wgysj',
  title: 'Support',
  body: 'New message from operator',
  data: { type: 'chat', conversationId: 'ses_01kbgdxavgzz8dqa36s80wgysj' },
  collapseId: 'ses_01kbgdxavgzz8dqa36s80wgysj',
  urgency: 'high',
  ttlSeconds: 86400,
});
const EVENT = JSON.stringify({
  sessionId: '',
  customerId: 'cus-631',
  agentId: 'agt_01kbg9zknk7v8yhhfkr571z7qw',
  channel: 'mobile',
  seq: 1,
  text: 'Hi, my order is late, can you check where it is?',
  author: { type: 'customer', id: 'cus-631' },
  messageId: 'msg_01kbga078gbk3m4g5rtw6nzbaq',
});

describe('packed JSON', () => {
  it('stores a push message and a message event in far fewer bytes and reads them back byte for byte', () => {
    for (const text of [PUSH, EVENT, '{"seq":3}']) {
      const stored = packJson(text);
      expect(unpackJson(stored)).toBe(text);
      expect(stored.length).toBeLessThan(text.length);
    }
    expect(PUSH.length - packJson(PUSH).length).toBeGreaterThan(90);
    expect(EVENT.length - packJson(EVENT).length).toBeGreaterThan(90);
  });

  it('reads the codes it wrote before the same way (stored rows depend on each fragment keeping its code)', () => {
    // As a row stored today holds it: changing or reordering FRAGMENTS would misread it.
    const stored = '\u0001n\u0002t\u0003b\u0004\u0005chat\u0006s\u0007c\u0008high\u000986400}';
    expect(unpackJson(stored)).toBe(
      '{"notificationId":"n","title":"t","body":"b","data":{"type":"chat","conversationId":"s"},"collapseId":"c","urgency":"high","ttlSeconds":86400}',
    );
    expect(packJson(unpackJson(stored))).toBe(stored);
  });

  it('reads text stored before packing, and text the fragments do not fit, as it is', () => {
    for (const text of ['{"id":"x","event":"message.user"}', '', '{}', '[1,2]', '"title":', 'plain words']) {
      expect(unpackJson(text)).toBe(text);
      expect(unpackJson(packJson(text))).toBe(text);
    }
  });

  it('keeps text that holds control characters of its own whole, and reads it back', () => {
    for (const text of ['{\n  "title": "x"\n}', '\u0001{"title":"a"}', '\u001f', 'a\u0000b']) {
      expect(unpackJson(packJson(text))).toBe(text);
    }
  });

  it('round-trips any JSON that holds fragments in strange places (inside strings, nested, repeated)', () => {
    const samples = [
      { text: '","title":"', body: '{"notificationId":"' },
      { a: [{ type: 'x', id: 'y' }, { seq: 1 }], seq: 2, author: { type: 'operator', id: 'o' } },
      { '","body":"': '","data":{', nested: { notificationId: '', title: '', body: '', data: {} } },
      { text: 'quotes " and \\ and unicode ☃ and \u2028 and emoji 😀' },
    ];
    for (const s of samples) {
      const text = JSON.stringify(s);
      expect(unpackJson(packJson(text))).toBe(text);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { mergeMessages } from '../../sdk/src/index.js';
import { type SseEvent, SseParser } from '../../sdk/src/sse-parser.js';

function parse(chunks: string[]): SseEvent[] {
  const out: SseEvent[] = [];
  const p = new SseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  return out;
}

describe('SSE parsing over fetch chunks', () => {
  const stream = ': connected\n\nid: 1\nevent: message.created\ndata: {"seq":1}\n\n: ping\n\nevent: badge\ndata: {"n":2}\n\n';

  it('yields the same events however the bytes are split', () => {
    const whole = parse([stream]);
    expect(whole).toEqual([
      { event: 'message.created', data: '{"seq":1}', id: '1' },
      { event: 'badge', data: '{"n":2}', id: '1' },
    ]);
    expect(parse(stream.split(''))).toEqual(whole);
    expect(parse([stream.slice(0, 20), stream.slice(20, 47), stream.slice(47)])).toEqual(whole);
  });

  it('handles CRLF split between chunks, multi-line data and a default event type', () => {
    expect(parse(['data: a\r', '\ndata: b\r\n\r', '\n', 'data:c\r\rdata: tail'])).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'message', data: 'c' },
    ]);
  });

  it('drops an event with no data', () => {
    expect(parse(['event: nothing\n\n'])).toEqual([]);
  });
});

describe('mergeMessages', () => {
  const m = (seq: number) => ({
    id: `m${seq}`,
    sessionId: 's',
    seq,
    role: 'user' as const,
    author: { type: 'customer' as const },
    text: `t${seq}`,
    createdAt: '',
  });

  it('keeps seq order without duplicates and returns the same list when nothing is new', () => {
    const list = mergeMessages([m(1), m(3)], [m(2), m(3)]);
    expect(list.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(mergeMessages(list, [m(2)])).toBe(list);
  });
});

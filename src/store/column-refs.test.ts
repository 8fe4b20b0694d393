import { describe, expect, it } from 'vitest';
import { withRefs, withoutRefs } from './column-refs.js';

const NTF = 'ntf_01m8v8193nt1tb9v3812qpfzvq';
const SES = 'ses_01m8v818ykesj1bn342wh64z0p';

describe('text stored without the ids its row holds', () => {
  it('cuts every occurrence and puts each back byte for byte', () => {
    const text = JSON.stringify({
      notificationId: NTF,
      title: 'Support',
      body: `ünïcode "${SES}" 🎉`,
      data: { type: 'chat', conversationId: SES },
      collapseId: SES,
    });
    const refs = { n: NTF, s: SES };
    const stored = withoutRefs(text, refs);
    expect(stored).toMatch(/^@n\d+s\d+s\d+s\d+\|/);
    expect(stored).not.toContain(NTF);
    expect(stored).not.toContain(SES);
    expect(stored.length).toBeLessThan(text.length - 4 * 25);
    // The rest is still JSON: the ids leave empty strings.
    const rest = JSON.parse(stored.slice(stored.indexOf('|') + 1)) as Record<string, unknown>;
    expect(rest).toMatchObject({ notificationId: '', title: 'Support', collapseId: '' });
    expect(withRefs(stored, refs)).toBe(text);
  });

  it('keeps text as it is when nothing is worth cutting, and reads text stored before as it is', () => {
    const refs = { n: null, s: 'short' };
    const text = '{"title":"short and short"}';
    expect(withoutRefs(text, refs)).toBe(text);
    expect(withRefs(text, { n: NTF, s: SES })).toBe(text);
    // An id absent: kept; one occurrence of a long id: cut.
    expect(withoutRefs('{"a":1}', { s: SES })).toBe('{"a":1}');
    expect(withRefs(withoutRefs(`x${SES}`, { s: SES }), { s: SES })).toBe(`x${SES}`);
  });

  it('keeps a whole text that starts like a stored one unambiguous', () => {
    for (const text of ['@n1|x', `@s3|${SES}`]) {
      const stored = withoutRefs(text, { n: null, s: null });
      expect(stored).toBe(`@|${text}`);
      expect(withRefs(stored, {})).toBe(text);
    }
    const cut = withoutRefs(`@${SES}@`, { s: SES });
    expect(withRefs(cut, { s: SES })).toBe(`@${SES}@`);
  });

  it('refuses to rebuild without the column it refers to', () => {
    const stored = withoutRefs(`{"id":"${SES}"}`, { s: SES });
    expect(() => withRefs(stored, { s: null })).toThrow(/column s/);
  });
});

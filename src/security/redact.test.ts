import { describe, expect, it } from 'vitest';
import { redact } from './redact.js';

describe('redact', () => {
  it('replaces configured secrets in plain, base64, URL-encoded and JSON-escaped forms', () => {
    const secret = 'p@ss/word"123';
    const text = `a ${secret} b ${Buffer.from(secret).toString('base64')} c ${encodeURIComponent(secret)} d ${JSON.stringify(secret)}`;
    const out = redact(text, [secret])!;
    expect(out).not.toContain('p@ss');
    expect(out).not.toContain(Buffer.from(secret).toString('base64'));
    expect(out.match(/\[redacted\]/g)).toHaveLength(4);
  });

  it('replaces anything shaped like a credential, keeping the words around it', () => {
    expect(redact('authorization: Bearer abc.def-ghi')).toBe('authorization: Bearer [redacted]');
    expect(redact('Basic dXNlcjpwYXNz')).toBe('Basic [redacted]');
    expect(redact('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig-nature here')).toBe('token [redacted] here');
    expect(redact('GET /bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage')).toBe('GET /[redacted]/sendMessage');
    expect(redact('access ya29.a0AfH6SMBx-token')).toBe('access [redacted]');
  });

  it('leaves ordinary text alone, and ignores secrets too short to be told from words', () => {
    expect(redact('The key is invalid: true', ['true'])).toBe('The key is invalid: true');
    expect(redact(undefined, ['secret'])).toBeUndefined();
  });
});

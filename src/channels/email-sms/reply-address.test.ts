import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { replyAddress, sessionFromReplyAddress } from './reply-address.js';

describe('reply addresses', () => {
  const key = randomBytes(32);
  const sid = 'ses_01jf8x4m2k3n5p6q7r8s9t0v1w';

  it('round-trips through the usual ways mail systems write recipients', () => {
    const address = replyAddress(key, sid, 'Reply.Example.com');
    expect(address).toMatch(/^reply\+ses_01jf8x4m2k3n5p6q7r8s9t0v1w\.[0-9a-f]{20}@reply\.example\.com$/);
    expect(sessionFromReplyAddress(key, [address])).toBe(sid);
    expect(sessionFromReplyAddress(key, [`Support <${address.toUpperCase()}>`])).toBe(sid);
    expect(sessionFromReplyAddress(key, [`someone@example.com, "Help" <${address}>`])).toBe(sid);
  });

  it('refuses a changed session id, a forged MAC and another key', () => {
    const address = replyAddress(key, sid, 'reply.example.com');
    expect(sessionFromReplyAddress(key, [address.replace('ses_01', 'ses_02')])).toBeUndefined();
    expect(sessionFromReplyAddress(key, [address.replace(/\.[0-9a-f]{20}@/, '.0123456789abcdef0123@')])).toBeUndefined();
    expect(sessionFromReplyAddress(randomBytes(32), [address])).toBeUndefined();
    expect(sessionFromReplyAddress(key, ['support@example.com'])).toBeUndefined();
  });
});

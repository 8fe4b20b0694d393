/**
 * Reply addresses: `reply+<sessionId>.<mac>@<replyDomain>`. The MAC (HMAC-SHA256 of the
 * session id, 80 bits, hex) makes the address a capability: only someone who received Herald's
 * email can write into that session, and a guessed session id is useless. Everything is
 * lowercase because mail systems are free to change the case of a local part.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PATTERN = /reply\+([a-z0-9_]{1,80})\.([0-9a-f]{20})@/gi;

function mac(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(`reply:${sessionId}`).digest('hex').slice(0, 20);
}

export function replyAddress(key: Buffer, sessionId: string, domain: string): string {
  return `reply+${sessionId.toLowerCase()}.${mac(key, sessionId.toLowerCase())}@${domain.toLowerCase()}`;
}

/**
 * The session a reply is for: the first address in `recipients` (any format: bare addresses,
 * `Name <addr>`, comma lists) whose MAC verifies. Undefined when none does.
 */
export function sessionFromReplyAddress(key: Buffer, recipients: readonly string[]): string | undefined {
  for (const value of recipients) {
    for (const m of value.matchAll(PATTERN)) {
      const sessionId = m[1]!.toLowerCase();
      const given = Buffer.from(m[2]!.toLowerCase());
      const expected = Buffer.from(mac(key, sessionId));
      if (given.length === expected.length && timingSafeEqual(given, expected)) return sessionId;
    }
  }
  return undefined;
}

import { describe, expect, it } from 'vitest';
import { computeIntercomSignature, verifyIntercomSignature } from './intercom-signature.js';

const clientSecret = 'intercom-client-secret';
const rawBody = '{"type":"notification_event","topic":"conversation.admin.replied"}';
// Computed independently: printf '%s' "$body" | openssl dgst -sha1 -hmac intercom-client-secret
const header = 'sha1=64e29a08f188173bd2e5f8e3616a667bdea9718b';

describe('intercom signature', () => {
  it('matches an independently computed HMAC-SHA1 of the raw body', () => {
    expect(computeIntercomSignature(clientSecret, rawBody)).toBe(header);
    expect(verifyIntercomSignature({ clientSecret, rawBody, header })).toBe(true);
    expect(verifyIntercomSignature({ clientSecret, rawBody: Buffer.from(rawBody), header })).toBe(true);
  });

  it('accepts upper-case hex and an array header', () => {
    expect(verifyIntercomSignature({ clientSecret, rawBody, header: header.toUpperCase().replace('SHA1=', 'sha1=') })).toBe(true);
    expect(verifyIntercomSignature({ clientSecret, rawBody, header: [header] })).toBe(true);
  });

  it.each([
    ['a re-serialised body', { rawBody: JSON.stringify(JSON.parse(rawBody), null, 2) }],
    ['a changed body', { rawBody: rawBody.replace('admin', 'user') }],
    ['the wrong secret', { clientSecret: 'other' }],
    ['no secret configured', { clientSecret: '' }],
    ['a missing header', { header: undefined }],
    ['a bare hex digest without sha1=', { header: header.slice(5) }],
    ['another algorithm prefix', { header: header.replace('sha1=', 'sha256=') }],
    ['a truncated digest', { header: header.slice(0, -2) }],
    ['garbage', { header: 'sha1=zz' }],
  ])('rejects %s', (_name, change) => {
    expect(verifyIntercomSignature({ clientSecret, rawBody, header, ...change })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { computeTwilioSignature, verifyTwilioSignature } from './twilio-signature.js';

// The worked example of Twilio's request-validation docs and helper-library tests.
const authToken = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = {
  Digits: '1234',
  To: '+18005551212',
  From: '+14158675309',
  Caller: '+14158675309',
  CallSid: 'CA1234567890ABCDE',
};
const signature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('twilio signature', () => {
  it("reproduces Twilio's published vector whatever the parameter order", () => {
    expect(computeTwilioSignature({ authToken, url, params })).toBe(signature);
    expect(verifyTwilioSignature({ authToken, url, params, signature })).toBe(true);
  });

  it("matches Twilio's vector for repeated parameters (deduplicated, sorted)", () => {
    const repeated = { Sid: 'CA123', SidAccount: 'AC123', Digits: ['5678', '1234', '1234'] };
    expect(computeTwilioSignature({ authToken, url, params: repeated })).toBe('IK+Dwps556ElfBT0I3Rgjkr1wJU=');
  });

  it('accepts the URL with or without an explicit port, keeping the host as given', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(verifyTwilioSignature({ authToken, url: withPort, params, signature })).toBe(true);
    const signedWithPort = computeTwilioSignature({ authToken, url: withPort, params });
    expect(verifyTwilioSignature({ authToken, url, params, signature: signedWithPort })).toBe(true);
    // Twilio's mixed-case host vector: the host is signed exactly as configured.
    const mixed = 'https://MyCompany.com/myapp.php?foo=1&bar=2';
    expect(verifyTwilioSignature({ authToken, url: mixed, params, signature: 'g9IN/x4Cft2g517EjYvEvM/W7LU=' })).toBe(true);
  });

  it.each([
    ['a tampered parameter', { params: { ...params, Digits: '9999' } }],
    ['an added parameter', { params: { ...params, Body: 'hi' } }],
    ['another URL', { url: `${url}&extra=1` }],
    ['another path', { url: 'https://mycompany.com/other.php?foo=1&bar=2' }],
    ['the wrong token', { authToken: '54321' }],
    ['a missing signature', { signature: undefined }],
    ['an empty signature', { signature: '' }],
    ['garbage', { signature: 'not base64 at all 王' }],
    ['a truncated signature', { signature: signature.slice(0, 10) }],
    ['an empty auth token', { authToken: '' }],
  ])('rejects %s', (_name, change) => {
    expect(verifyTwilioSignature({ authToken, url, params, signature, ...change })).toBe(false);
  });
});

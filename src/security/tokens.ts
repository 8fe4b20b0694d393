import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

/** Server API keys: `hk_` + 32 random bytes; only a SHA-256 hash is stored. */
export function newApiKey(): string {
  return `hk_${randomBytes(32).toString('base64url')}`;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export type CustomerTokenResult =
  | { ok: true; customerId: string }
  | { ok: false; reason: 'expired' | 'invalid' };

/** Customer tokens are HS256 JWTs signed with the identity secret; `sub` is the customer id and `exp` is required. */
export class CustomerTokens {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async mint(customerId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: number }> {
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(customerId)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: exp * 1000 };
  }

  async verify(token: string): Promise<CustomerTokenResult> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      if (typeof payload.sub !== 'string' || payload.sub === '') return { ok: false, reason: 'invalid' };
      return { ok: true, customerId: payload.sub };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}

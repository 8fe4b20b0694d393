import { hkdfSync } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

/** How long a notification's buttons keep working. */
export const ACTION_TOKEN_TTL_S = 7 * 24 * 3600;

export type ActionTokenResult = { ok: true; recipientType: 'customer' | 'operator'; recipientId: string } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Tokens carried in actionable notifications: signed, expiring, bound to one notification and
 * its recipient, so the device can post the choice without the user's session token. The key is
 * derived from the secret-at-rest key, so no extra secret needs configuring.
 */
export class ActionTokens {
  private readonly key: Uint8Array;

  constructor(secretKey: Buffer) {
    this.key = new Uint8Array(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'herald notification action tokens', 32));
  }

  sign(notificationId: string, recipient: { type: 'customer' | 'operator'; id: string }, ttlSeconds = ACTION_TOKEN_TTL_S, now = Date.now()): Promise<string> {
    return new SignJWT({ rt: recipient.type })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(recipient.id)
      .setAudience(`notification:${notificationId}`)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + ttlSeconds)
      .sign(this.key);
  }

  async verify(token: string, notificationId: string): Promise<ActionTokenResult> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: `notification:${notificationId}`,
        requiredClaims: ['exp', 'sub'],
      });
      const rt = payload.rt === 'operator' ? 'operator' : 'customer';
      return { ok: true, recipientType: rt, recipientId: payload.sub! };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}

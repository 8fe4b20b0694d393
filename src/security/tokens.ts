import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { DEFAULT_WORKSPACE, type WorkspaceId, trustedWorkspaceId } from '../store/workspace-scope.js';

/** Server API keys: `hk_` + 32 random bytes; only a SHA-256 hash is stored. */
export function newApiKey(): string {
  return `hk_${randomBytes(32).toString('base64url')}`;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export type CustomerTokenResult = { ok: true; customerId: string; workspaceId: WorkspaceId } | { ok: false; reason: 'expired' | 'invalid' };

/** A workspace's identity secret (undefined: no such workspace), or one secret for `default` alone. */
export type IdentitySecrets = string | ((workspace: WorkspaceId) => Promise<string | undefined>);

/**
 * Customer tokens are HS256 JWTs signed with their workspace's identity secret (CONTRACT §14):
 * `kid` names the workspace, `sub` is the customer id and `exp` is required. A token without a
 * `kid` (minted before workspaces) belongs to `default`. A token is verified only with the secret
 * of the workspace it names, so a token of A is worth nothing in B, even for the same `sub`.
 */
export class CustomerTokens {
  private readonly secretOf: (workspace: WorkspaceId) => Promise<string | undefined>;
  private readonly keys = new Map<string, Uint8Array>();
  /**
   * Tokens already verified, until they expire. An app sends the same token with every request,
   * and verifying it (WebCrypto HMAC through jose) was 12–17 % of the API's CPU under load. The
   * same string under the same key always verifies the same way, so only `exp` needs checking again.
   */
  private readonly verified = new Map<string, { customerId: string; workspaceId: WorkspaceId; expMs: number }>();
  constructor(secrets: IdentitySecrets) {
    this.secretOf = typeof secrets === 'string' ? async (ws) => (ws === DEFAULT_WORKSPACE ? secrets : undefined) : secrets;
  }

  private async key(workspace: WorkspaceId): Promise<Uint8Array | undefined> {
    let key = this.keys.get(workspace);
    if (!key) {
      const secret = await this.secretOf(workspace);
      if (secret === undefined) return undefined;
      key = new TextEncoder().encode(secret);
      this.keys.set(workspace, key);
    }
    return key;
  }

  async mint(customerId: string, ttlSeconds: number, workspace: WorkspaceId = DEFAULT_WORKSPACE): Promise<{ token: string; expiresAt: number }> {
    const key = await this.key(workspace);
    if (!key) throw new Error(`workspace ${workspace} has no identity secret`);
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: workspace })
      .setSubject(customerId)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);
    return { token, expiresAt: exp * 1000 };
  }

  async verify(token: string): Promise<CustomerTokenResult> {
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.expMs > Date.now()) return { ok: true, customerId: hit.customerId, workspaceId: hit.workspaceId };
      this.verified.delete(token);
      return { ok: false, reason: 'expired' };
    }
    try {
      const { kid } = decodeProtectedHeader(token);
      const workspaceId = typeof kid === 'string' ? trustedWorkspaceId(kid) : DEFAULT_WORKSPACE;
      const key = await this.key(workspaceId);
      if (!key) return { ok: false, reason: 'invalid' };
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      if (typeof payload.sub !== 'string' || payload.sub === '') return { ok: false, reason: 'invalid' };
      if (this.verified.size >= 10_000) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { customerId: payload.sub, workspaceId, expMs: payload.exp! * 1000 });
      return { ok: true, customerId: payload.sub, workspaceId };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}

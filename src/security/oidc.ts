/**
 * Operator sign-in through an OpenID Connect provider: authorization code flow with PKCE, state
 * and nonce (openid-client does the protocol: discovery, the token exchange, ID-token checks).
 * What must survive the trip to the provider (verifier, state, nonce) travels in a short-lived
 * cookie sealed with the secret key, so any process of a cluster can finish a sign-in another
 * one started, and nothing is stored server-side for abandoned attempts.
 */
import * as client from 'openid-client';
import type { Config } from '../config.js';
import { HeraldError } from '../errors.js';
import type { SecretBox } from './secret-box.js';

export const OIDC_COOKIE = 'herald_oidc';
/** How long a started sign-in may take at the provider. */
export const OIDC_FLOW_TTL_MS = 10 * 60_000;

interface FlowState {
  state: string;
  nonce: string;
  verifier: string;
  exp: number;
}

/** Who the provider says signed in. */
export interface OidcIdentity {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
}

export class OidcLogin {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: NonNullable<Config['oidc']>,
    private readonly publicUrl: string,
    private readonly box: SecretBox,
  ) {}

  get redirectUri(): string {
    return `${this.publicUrl}/api/auth/oidc/callback`;
  }

  /** The provider's metadata, fetched once; a failed discovery is tried again on the next sign-in. */
  private configuration(): Promise<client.Configuration> {
    this.discovered ??= (async () => {
      const { issuer, clientId, clientSecret } = this.settings;
      const auth = clientSecret ? client.ClientSecretPost(clientSecret) : client.None();
      // Plain http is accepted by config.ts only for a provider on loopback (development, tests).
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- deliberate, loopback only (see above)
      const execute = issuer.startsWith('http:') ? [client.allowInsecureRequests] : [];
      return client.discovery(new URL(issuer), clientId, clientSecret, auth, { execute, timeout: 10 });
    })().catch((err: unknown) => {
      this.discovered = undefined;
      throw new HeraldError('NOT_READY', `The single sign-on provider could not be reached (${(err as Error).message}); try again shortly.`);
    });
    return this.discovered;
  }

  /** For `herald doctor`: can the provider's metadata be read, and does it offer what sign-in needs? */
  async check(): Promise<{ ok: boolean; detail: string }> {
    try {
      const meta = (await this.configuration()).serverMetadata();
      if (!meta.authorization_endpoint || !meta.token_endpoint) return { ok: false, detail: `${meta.issuer} publishes no authorization or token endpoint` };
      const s256 = meta.code_challenge_methods_supported?.includes('S256') ?? true;
      return s256
        ? { ok: true, detail: `${meta.issuer} answered discovery (client ${this.settings.clientId})` }
        : { ok: false, detail: `${meta.issuer} does not offer PKCE S256, which sign-in requires` };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  /** Where to send the browser, and the sealed cookie that must come back with it. */
  async start(): Promise<{ url: string; cookie: string }> {
    const config = await this.configuration();
    const flow: FlowState = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      exp: Date.now() + OIDC_FLOW_TTL_MS,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, cookie: this.box.encrypt(JSON.stringify(flow)) };
  }

  /** Exchanges the code the browser came back with; throws when anything does not check out. */
  async finish(callbackUrl: URL, cookie: string | undefined): Promise<OidcIdentity> {
    const flow = this.open(cookie);
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    let email = typeof claims.email === 'string' ? claims.email : undefined;
    let verified = claims.email_verified === true;
    let name = typeof claims.name === 'string' ? claims.name : undefined;
    // Some providers put the email only in userinfo.
    if (!email && tokens.access_token) {
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = info.email;
      verified = info.email_verified === true;
      name ??= info.name;
    }
    return { subject: claims.sub, email: email?.toLowerCase(), emailVerified: verified, name };
  }

  private open(cookie: string | undefined): FlowState {
    let flow: FlowState | undefined;
    try {
      flow = cookie ? (JSON.parse(this.box.decrypt(cookie)) as FlowState) : undefined;
    } catch {
      flow = undefined;
    }
    if (!flow || flow.exp < Date.now()) throw new HeraldError('UNAUTHORIZED', 'The sign-in took too long or was started in another browser; start again.');
    return flow;
  }
}

/**
 * A real OpenID Connect provider (oidc-provider, the certified implementation) on 127.0.0.1 for
 * tests: authorization code flow with PKCE required, its own development sign-in page (any login,
 * any password), consent granted automatically. The login typed in is the account's email;
 * logins starting with "unverified" get `email_verified: false`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface OidcFake {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Token requests the provider answered (code exchanges). */
  tokenRequests: number;
  close(): Promise<void>;
}

export async function startOidcFake(opts: { redirectUri: string }): Promise<OidcFake> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'herald-test';
  const clientSecret = 'herald-test-client-secret-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    // A client that skips PKCE is refused: the test proves Herald sends a verifier.
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['oidc-fake-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id, email_verified: !id.startsWith('unverified'), name: `SSO ${id.split('@')[0]}` };
        },
      };
    },
    // Consent is not what is under test: every signed-in account grants the scopes asked for.
    async loadExistingGrant(ctx) {
      const { session, client } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
  });
  const fake: OidcFake = { issuer, clientId, clientSecret, tokenRequests: 0, close: async () => {} };
  provider.on('grant.success', () => {
    fake.tokenRequests++;
  });
  const callback = provider.callback();
  server.on('request', (req, res) => void callback(req, res));
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** A cookie jar per origin, enough to follow a sign-in by hand with fetch. */
class Jar {
  private readonly cookies = new Map<string, Map<string, string>>();
  take(url: string, res: Response): void {
    const origin = new URL(url).origin;
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(origin, jar);
  }
  header(url: string): string {
    return [...(this.cookies.get(new URL(url).origin) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).origin)?.get(name);
  }
}

/**
 * Goes through Herald's SSO as a browser would (start → provider sign-in page → callback), typing
 * `login` into the provider's form. Returns where Herald sent the browser at the end and the
 * herald_session cookie if one was set.
 */
export async function signInThroughProvider(heraldUrl: string, login: string): Promise<{ location: string; session: string | undefined }> {
  const jar = new Jar();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) } });
    jar.take(url, res);
    return res;
  };
  let url = `${heraldUrl}/api/auth/oidc/start`;
  for (let hop = 0; hop < 10; hop++) {
    const res = await go(url);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url).href;
      // Back at Herald's portal: the sign-in is over, one way or the other.
      if (next.startsWith(heraldUrl) && !next.includes('/api/auth/oidc/'))
        return { location: next.slice(heraldUrl.length), session: jar.get(heraldUrl, 'herald_session') };
      url = next;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action || !html.includes('name="login"')) throw new Error(`unexpected page at ${url}: ${res.status} ${html.slice(0, 200)}`);
    const submit = new URL(action, url).href;
    const post = await go(submit, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'anything' }).toString(),
    });
    url = new URL(post.headers.get('location')!, submit).href;
  }
  throw new Error('too many redirects');
}

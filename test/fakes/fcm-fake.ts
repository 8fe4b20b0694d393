import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { jwtVerify } from 'jose';

export interface FcmFakeOptions {
  /** Verifies token-endpoint assertions; when absent the fake makes a key pair and `serviceAccount()` uses it. */
  publicKey?: string | KeyObject;
  /** When set, assertions from any other `iss` are refused. */
  clientEmail?: string;
  /** When set, messages:send for another project gets 403 PERMISSION_DENIED. */
  projectId?: string;
  /** `expires_in` of minted access tokens (Google: 3599). */
  tokenTtlSeconds?: number;
}

/** One messages:send the fake accepted for processing (auth passed). */
export interface FcmReceived {
  projectId: string;
  /** The `message` object as posted. */
  message: Record<string, unknown> & { token?: string; data?: Record<string, string> };
  accessToken: string;
  status: number;
  at: number;
}

/** Claims of a verified JWT-bearer assertion, with the access token handed out for it. */
export interface FcmTokenRequest {
  iss: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
  kid: string | undefined;
  accessToken: string;
}

export interface FcmAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A scripted answer for messages:send, or 'hang' (never answer). */
export type FcmScript = FcmAnswer | 'hang';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Local FCM HTTP v1 plus Google's OAuth token endpoint: verifies the RS256 service-account
 * assertion, mints short bearer tokens, checks them on messages:send and answers like FCM does
 * (UNREGISTERED, INVALID_ARGUMENT, QUOTA_EXCEEDED …), recording what a device would get.
 */
export class FcmFake {
  readonly received: FcmReceived[] = [];
  readonly tokenRequests: FcmTokenRequest[] = [];
  /** Registration tokens answered with 404 UNREGISTERED (app uninstalled). */
  readonly unregistered = new Set<string>();
  /** Registration tokens answered with 400 INVALID_ARGUMENT about message.token. */
  readonly invalid = new Set<string>();
  tokenTtlSeconds: number;
  url = '';
  private server: Server | undefined;
  private readonly publicKey: KeyObject;
  private readonly privateKeyPem: string | undefined;
  private readonly tokens = new Map<string, number>();
  private readonly scripted: FcmScript[] = [];
  private readonly hanging = new Set<ServerResponse>();

  constructor(private readonly options: FcmFakeOptions = {}) {
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3599;
    if (options.publicKey) {
      this.publicKey = typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
    } else {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.publicKey = pair.publicKey;
      this.privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    }
  }

  get tokenUri(): string {
    return `${this.url}/token`;
  }

  async start(): Promise<{ url: string; tokenUri: string }> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: this.url, tokenUri: this.tokenUri };
  }

  /** A service-account JSON signed by the fake's own key (only without `publicKey` in the options). */
  serviceAccount(projectId = this.options.projectId ?? 'herald-test'): Record<string, string> {
    if (!this.privateKeyPem) throw new Error('FcmFake was given a publicKey; build the service account yourself');
    return {
      type: 'service_account',
      project_id: projectId,
      private_key_id: randomBytes(8).toString('hex'),
      private_key: this.privateKeyPem,
      client_email: this.options.clientEmail ?? `herald@${projectId}.iam.gserviceaccount.com`,
      token_uri: this.tokenUri,
    };
  }

  /** Writes `serviceAccount()` to `<dir>/service-account.json` and returns the path. */
  async writeServiceAccount(dir: string, projectId?: string): Promise<string> {
    const path = join(dir, 'service-account.json');
    await writeFile(path, JSON.stringify(this.serviceAccount(projectId)), { mode: 0o600 });
    return path;
  }

  /** Next messages:send answers, in order, before normal behaviour resumes. */
  script(...answers: FcmScript[]): void {
    this.scripted.push(...answers);
  }

  /** Every access token handed out so far stops working (next send gets 401). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  reset(): void {
    this.received.length = 0;
    this.tokenRequests.length = 0;
    this.scripted.length = 0;
  }

  /** An error answer shaped like FCM's (google.rpc.Status with an FcmError detail). */
  static error(status: number, errorCode: string, message = errorCode, field?: string): FcmAnswer {
    const details: unknown[] = [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }];
    if (field) {
      details.push({ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description: message }] });
    }
    const rpcStatus: Record<number, string> = {
      400: 'INVALID_ARGUMENT',
      401: 'UNAUTHENTICATED',
      403: 'PERMISSION_DENIED',
      404: 'NOT_FOUND',
      429: 'RESOURCE_EXHAUSTED',
      500: 'INTERNAL',
      503: 'UNAVAILABLE',
    };
    return { status, body: { error: { code: status, message, status: rpcStatus[status] ?? 'UNKNOWN', details } } };
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const reply = (answer: FcmAnswer): void => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    };

    if (req.method === 'POST' && req.url === '/token') return reply(await this.token(text));
    const m = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return reply({ status: 404, body: { error: { code: 404, status: 'NOT_FOUND' } } });

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const expiresAt = this.tokens.get(bearer);
    if (expiresAt === undefined || expiresAt < Date.now()) {
      return reply(FcmFake.error(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'));
    }
    const projectId = decodeURIComponent(m[1] ?? '');
    if (this.options.projectId && projectId !== this.options.projectId) {
      return reply(FcmFake.error(403, 'PERMISSION_DENIED', `Permission denied on project ${projectId}`));
    }
    let message: FcmReceived['message'];
    try {
      message = (JSON.parse(text) as { message: FcmReceived['message'] }).message;
      if (typeof message !== 'object' || message === null) throw new Error('no message');
    } catch {
      return reply(FcmFake.error(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'));
    }

    const answer = this.scripted.shift() ?? this.answerFor(projectId, message);
    this.received.push({ projectId, message, accessToken: bearer, status: answer === 'hang' ? 0 : answer.status, at: Date.now() });
    if (answer === 'hang') {
      this.hanging.add(res);
      return;
    }
    reply(answer);
  }

  private answerFor(projectId: string, message: FcmReceived['message']): FcmAnswer {
    const token = message.token;
    const badData = Object.values(message.data ?? {}).some((v) => typeof v !== 'string');
    if (badData) return FcmFake.error(400, 'INVALID_ARGUMENT', 'data values must be strings', 'message.data');
    if (typeof token !== 'string' || token === '' || this.invalid.has(token)) {
      const msg = 'The registration token is not a valid FCM registration token';
      return FcmFake.error(400, 'INVALID_ARGUMENT', msg, 'message.token');
    }
    if (this.unregistered.has(token)) return FcmFake.error(404, 'UNREGISTERED', 'Requested entity was not found.');
    return { status: 200, body: { name: `projects/${projectId}/messages/${randomUUID()}` } };
  }

  private async token(form: string): Promise<FcmAnswer> {
    const params = new URLSearchParams(form);
    if (params.get('grant_type') !== JWT_BEARER) {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' } };
    }
    try {
      const { payload, protectedHeader } = await jwtVerify(params.get('assertion') ?? '', this.publicKey, {
        algorithms: ['RS256'],
        audience: this.tokenUri,
        ...(this.options.clientEmail ? { issuer: this.options.clientEmail } : {}),
      });
      const { iss, scope, iat, exp } = payload as { iss?: string; scope?: string; iat?: number; exp?: number };
      if (!iss || typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > 3600) {
        throw new Error('iss, iat and exp (at most 1 h after iat) are required');
      }
      if (!scope?.split(' ').includes(SCOPE)) throw new Error(`scope must include ${SCOPE}`);
      const accessToken = `ya29.fake-${randomBytes(16).toString('hex')}`;
      this.tokens.set(accessToken, Date.now() + this.tokenTtlSeconds * 1000);
      this.tokenRequests.push({ iss, scope, aud: this.tokenUri, iat, exp, kid: protectedHeader.kid, accessToken });
      return { status: 200, body: { access_token: accessToken, expires_in: this.tokenTtlSeconds, token_type: 'Bearer' } };
    } catch (err) {
      return { status: 400, body: { error: 'invalid_grant', error_description: (err as Error).message } };
    }
  }
}

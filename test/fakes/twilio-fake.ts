/**
 * A local stand-in for Twilio that speaks the parts of its REST API Herald uses
 * (Messages.json, Accounts/{sid}.json) with Basic auth and Twilio's error bodies, and plays
 * Twilio's side of two-way texting: it sends an inbound-SMS webhook signed the way Twilio signs
 * it (X-Twilio-Signature).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { computeTwilioSignature } from '../../src/security/twilio-signature.js';

export interface TwilioFakeOptions {
  accountSid?: string;
  authToken?: string;
}

export interface TwilioSentMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  /** Every form parameter as received. */
  params: Record<string, string>;
}

/** A scripted refusal, answered like Twilio does: HTTP status + JSON {code, message, …}. */
export interface TwilioScriptedError {
  code: number;
  /** HTTP status (default: 429 for 20429, 400 otherwise). */
  status?: number;
  message?: string;
  /** Retry-After header value, in seconds. */
  retryAfter?: number;
  /** Only for messages to this number; any message when unset. */
  to?: string;
  /** How many requests it answers (default 1). */
  times?: number;
}

export interface InboundSms {
  from: string;
  body: string;
  /** Our Twilio number the customer texted (default: +15005550006). */
  to?: string;
  /** Any further webhook parameters (MediaUrl0, …). */
  extra?: Record<string, string>;
}

const E164 = /^\+[1-9]\d{6,14}$/;

export class TwilioFake {
  readonly accountSid: string;
  readonly authToken: string;
  /** Messages Twilio accepted (201). */
  readonly messages: TwilioSentMessage[] = [];
  /** Every Messages.json request, accepted or not, in arrival order. */
  readonly requests: Array<{ authorized: boolean; params: Record<string, string> }> = [];
  private readonly script: Array<TwilioScriptedError & { left: number }> = [];
  private hangs = 0;
  private server: Server | undefined;
  private listenPort = 0;

  constructor(options: TwilioFakeOptions = {}) {
    this.accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
    this.authToken = options.authToken ?? randomBytes(16).toString('hex');
  }

  /** Value for TWILIO_API_BASE. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.listenPort}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.listenPort = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The next send is read and never answered (close() ends it). */
  hang(): void {
    this.hangs += 1;
  }

  /** Forgets messages, requests, scripted errors and hangs. */
  reset(): void {
    this.messages.length = 0;
    this.requests.length = 0;
    this.script.length = 0;
    this.hangs = 0;
  }

  /** Refuse the next matching send(s) with this Twilio error. */
  fail(error: TwilioScriptedError): void {
    this.script.push({ ...error, left: error.times ?? 1 });
  }

  /**
   * POSTs an inbound-SMS webhook to `url` as Twilio would, signed with the auth token.
   * `signUrl` is the URL Twilio believes it calls (the public URL) when the request really goes
   * to a local address; `signature` overrides the header to test refusals.
   */
  async sendInboundSms(
    url: string,
    sms: InboundSms,
    options: { signUrl?: string; signature?: string; authToken?: string } = {},
  ): Promise<{ status: number; body: string; params: Record<string, string> }> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const params: Record<string, string> = {
      ToCountry: 'US',
      SmsMessageSid: sid,
      NumMedia: '0',
      SmsSid: sid,
      SmsStatus: 'received',
      Body: sms.body,
      To: sms.to ?? '+15005550006',
      NumSegments: '1',
      MessageSid: sid,
      AccountSid: this.accountSid,
      From: sms.from,
      ApiVersion: '2010-04-01',
      ...sms.extra,
    };
    const signature =
      options.signature ??
      computeTwilioSignature({
        authToken: options.authToken ?? this.authToken,
        url: options.signUrl ?? url,
        params,
      });
    const res = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
        'i-twilio-idempotency-token': randomBytes(8).toString('hex'),
        'user-agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(params).toString(),
      headersTimeout: 5000,
      bodyTimeout: 5000,
    });
    return { status: res.statusCode, body: await res.body.text(), params };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const prefix = `/2010-04-01/Accounts/${this.accountSid}`;
    const authorized = req.headers.authorization === basic(this.accountSid, this.authToken);

    if (req.method === 'POST' && path === `${prefix}/Messages.json`) {
      const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
      this.requests.push({ authorized, params });
      if (this.hangs > 0) {
        this.hangs -= 1;
        return;
      }
      if (!authorized) return twilioError(res, 401, 20003, 'Authenticate');
      return this.createMessage(params, res);
    }
    if (req.method === 'GET' && path === `${prefix}.json`) {
      if (!authorized) return twilioError(res, 401, 20003, 'Authenticate');
      return json(res, 200, { sid: this.accountSid, friendly_name: 'Herald fake', status: 'active' });
    }
    // Twilio answers 401 before it says whether another account exists.
    if (!authorized) return twilioError(res, 401, 20003, 'Authenticate');
    return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
  }

  private createMessage(params: Record<string, string>, res: ServerResponse): void {
    const to = params.To ?? '';
    const index = this.script.findIndex((s) => s.to === undefined || s.to === to);
    if (index >= 0) {
      const scripted = this.script[index]!;
      scripted.left -= 1;
      if (scripted.left <= 0) this.script.splice(index, 1);
      const headers: Record<string, string> = scripted.retryAfter !== undefined ? { 'retry-after': String(scripted.retryAfter) } : {};
      const status = scripted.status ?? (scripted.code === 20429 ? 429 : 400);
      return twilioError(res, status, scripted.code, scripted.message ?? `Scripted error ${scripted.code}`, headers);
    }
    if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
    if (!params.Body) return twilioError(res, 400, 21602, 'Message body is required.');
    if (!params.From && !params.MessagingServiceSid) {
      return twilioError(res, 400, 21603, "The source 'From' phone number is required to send an SMS");
    }
    if (!E164.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message: TwilioSentMessage = {
      sid,
      to,
      from: params.From ?? null,
      messagingServiceSid: params.MessagingServiceSid ?? null,
      body: params.Body,
      params,
    };
    this.messages.push(message);
    json(res, 201, {
      sid,
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: message.body,
      date_created: new Date().toUTCString(),
      direction: 'outbound-api',
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_segments: '1',
      status: message.messagingServiceSid ? 'accepted' : 'queued',
      to,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
    });
  }
}

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function twilioError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

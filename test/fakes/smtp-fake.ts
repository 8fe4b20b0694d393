/**
 * A real SMTP server (smtp-server) on 127.0.0.1 for tests and benches. It parses every accepted
 * mail with mailparser, so tests assert on what a mail client would see, and it can be scripted
 * to answer with a rejection code the way a real relay does (450 greylisting, 550 mailbox
 * unavailable, …).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SmtpFakeOptions {
  /** When set, AUTH is required and must match; otherwise AUTH is optional. */
  auth?: { user: string; pass: string };
}

export interface ReceivedMail {
  /** SMTP envelope as the client gave it (MAIL FROM / RCPT TO). */
  envelope: { from: string | null; to: string[] };
  /** The user the client authenticated as, if any. */
  user: string | null;
  parsed: ParsedMail;
  raw: Buffer;
}

/** Where in the SMTP dialogue a scripted rejection is answered. */
export type RejectStage = 'rcpt' | 'data';

interface ScriptedRejection {
  code: number;
  message: string;
  stage: RejectStage;
  /** Only for this recipient; any recipient when undefined. */
  recipient?: string;
}

export class SmtpFake {
  readonly messages: ReceivedMail[] = [];
  /** How many times a client authenticated, successfully or not. */
  authAttempts = 0;
  /** Messages a client started (MAIL FROM), plus connections left without a greeting by `hang()`. */
  requests = 0;
  private hangs = 0;
  private server: SMTPServer | undefined;
  private rejections: ScriptedRejection[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private listenPort = 0;

  constructor(private readonly options: SmtpFakeOptions = {}) {}

  get port(): number {
    return this.listenPort;
  }

  /** `smtp://user:pass@127.0.0.1:port` with the configured credentials (or the given ones). */
  url(credentials: { user: string; pass: string } | undefined = this.options.auth): string {
    const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.listenPort}`;
  }

  async start(): Promise<this> {
    const required = this.options.auth;
    this.server = new SMTPServer({
      // Plain TCP keeps the fake free of certificates; nodemailer then sends AUTH in clear,
      // which smtp-server refuses unless allowed.
      disabledCommands: required ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: !required,
      logger: false,
      // A pooled client keeps idle connections open; don't let close() wait 30 s for them.
      closeTimeout: 500,
      onConnect: (_session, callback) => {
        if (this.hangs > 0) {
          // Never called back: no 220 greeting, like a relay that accepted the socket and stalled.
          this.hangs -= 1;
          this.requests += 1;
          return;
        }
        callback();
      },
      onMailFrom: (_address, _session, callback) => {
        this.requests += 1;
        callback();
      },
      onAuth: (auth, _session, callback) => {
        this.authAttempts += 1;
        if (required && auth.username === required.user && auth.password === required.pass) {
          callback(null, { user: auth.username });
          return;
        }
        callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
      },
      onRcptTo: (address, _session, callback) => {
        const rejection = this.takeRejection('rcpt', address);
        callback(rejection ? smtpError(rejection.code, rejection.message) : null);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (err) => callback(err));
        stream.on('end', () => {
          const rejection = this.takeRejection('data');
          if (rejection) {
            callback(smtpError(rejection.code, rejection.message));
            return;
          }
          const raw = Buffer.concat(chunks);
          // Parse before answering 250 so a test sees the mail as soon as sendMail resolves.
          simpleParser(raw)
            .then((parsed) => {
              this.messages.push({
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                  to: session.envelope.rcptTo.map((r: SMTPServerAddress) => r.address),
                },
                user: typeof session.user === 'string' ? session.user : null,
                parsed,
                raw,
              });
              this.notifyWaiters();
              callback(null, 'OK: queued as fake');
            })
            .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => {
        this.server!.off('error', reject);
        resolve();
      });
    });
    // Client resets and aborted sessions are expected in failure tests; never crash on them.
    this.server.on('error', () => {});
    this.listenPort = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /**
   * Answer the next matching command with `code`. `times` rejections are queued (default 1);
   * with `recipient` only RCPT TO for that address is rejected.
   */
  reject(
    code: number,
    message = code >= 500 ? 'Requested action not taken: mailbox unavailable' : 'Try again later',
    options: { stage?: RejectStage; recipient?: string; times?: number } = {},
  ): void {
    const times = options.times ?? 1;
    for (let i = 0; i < times; i += 1) {
      this.rejections.push({ code, message, stage: options.stage ?? 'rcpt', recipient: options.recipient });
    }
  }

  /** The next connection is accepted and never greeted (close() ends it). */
  hang(): void {
    this.hangs += 1;
  }

  /** Forgets received mail, counters and scripted answers. */
  reset(): void {
    this.messages.length = 0;
    this.authAttempts = 0;
    this.requests = 0;
    this.hangs = 0;
    this.rejections = [];
  }

  /** Resolves once at least `count` mails were received. */
  waitForMessages(count: number, timeoutMs = 5000): Promise<ReceivedMail[]> {
    if (this.messages.length >= count) return Promise.resolve(this.messages);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`smtp-fake: ${this.messages.length}/${count} mails after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.messages);
        },
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeRejection(stage: RejectStage, address?: SMTPServerAddress): ScriptedRejection | undefined {
    const index = this.rejections.findIndex(
      (r) => r.stage === stage && (r.recipient === undefined || r.recipient.toLowerCase() === address?.address.toLowerCase()),
    );
    if (index < 0) return undefined;
    return this.rejections.splice(index, 1)[0];
  }

  private notifyWaiters(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.messages.length < w.count) return true;
      w.resolve();
      return false;
    });
  }
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A Herald wired to a real SMTP server and a Twilio fake on loopback, plus the moves the email
 * tests make as users: operators signing in and opening the portal stream, customers opening
 * their app's stream, and reading what the mail server received.
 */
import type { ReceivedMail } from '../fakes/smtp-fake.js';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { TwilioFake } from '../fakes/twilio-fake.js';
import type { Backend } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { openStream } from '../helpers/sse.js';

export const PUBLIC_URL = 'https://herald.example.test';
export const TWILIO_FROM = '+15005550006';

export interface EmailEnv {
  h: TestHerald;
  smtp: SmtpFake;
  twilio: TwilioFake;
  close(): Promise<void>;
  /** Creates an operator (optionally in departments) and returns its id, email and login cookie. */
  operator(name: string, opts?: { role?: string; departmentIds?: string[] }): Promise<{ id: string; email: string; cookie: string }>;
  /** Opens the portal stream for an operator: online until the returned close is called. */
  online(cookie: string): Promise<() => void>;
  /** Opens the app stream for a customer: online until closed. */
  customerOnline(customerId: string): Promise<() => void>;
  /** Mails about one conversation (X-Herald-Conversation header). */
  mailsFor(sessionId: string): ReceivedMail[];
  /** The deliveries console rows of a session for a channel. */
  deliveries(sessionId: string, channel?: string): Promise<any[]>;
  /** Waits until no delivery of the session is still queued (the engine has decided everything). */
  settled(sessionId: string, minRows?: number): Promise<any[]>;
}

let counter = 0;

export async function startEmailEnv(backend: Backend, env: Record<string, string> = {}): Promise<EmailEnv> {
  const smtp = await new SmtpFake().start();
  const twilio = await new TwilioFake().start();
  const h = await startHerald({
    backend,
    env: {
      SMTP_URL: smtp.url(),
      SMTP_FROM: 'Support <support@herald.example.test>',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM,
      TWILIO_API_BASE: twilio.apiBase,
      HERALD_PUBLIC_URL: PUBLIC_URL,
      HERALD_BOT_GRACE_S: '0',
      HERALD_RETRY_SCHEDULE_S: '0.05,0.05',
      ...env,
    },
  });
  const streams = new Set<() => void>();
  const track = (close: () => void) => {
    streams.add(close);
    return () => {
      streams.delete(close);
      close();
    };
  };
  const deliveries = async (sessionId: string, channel?: string) =>
    (await h.api('GET', `/api/deliveries?sessionId=${sessionId}${channel ? `&channel=${channel}` : ''}&limit=200`)).body.items as any[];

  return {
    h,
    smtp,
    twilio,
    async close() {
      for (const c of streams) c();
      await h.close();
      await smtp.close();
      await twilio.close();
    },
    async operator(name, opts = {}) {
      const email = `${name.toLowerCase()}-${++counter}-${backend}@example.test`;
      const password = 'password-123';
      const res = await h.api('POST', '/api/operators', { email, name, role: opts.role ?? 'operator', password, departmentIds: opts.departmentIds ?? [] });
      if (res.status !== 201) throw new Error(`operator: ${res.status} ${JSON.stringify(res.body)}`);
      const login = await fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      return { id: res.body.id, email, cookie };
    },
    async online(cookie) {
      const s = await openStream(`${h.url}/api/stream`, { cookie });
      await s.next((e) => e.event === 'badge');
      return track(() => s.close());
    },
    async customerOnline(customerId) {
      const token = (await h.api('POST', `/api/customers/${customerId}/token`, {})).body.token;
      const s = await openStream(`${h.url}/api/stream`, { authorization: `Bearer ${token}` });
      return track(() => s.close());
    },
    mailsFor(sessionId) {
      return smtp.messages.filter((m) => m.parsed.headers.get('x-herald-conversation') === sessionId);
    },
    deliveries,
    async settled(sessionId, minRows = 1) {
      return eventually(async () => {
        const rows = await deliveries(sessionId);
        return rows.length >= minRows && rows.every((d) => !['queued', 'sending', 'retrying'].includes(d.status)) && rows;
      });
    },
  };
}

/** Who got it and who did not, by target, for one channel: {sent: [...], skipped: {target: reason}}. */
export function outcome(rows: any[]) {
  const sent = rows
    .filter((d) => d.status === 'delivered')
    .map((d) => d.target)
    .sort();
  const skipped = Object.fromEntries(rows.filter((d) => d.status === 'skipped').map((d) => [d.target, String(d.reason).split(':')[0]]));
  return { sent, skipped };
}

export const recipients = (mails: ReceivedMail[]) => mails.flatMap((m) => m.envelope.to).sort();

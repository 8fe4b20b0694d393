/**
 * Email over SMTP through a nodemailer pooled transport (SMTP_URL, SMTP_FROM).
 *
 * SMTP answers are mapped the way RFC 5321 means them: 4yz is transient (greylisting, mailbox
 * busy) and worth another attempt, 5yz is permanent (550 mailbox unavailable) and is not. A
 * dropped or refused connection says nothing about the message, so it is retried too.
 */
import nodemailer from 'nodemailer';
import { CONFIGURED, excerpt, unconfiguredProvider, type DeliveryResult, type EmailMessage, type Failure, type Provider } from './provider.js';

export interface SmtpProviderConfig {
  /** smtp://user:pass@host:port or smtps://…; unset → provider is unconfigured. */
  url?: string | null | undefined;
  /** From address, e.g. `Support <support@example.com>`. */
  from?: string | null | undefined;
  /** Connections kept open to the relay (default 5, nodemailer's own default). */
  poolSize?: number | undefined;
  /** Connect, greeting and idle-socket timeout (default 15 s): a stalled relay must not hold a worker. */
  timeoutMs?: number | undefined;
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

/** The fields nodemailer attaches to its errors (its NodemailerError type is not exported). */
interface NodemailerError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
}

interface ParsedUrl {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'EPROXY', 'EMAXLIMIT']);

/** Builds the SMTP email provider. Never throws for bad configuration: it reports it in status(). */
export function createSmtpProvider(config: SmtpProviderConfig): Provider<EmailMessage, void> {
  const parsed = parseSmtpUrl(config.url);
  if ('reason' in parsed) return unconfiguredProvider('smtp', parsed.reason);
  const from = config.from?.trim();
  if (!from) return unconfiguredProvider('smtp', 'SMTP_FROM is not set');
  const target = parsed;
  const timeout = config.timeoutMs ?? 15_000;
  const secrets = secretVariants(parsed.pass);
  let transport: Transport | undefined;

  function getTransport(): Transport {
    if (transport) return transport;
    transport = nodemailer.createTransport({
      pool: true,
      maxConnections: Math.max(1, config.poolSize ?? 5),
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: target.user ? { user: target.user, pass: target.pass } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: Math.max(timeout, 30_000),
      // A requeue loop would hide a dead relay from the retry schedule; let the engine retry.
      maxRequeues: 0,
    });
    // The pool emits connection failures as events as well; the send callback carries them.
    transport.on('error', () => {});
    return transport;
  }

  return {
    name: 'smtp',
    status: () => CONFIGURED,

    async send(message: EmailMessage): Promise<DeliveryResult> {
      try {
        const info = (await getTransport().sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          replyTo: message.replyTo,
          headers: message.headers,
        })) as { response?: unknown; messageId?: unknown };
        const response = typeof info.response === 'string' ? info.response : undefined;
        return {
          kind: 'delivered',
          statusCode: replyCode(response) ?? 250,
          response: excerpt(scrub(response, secrets)),
          providerMessageId: typeof info.messageId === 'string' ? info.messageId : undefined,
        };
      } catch (err) {
        return mapSmtpError(err as NodemailerError, secrets);
      }
    },

    async check() {
      try {
        await getTransport().verify();
        return { ok: true, detail: `SMTP relay ${target.host}:${target.port} accepted the connection` };
      } catch (err) {
        const result = mapSmtpError(err as NodemailerError, secrets);
        return { ok: false, detail: `SMTP relay ${target.host}:${target.port}: ${result.error}` };
      }
    },

    async close() {
      transport?.close();
      transport = undefined;
    },
  };
}

function mapSmtpError(err: NodemailerError, secrets: string[]): Failure {
  const code = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const message = scrub(err.message, secrets) ?? 'SMTP send failed';
  const response = excerpt(scrub(err.response, secrets));
  if (code !== undefined) {
    // 503 (bad sequence) is a session-state problem, not a verdict on the message: a new
    // connection may take it, which is what nodemailer's own `permanent` flag says too.
    const permanent = code >= 500 && code < 600 && code !== 503;
    return { kind: permanent ? 'permanent' : 'retryable', statusCode: code, error: message, response };
  }
  const errCode = err.code ?? '';
  // Said the way every other provider says it, so the console reads the same for all of them.
  if (errCode === 'ETIMEDOUT') return { kind: 'retryable', error: `timeout: ${message}`, response };
  const connection = CONNECTION_CODES.has(errCode) || /^E(CONN|HOST|NET|PIPE|AI_)/.test(errCode);
  // Anything else without an SMTP answer (no recipients, bad address syntax) fails again.
  return { kind: connection ? 'retryable' : 'permanent', error: errCode ? `${errCode}: ${message}` : message, response };
}

function parseSmtpUrl(value: string | null | undefined): ParsedUrl | { reason: string } {
  if (!value || !value.trim()) return { reason: 'SMTP_URL is not set' };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    // Never echo the value: it carries the password.
    return { reason: 'SMTP_URL is not a valid URL (expected smtp[s]://user:pass@host:port)' };
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return { reason: `SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//` };
  }
  if (!url.hostname) return { reason: 'SMTP_URL has no host' };
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
  };
}

function replyCode(response: string | undefined): number | undefined {
  const match = response ? /^(\d{3})\b/.exec(response) : null;
  return match ? Number(match[1]) : undefined;
}

/** The password in any form it might be echoed back in (raw, URL-encoded, base64 of AUTH PLAIN). */
function secretVariants(pass: string): string[] {
  if (pass.length < 3) return pass ? [pass] : [];
  return [pass, encodeURIComponent(pass), Buffer.from(pass).toString('base64')];
}

function scrub(text: string | undefined, secrets: string[]): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

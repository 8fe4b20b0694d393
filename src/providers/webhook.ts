import { Pool, type Dispatcher } from 'undici';
import { guardedConnector } from '../security/url-guard.js';
import { signWebhook } from '../security/webhook-signature.js';
import { type DeliveryResult, type Provider, CONFIGURED, excerpt, httpFailure, networkFailure } from './provider.js';

export interface WebhookMessage {
  /** Event id: the `webhook-id` header, the same on every retry. */
  id: string;
  body: string;
  headers: Array<{ name: string; value: string }>;
  /** Signing keys (two during a rotation). */
  secrets: string[];
}

export interface WebhookOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Sockets kept per receiver origin (the engine never has more attempts in flight per destination). */
  connectionsPerOrigin?: number;
}

const MAX_RESPONSE_BYTES = 4096;

/**
 * Standard Webhooks sender. One undici Pool per receiver origin (a destination), asked by path:
 * no URL is parsed and no Agent lookup happens per request, and the deadline is undici's own
 * connect/headers/body timeouts rather than an AbortSignal timer per request. The connect-time
 * lookup refuses private addresses so DNS cannot be used to slip past the save-time check.
 */
export function createWebhookProvider(opts: WebhookOptions): Provider<WebhookMessage, string> {
  const pools = new Map<string, Pool>();
  const targets = new Map<string, { origin: string; path: string }>();
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        keepAliveTimeout: 30_000,
        connections: opts.connectionsPerOrigin ?? 64,
        pipelining: 1,
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
        connect: guardedConnector({ timeout: opts.timeoutMs, allowPrivate: opts.allowPrivate }),
      });
      pools.set(origin, pool);
    }
    return pool;
  };
  const target = (url: string) => {
    let t = targets.get(url);
    if (!t) {
      const u = new URL(url);
      t = { origin: u.origin, path: `${u.pathname}${u.search}` };
      if (targets.size > 10_000) targets.clear();
      targets.set(url, t);
    }
    return t;
  };

  return {
    name: 'webhook',
    status: () => CONFIGURED,

    async send(msg, url): Promise<DeliveryResult> {
      const t = target(url);
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {};
      for (const h of msg.headers) headers[h.name] = h.value;
      Object.assign(headers, {
        'content-type': 'application/json',
        'user-agent': 'Herald-Webhooks/1',
        'webhook-id': msg.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(msg.secrets, msg.id, timestamp, msg.body),
      });
      try {
        const res = await poolFor(t.origin).request({ method: 'POST', path: t.path, headers, body: msg.body });
        const text = await readLimited(res.body);
        const status = res.statusCode;
        // Configured header values (secret or not) never come back through an echoing receiver.
        const secrets = msg.headers.map((h) => h.value);
        const response = excerpt(text, secrets);
        if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status, response };
        if (status === 410) return { kind: 'dead-target', statusCode: status, response, error: 'HTTP 410' };
        const error = status >= 300 && status < 400 ? `redirect (${status}) not followed` : `HTTP ${status}`;
        return httpFailure(status, error, response, res.headers['retry-after']);
      } catch (err) {
        return networkFailure(err, opts.timeoutMs);
      }
    },

    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()));
      pools.clear();
    },
  };
}

async function readLimited(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= MAX_RESPONSE_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake } from './loopback-fake.js';

/** One webhook the receiver got, with what a Standard Webhooks verifier made of it. */
export interface WebhookReceived {
  path: string;
  id: string | undefined;
  timestamp: number | undefined;
  body: string;
  headers: IncomingMessage['headers'];
  /** One of the `v1,` signatures matches the receiver's secret. */
  verified: boolean;
  status: number;
  at: number;
}

/** A scripted answer, or 'hang' (read the request, never answer). */
export type WebhookScript = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/**
 * A receiver of Standard Webhooks on loopback: checks `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` against its own secret (verified independently of Herald's signer, so a
 * signing bug fails here rather than cancelling out) and refuses a bad signature with 401, as a
 * well-behaved receiver does.
 */
export class WebhookReceiverFake extends LoopbackFake<WebhookScript, WebhookReceived> {
  /** `secret`: the whsec_ key the receiver verifies with; none → signatures are recorded, not enforced. */
  constructor(private readonly secret?: string) {
    super();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const id = header(req, 'webhook-id');
    const ts = Number(header(req, 'webhook-timestamp'));
    const timestamp = Number.isInteger(ts) ? ts : undefined;
    const verified =
      this.secret !== undefined && id !== undefined && timestamp !== undefined && this.verify(id, timestamp, body, header(req, 'webhook-signature') ?? '');

    const scripted = this.scripted.shift();
    const answer = scripted ?? (this.secret !== undefined && !verified ? { status: 401, body: 'bad signature' } : { status: 200, body: 'ok' });
    this.received.push({
      path: req.url ?? '',
      id,
      timestamp,
      body,
      headers: req.headers,
      verified,
      status: answer === 'hang' ? 0 : answer.status,
      at: Date.now(),
    });
    if (answer === 'hang') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
  }

  private verify(id: string, timestamp: number, body: string, signatures: string): boolean {
    const key = Buffer.from(this.secret!.replace(/^whsec_/, ''), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
    return signatures.split(' ').some((s) => {
      const [version, mac] = s.split(',');
      const got = Buffer.from(mac ?? '', 'base64');
      return version === 'v1' && got.length === expected.length && timingSafeEqual(got, expected);
    });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

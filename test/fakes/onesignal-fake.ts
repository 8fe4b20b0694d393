import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake } from './loopback-fake.js';

export interface OneSignalFakeOptions {
  appId: string;
  apiKey: string;
}

/** One accepted POST /notifications. */
export interface OneSignalReceived {
  body: Record<string, any>;
  /** The same idempotency_key was seen before: OneSignal returned the earlier notification. */
  duplicate: boolean;
  status: number;
  at: number;
}

/** A scripted answer, or 'hang' (never answer). */
export type OneSignalScript = { status: number; errors?: unknown; headers?: Record<string, string> } | 'hang';

/**
 * A local OneSignal REST API (POST /notifications, `Authorization: Key …`) with its habit of
 * answering 200 with `errors` for recipients it does not know, and idempotency_key de-duplication.
 */
export class OneSignalFake extends LoopbackFake<OneSignalScript, OneSignalReceived> {
  /** External ids with no subscribed device: reported under errors.invalid_aliases. */
  readonly unknownExternalIds = new Set<string>();
  /** Subscription ids that are unsubscribed or deleted: reported under errors.invalid_player_ids. */
  readonly invalidSubscriptionIds = new Set<string>();
  private readonly idempotency = new Map<string, string>();

  constructor(private readonly options: OneSignalFakeOptions) {
    super();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };

    if (req.method !== 'POST' || req.url !== '/notifications') return reply(404, { errors: ['Not Found'] });
    if (req.headers.authorization !== `Key ${this.options.apiKey}`) {
      return reply(403, { errors: ["Access denied.  Please include an 'Authorization: Key' header with a valid API key."] });
    }
    let body: Record<string, any>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
    } catch {
      return reply(400, { errors: ['Invalid JSON'] });
    }
    if (body.app_id !== this.options.appId) return reply(400, { errors: ['app_id not found'] });
    if (typeof body.contents?.en !== 'string') return reply(400, { errors: ['Notifications must have English language content'] });
    const aliases = body.include_aliases?.external_id as unknown;
    const subs = body.include_subscription_ids as unknown;
    if ((aliases === undefined) === (subs === undefined)) {
      return reply(400, { errors: ['Use exactly one targeting parameter (include_aliases or include_subscription_ids)'] });
    }
    if (aliases !== undefined && body.target_channel !== 'push') {
      return reply(400, { errors: ['target_channel is required with include_aliases'] });
    }

    const scripted = this.scripted.shift();
    const key = typeof body.idempotency_key === 'string' ? body.idempotency_key : undefined;
    const duplicate = key !== undefined && this.idempotency.has(key);
    const status = scripted === 'hang' ? 0 : (scripted?.status ?? 200);
    this.received.push({ body, duplicate, status, at: Date.now() });
    if (scripted === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (scripted) return reply(scripted.status, { errors: scripted.errors ?? ['Scripted error'] }, scripted.headers);

    const ids = (Array.isArray(aliases) ? aliases : Array.isArray(subs) ? subs : []) as string[];
    const invalid = ids.filter((id) => (aliases ? this.unknownExternalIds : this.invalidSubscriptionIds).has(id));
    const errors = invalid.length === 0 ? undefined : aliases ? { invalid_aliases: { external_id: invalid } } : { invalid_player_ids: invalid };
    // With nobody left to send to, OneSignal creates no notification: id is "".
    const id = invalid.length === ids.length ? '' : (key && this.idempotency.get(key)) || randomUUID();
    if (key && id) this.idempotency.set(key, id);
    reply(200, { id, external_id: null, ...(errors ? { errors } : {}) });
  }
}

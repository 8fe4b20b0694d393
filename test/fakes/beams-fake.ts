import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake } from './loopback-fake.js';

export interface BeamsFakeOptions {
  instanceId: string;
  secretKey: string;
}

/** One accepted publish request. */
export interface BeamsReceived {
  kind: 'users' | 'interests';
  /** `users` or `interests` from the body. */
  targets: string[];
  body: Record<string, unknown> & { apns?: any; fcm?: any; web?: any };
  status: number;
  at: number;
}

/** A scripted answer, or 'hang' (never answer). */
export type BeamsScript = { status: number; error?: string; description?: string; headers?: Record<string, string> } | 'hang';

/**
 * A local Pusher Beams Publish API (/publish_api/v1/instances/<id>/publishes/{users,interests}):
 * Bearer secret check, Beams' validation rules and error shape, a publishId per publish.
 */
export class BeamsFake extends LoopbackFake<BeamsScript, BeamsReceived> {
  constructor(private readonly options: BeamsFakeOptions) {
    super();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const fail = (status: number, error: string, description: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ error, description }));
    };

    const m = /^\/publish_api\/v1\/instances\/([^/]+)\/publishes\/(users|interests)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return fail(404, 'Not Found', 'Not found');
    if (m[1] !== this.options.instanceId) return fail(404, 'Instance not found', `Could not find instance: ${m[1]}`);
    if (req.headers.authorization !== `Bearer ${this.options.secretKey}`) {
      return fail(401, 'Unauthorized', 'Incorrect API Key');
    }
    let body: BeamsReceived['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BeamsReceived['body'];
    } catch {
      return fail(400, 'Bad request', 'Request body must be valid JSON');
    }
    const kind = m[2] as 'users' | 'interests';
    const targets = body[kind];
    if (!Array.isArray(targets) || targets.length === 0 || targets.length > (kind === 'users' ? 1000 : 100)) {
      return fail(400, 'Bad request', `${kind} must be a non-empty array within the limit`);
    }
    if (targets.some((t) => typeof t !== 'string' || t === '' || t.length > 164)) {
      return fail(400, 'Bad request', `each of ${kind} must be a non-empty string of at most 164 characters`);
    }
    if (!body.apns && !body.fcm && !body.web) return fail(400, 'Bad request', 'At least one of apns, fcm or web is required');

    const scripted = this.scripted.shift();
    const status = scripted === 'hang' ? 0 : (scripted?.status ?? 200);
    this.received.push({ kind, targets: targets as string[], body, status, at: Date.now() });
    if (scripted === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (scripted) return fail(scripted.status, scripted.error ?? 'Error', scripted.description ?? 'Scripted error', scripted.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ publishId: `pubid-${randomUUID()}` }));
  }
}

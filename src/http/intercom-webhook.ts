import type { Logger } from 'pino';
import type { NotificationsService } from '../core/notifications.js';
import { verifyIntercomSignature } from '../security/intercom-signature.js';
import { Type } from 'typebox';
import { HeraldError } from '../errors.js';
import { error, errors, ok } from './openapi.js';
import type { App } from './types.js';
import { DEFAULT_WORKSPACE, withWorkspace } from '../store/workspace-scope.js';

interface IntercomPart {
  body?: string | null;
  author?: { type?: string; name?: string };
}
interface IntercomNotification {
  topic?: string;
  id?: string;
  data?: {
    item?: {
      id?: string;
      user?: { user_id?: string | null; id?: string };
      contacts?: { contacts?: Array<{ external_id?: string | null; id?: string }> };
      conversation_parts?: { conversation_parts?: IntercomPart[] };
    };
  };
}

/**
 * Intercom webhooks: the X-Hub-Signature (HMAC-SHA1 of the raw body) is checked before anything
 * is parsed; the answer is 200 at once and the notification is created right after.
 */
export function intercomRoutes(app: App, deps: { clientSecret: string | undefined; notifications: NotificationsService; log: Logger }): void {
  app.register(async (scoped) => {
    // The signature covers the exact bytes, so this route keeps the raw body.
    scoped.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scoped.post(
      '/webhooks/intercom',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Intercom webhook (X-Hub-Signature verified)',
          description:
            'Answers 200 at once and works after. `conversation.admin.replied` → a chat notification to the contact (by external_id) on their devices; ' +
            'other topics are acknowledged and ignored.',
          operationId: 'receiveIntercomWebhook',
          security: [],
          headers: Type.Object({
            'x-hub-signature': Type.Optional(Type.String({ description: '`sha1=` + hex HMAC-SHA1 of the raw body with INTERCOM_CLIENT_SECRET.' })),
          }),
          docBody: {
            contentType: 'application/json',
            description: "Intercom's notification JSON (topic, id, data.item); read only after the signature verifies.",
            schema: Type.Object({ topic: Type.Optional(Type.String()), id: Type.Optional(Type.String()), data: Type.Optional(Type.Object({})) }),
          },
          response: {
            200: ok('Received', 'Verified and accepted.'),
            ...error(401, 'HERALD_BAD_SIGNATURE: X-Hub-Signature does not match.'),
            ...errors(503),
          },
        },
      },
      async (req, reply) => {
        const raw = req.body as Buffer;
        if (!deps.clientSecret) {
          throw new HeraldError('NOT_CONFIGURED', 'INTERCOM_CLIENT_SECRET is not set.');
        }
        const ok = verifyIntercomSignature({ clientSecret: deps.clientSecret, rawBody: raw, header: req.headers['x-hub-signature'] });
        if (!ok) throw new HeraldError('BAD_SIGNATURE', 'The X-Hub-Signature does not match.');
        await reply.status(200).send({ received: true });
        // INTERCOM_CLIENT_SECRET is the instance's: its Intercom workspace is Herald's `default`.
        setImmediate(() => void withWorkspace(DEFAULT_WORKSPACE, () => handle(raw, deps)).catch((err) => deps.log.error({ err }, 'intercom webhook failed')));
        return reply;
      },
    );
  });
}

async function handle(raw: Buffer, deps: { notifications: NotificationsService; log: Logger }): Promise<void> {
  let event: IntercomNotification;
  try {
    event = JSON.parse(raw.toString('utf8')) as IntercomNotification;
  } catch {
    deps.log.warn('intercom webhook body is not JSON');
    return;
  }
  if (event.topic !== 'conversation.admin.replied') return;
  const item = event.data?.item;
  const customerId = item?.contacts?.contacts?.find((c) => c.external_id)?.external_id ?? item?.user?.user_id;
  if (!item?.id || !customerId) {
    deps.log.info({ topic: event.topic }, 'intercom reply without an external user id; nobody to notify');
    return;
  }
  const parts = item.conversation_parts?.conversation_parts ?? [];
  const last = parts[parts.length - 1];
  await deps.notifications.create({
    recipientType: 'customer',
    recipientId: customerId,
    category: 'chat',
    body: last?.body ? stripHtml(last.body) : 'New message from operator',
    data: { conversationId: item.id, source: 'intercom' },
    // Intercom retries deliveries; its notification id makes the retry harmless.
    ...(event.id && { idempotencyKey: `intercom:${event.id}` }),
  });
}

function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

import { Type } from 'typebox';
import type { EmailSettingsStore } from '../channels/email-sms/email-settings-store.js';
import { receiveEmail, stripQuoted } from '../channels/email-sms/inbound.js';
import { sessionFromReplyAddress } from '../channels/email-sms/reply-address.js';
import { HeraldError } from '../errors.js';
import type { Services } from '../services.js';
import { errors, ok } from './openapi.js';
import type { App } from './types.js';

export interface EmailInboundDeps {
  services: Pick<Services, 'customers' | 'messages' | 'sessions' | 'store'>;
  settings: EmailSettingsStore;
}

const Addresses = Type.Union([Type.String({ maxLength: 10_000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 })]);
const Body = Type.String({ maxLength: 200_000 });

/**
 * Emailed replies: an inbound-mail service (Postmark, Mailgun routes, SendGrid Inbound Parse via
 * a small relay, a Cloudflare Email Worker …) POSTs each mail for the reply domain here as JSON:
 * `{to, from, text}`, or Postmark's own `{OriginalRecipient|To, From, StrippedTextReply|TextBody}`.
 * The signed reply address is the credential: it only exists in an email Herald sent that customer.
 */
export function emailInboundRoutes(app: App, deps: EmailInboundDeps): void {
  app.post(
    '/webhooks/email/inbound',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'An emailed reply to a conversation (reply+<session>.<mac>@<replyDomain>)',
        operationId: 'receiveInboundEmail',
        security: [],
        response: { 201: ok('InboundResult', 'Stored as a user message.'), ...errors(403, 503) },
        description:
          'Point your inbound-mail service for the reply domain (PUT /api/settings/email {replyDomain}) here. JSON {to, from, text} ' +
          "or Postmark's inbound JSON. The signed reply address authenticates the mail; the sender must be the customer's address " +
          'when one is on file. Quoted text is cut. 201 {sessionId, messageId, customerId}; 403 for an unknown or forged address.',
        body: Type.Object({
          to: Type.Optional(Addresses),
          from: Type.Optional(Type.String({ maxLength: 1000 })),
          text: Type.Optional(Body),
          To: Type.Optional(Type.String({ maxLength: 10_000 })),
          OriginalRecipient: Type.Optional(Type.String({ maxLength: 1000 })),
          From: Type.Optional(Type.String({ maxLength: 1000 })),
          TextBody: Type.Optional(Body),
          StrippedTextReply: Type.Optional(Body),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const recipients = [b.to ?? [], b.OriginalRecipient ?? [], b.To ?? []].flat();
      const key = await deps.settings.replyKey().catch(() => {
        throw new HeraldError('NOT_READY', 'Reply addresses cannot be verified: the stored key does not match HERALD_SECRET_KEY.');
      });
      const sessionId = sessionFromReplyAddress(key, recipients);
      if (!sessionId) throw new HeraldError('FORBIDDEN', 'No recipient is a valid reply address of this Herald.');
      const from = addressOf(b.from ?? b.From ?? '');
      const text = stripQuoted(b.StrippedTextReply ?? b.text ?? b.TextBody ?? '');
      if (!text) throw new HeraldError('VALIDATION', 'The reply has no text above the quoted message.');
      const r = await receiveEmail(deps.services, sessionId, from, text.slice(0, 20_000));
      return reply.status(201).send(r);
    },
  );
}

/** `Ann <ann@example.com>` → `ann@example.com`. */
function addressOf(value: string): string {
  const m = /<([^>]+)>/.exec(value);
  return (m ? m[1]! : value).trim();
}

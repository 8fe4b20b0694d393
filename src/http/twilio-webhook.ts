import type { Logger } from 'pino';
import { receiveSms } from '../channels/email-sms/inbound.js';
import { HeraldError } from '../errors.js';
import { verifyTwilioSignature } from '../security/twilio-signature.js';
import type { Services } from '../services.js';
import { Type } from 'typebox';
import { errors, text } from './openapi.js';
import type { App } from './types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type WorkspaceId, trustedWorkspaceId } from '../store/workspace-scope.js';

export interface TwilioWebhookDeps {
  services: Pick<Services, 'config' | 'customers' | 'messages' | 'sessions' | 'store'>;
  /** TWILIO_AUTH_TOKEN; unset → nothing can be verified, so every request is refused. */
  authToken: string | undefined;
  /** The auth token of a workspace's own Twilio account (undefined: none, or no such workspace). */
  workspaceAuthToken: (workspace: WorkspaceId) => Promise<string | undefined>;
  workspaceExists: (workspace: string) => Promise<boolean>;
  log: Logger;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Two-way texting: Twilio POSTs each text our number receives (form-encoded). The signature is
 * checked against HERALD_PUBLIC_URL + the path Twilio called, because behind a proxy the socket
 * address is not the URL Twilio signed. Nothing is read or written before it verifies.
 */
export function twilioWebhookRoutes(app: App, deps: TwilioWebhookDeps): void {
  const path = '/webhooks/twilio/sms';
  // A workspace with its own Twilio account points its number at /webhooks/twilio/sms/<workspace>:
  // the text is verified with that account's token and belongs to that workspace.
  const receive = async (req: FastifyRequest, reply: FastifyReply, workspace: WorkspaceId | undefined) => {
    if (typeof req.body !== 'string') {
      throw new HeraldError('UNSUPPORTED_MEDIA_TYPE', 'Twilio webhooks are application/x-www-form-urlencoded.');
    }
    const params = formParams(req.body);
    const signature = req.headers['x-twilio-signature'];
    const url = deps.services.config.publicUrl + req.url;
    const authToken = workspace ? await deps.workspaceAuthToken(workspace) : deps.authToken;
    const valid = verifyTwilioSignature({ authToken: authToken ?? '', url, params, signature: typeof signature === 'string' ? signature : undefined });
    if (!valid) {
      const whose = workspace ? "the workspace's Twilio auth token" : 'TWILIO_AUTH_TOKEN';
      throw new HeraldError('FORBIDDEN', `X-Twilio-Signature does not match this request; check ${whose} and HERALD_PUBLIC_URL.`);
    }
    const from = first(params.From);
    const text = messageText(params);
    if (from && text) {
      const r = await receiveSms(deps.services, from, text, first(params.MessageSid), workspace);
      if (r) deps.log.info({ sessionId: r.sessionId, messageId: r.messageId }, 'inbound SMS stored');
      else deps.log.info('inbound SMS redelivered by Twilio; already stored');
    }
    return reply.type('text/xml; charset=utf-8').send(EMPTY_TWIML);
  };
  // Encapsulated: the form parser exists for this route only; the rest of the API stays JSON.
  app.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scoped.post(
      path,
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Inbound SMS from Twilio (X-Twilio-Signature verified)',
          operationId: 'receiveTwilioSms',
          security: [],
          headers: Type.Object({ 'x-twilio-signature': Type.Optional(Type.String({ description: "Twilio's request signature." })) }),
          docBody: {
            contentType: 'application/x-www-form-urlencoded',
            description: "Twilio's message webhook parameters (From, Body, MessageSid, NumMedia, MediaUrl0…).",
            schema: Type.Object({
              From: Type.String(),
              Body: Type.Optional(Type.String()),
              MessageSid: Type.Optional(Type.String()),
              NumMedia: Type.Optional(Type.String()),
            }),
          },
          response: { 200: text('text/xml', 'Empty TwiML: `<Response/>`.'), ...errors(403) },
          description:
            'Set this URL (HERALD_PUBLIC_URL + /webhooks/twilio/sms) as the number\'s "A message comes in" webhook. The text becomes a user ' +
            "message in the customer's SMS session (customer found by phone, created if unknown); answers empty TwiML. 403 on a bad signature.",
        },
      },
      async (req, reply) => receive(req, reply, undefined),
    );
    scoped.post(
      `${path}/:workspace`,
      {
        schema: {
          tags: ['webhooks'],
          summary: "Inbound SMS to a workspace's own Twilio number (X-Twilio-Signature verified with its token)",
          operationId: 'receiveWorkspaceTwilioSms',
          security: [],
          params: Type.Object({ workspace: Type.String({ maxLength: 64 }) }),
          headers: Type.Object({ 'x-twilio-signature': Type.Optional(Type.String({ description: "Twilio's request signature." })) }),
          docBody: {
            contentType: 'application/x-www-form-urlencoded',
            description: "Twilio's message webhook parameters (From, Body, MessageSid, NumMedia, MediaUrl0…).",
            schema: Type.Object({ From: Type.String(), Body: Type.Optional(Type.String()), MessageSid: Type.Optional(Type.String()) }),
          },
          response: { 200: text('text/xml', 'Empty TwiML: `<Response/>`.'), ...errors(403) },
          description:
            "For a workspace that stored its own Twilio account: set HERALD_PUBLIC_URL + /webhooks/twilio/sms/<workspace id> as its number's " +
            '"A message comes in" webhook. Verified with that account\'s auth token; the text becomes a user message of that workspace\'s ' +
            'customer with that phone (created if unknown). 403 on a bad signature or an unknown workspace.',
        },
      },
      async (req, reply) => {
        const { workspace } = req.params as { workspace: string };
        // An unknown workspace has no token: refused like a bad signature, before anything is read.
        if (!(await deps.workspaceExists(workspace))) throw new HeraldError('FORBIDDEN', 'X-Twilio-Signature does not match this request.');
        return receive(req, reply, trustedWorkspaceId(workspace));
      },
    );
  });
}

function formParams(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The text, plus the links of any pictures (MMS), so nothing the customer sent is lost. */
function messageText(params: Record<string, string | string[]>): string {
  const parts = [first(params.Body)?.trim() ?? ''];
  const media = Number(first(params.NumMedia) ?? 0);
  for (let i = 0; i < Math.min(media, 10); i++) {
    const url = first(params[`MediaUrl${i}`]);
    if (url) parts.push(`[attachment] ${url}`);
  }
  return parts.filter(Boolean).join('\n');
}

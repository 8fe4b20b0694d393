import { Type } from 'typebox';
import { deliveryDto } from '../engine/deliveries.js';
import { MANAGER_ROLES } from '../core/principal.js';
import { assertTemplate, type EmailSettingsStore } from '../channels/email-sms/email-settings-store.js';
import { EMAIL_KINDS, MERGE_FIELDS, renderDigest, renderTemplate, type EmailKind, type EmailTemplate } from '../channels/email-sms/email-templates.js';
import { HeraldError } from '../errors.js';
import type { ProviderStatus } from '../providers/provider.js';
import type { Services } from '../services.js';
import { guard, who } from './auth.js';
import { errors, ok } from './openapi.js';
import { Nullable, Strict } from './schemas.js';
import type { App } from './types.js';

export interface EmailSettingsDeps {
  services: Pick<Services, 'config' | 'deliveries' | 'events'>;
  settings: EmailSettingsStore;
  /** The relays of the request's workspace. */
  /** The request's workspace's relays. */
  emailStatus(): Promise<ProviderStatus>;
  smsStatus(): Promise<ProviderStatus>;
  smtpFrom(): Promise<string | undefined>;
  twilioFrom(): Promise<string | undefined>;
  /** Telegram of the request's workspace (its push providers). */
  telegramStatus(): Promise<{ configured: boolean; botUsername: string | null }>;
  /** The digest schedule changed: the scheduler of this process follows at once. */
  onEmailSettingsChanged(): void;
}

const managers = guard({ server: true, roles: MANAGER_ROLES });
const NameParams = Strict({ name: Type.String({ minLength: 1, maxLength: 64 }) });
const Part = (max: number) => Type.String({ minLength: 1, maxLength: max });
const TemplateBody = Strict({ subject: Type.Optional(Part(500)), text: Type.Optional(Part(50_000)), html: Type.Optional(Part(200_000)) });

const SAMPLE = {
  recipient_name: 'Alex',
  sender_name: 'Jamie Doe',
  sender_profile_image: '',
  message: 'Hello! My order #1042 has not arrived yet.\nCould you check, please?',
  attachments: '',
  conversation_link: 'https://example.com/sessions/ses_sample',
  conversation_id: 'ses_sample',
};

function kindOf(name: string): EmailKind {
  if (!(EMAIL_KINDS as readonly string[]).includes(name)) {
    throw new HeraldError('NOT_FOUND', `There is no email template "${name}"; there are ${EMAIL_KINDS.join(', ')}.`);
  }
  return name as EmailKind;
}

/** Email templates, delivery mode (immediate or digest), SMS sender name, a test email, channel status. */
export function emailSettingsRoutes(app: App, deps: EmailSettingsDeps): void {
  const { settings, services } = deps;
  const tags = ['settings'];

  app.get(
    '/api/settings/email-templates',
    {
      schema: { tags, summary: 'List email templates and merge fields', operationId: 'listEmailTemplates', response: { 200: ok('EmailTemplateList') } },
      preHandler: managers,
    },
    async () => ({
      items: Object.values(await settings.templates()),
      mergeFields: [...MERGE_FIELDS],
    }),
  );
  app.get(
    '/api/settings/email-templates/:name',
    {
      schema: {
        tags,
        summary: 'Get an email template',
        operationId: 'getEmailTemplate',
        params: NameParams,
        response: { 200: ok('EmailTemplate'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req) => settings.template(kindOf(req.params.name)),
  );
  app.put(
    '/api/settings/email-templates/:name',
    {
      schema: {
        tags,
        summary: 'Change an email template (any of subject, text, html)',
        operationId: 'updateEmailTemplate',
        params: NameParams,
        body: TemplateBody,
        response: { 200: ok('EmailTemplate'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req) => settings.updateTemplate(kindOf(req.params.name), req.body),
  );
  app.delete(
    '/api/settings/email-templates/:name',
    {
      schema: {
        tags,
        summary: "Reset an email template to Herald's default",
        operationId: 'resetEmailTemplate',
        params: NameParams,
        response: { 200: ok('EmailTemplate', 'The default template, now in use.'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req) => settings.resetTemplate(kindOf(req.params.name)),
  );
  app.post(
    '/api/settings/email-templates/:name/preview',
    {
      schema: {
        tags,
        summary: 'Render a template (or a draft of it) with sample values',
        operationId: 'previewEmailTemplate',
        params: NameParams,
        body: Type.Optional(TemplateBody),
        response: { 200: ok('RenderedEmail'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req) => {
      const kind = kindOf(req.params.name);
      const current = await settings.template(kind);
      const draft: EmailTemplate = {
        subject: req.body?.subject ?? current.subject,
        text: req.body?.text ?? current.text,
        html: req.body?.html ?? current.html,
      };
      assertTemplate(draft);
      if (kind !== 'digest') return renderTemplate(draft, SAMPLE);
      const t = Date.now();
      return renderDigest(draft, {
        ...SAMPLE,
        messages: [
          { sender: 'Jamie Doe', time: t - 600_000, text: SAMPLE.message },
          { sender: 'Support bot', time: t - 590_000, text: 'Let me check that for you.' },
          { sender: 'Alex', time: t - 60_000, text: 'It left our warehouse today; tracking follows by email.' },
        ],
      });
    },
  );

  app.get(
    '/api/settings/email',
    {
      schema: { tags, summary: 'Email delivery settings', operationId: 'getEmailSettings', response: { 200: ok('EmailSettings') } },
      preHandler: managers,
    },
    async () => settings.emailSettings(),
  );
  app.put(
    '/api/settings/email',
    {
      schema: {
        tags,
        summary: 'Change email delivery settings (immediate or digest, reply domain …)',
        operationId: 'updateEmailSettings',
        response: { 200: ok('EmailSettings') },
        body: Strict({
          delivery: Type.Optional(Type.Union([Type.Literal('immediate'), Type.Literal('digest')])),
          digestSchedule: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          digestTimezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          replyDomain: Type.Optional(
            Nullable(Type.String({ maxLength: 253, pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$' })),
          ),
          customerLink: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
        }),
      },
      preHandler: managers,
    },
    async (req) => {
      const next = await settings.updateEmailSettings(req.body);
      deps.onEmailSettingsChanged();
      return next;
    },
  );

  app.get(
    '/api/settings/sms',
    {
      schema: { tags, summary: 'SMS settings', operationId: 'getSmsSettings', response: { 200: ok('SmsSettings') } },
      preHandler: managers,
    },
    async () => settings.smsSettings(),
  );
  app.put(
    '/api/settings/sms',
    {
      schema: {
        tags,
        summary: 'Change SMS settings (alphanumeric sender name)',
        operationId: 'updateSmsSettings',
        body: Strict({ senderName: Type.Optional(Nullable(Type.String({ maxLength: 11 }))) }),
        response: { 200: ok('SmsSettings') },
      },
      preHandler: managers,
    },
    async (req) => settings.updateSmsSettings(req.body),
  );

  // Through the engine like any email; waits briefly to tell what the relay said (whichever
  // process does the sending).
  app.post(
    '/api/settings/email/test',
    {
      schema: {
        tags,
        summary: 'Send a test email and wait for the relay to answer',
        operationId: 'sendTestEmail',
        body: Strict({ to: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' }) }),
        response: { 200: ok('TestSendResult', 'Sent (or still pending when `delivery` is null).'), ...errors(422) },
      },
      preHandler: managers,
    },
    async (req) => {
      const p = who(req);
      // Nothing to try without a relay: say so, and record no delivery that could never be sent.
      const status = await deps.emailStatus();
      if (!status.configured) throw new HeraldError('UNPROCESSABLE', `The test email was not sent: ${status.reason}.`);
      const event = await services.events.raise('email.test', {
        author: { type: 'system' },
        to: req.body.to,
        requestedBy: p.kind === 'operator' ? p.operatorId : 'server',
      });
      const row = await services.deliveries.outcome(event.id, 20_000);
      if (row && ['failed', 'skipped', 'cancelled'].includes(row.status)) {
        throw new HeraldError(
          'UNPROCESSABLE',
          `The test email was not sent (${row.status}): ${row.last_error ?? row.reason ?? 'unknown reason'}. Delivery ${row.id}.`,
        );
      }
      return { eventId: event.id, delivery: row ? deliveryDto(row) : null };
    },
  );

  app.get(
    '/api/settings/channels',
    {
      schema: { tags, summary: 'Which of Telegram, SMS and email are configured', operationId: 'getChannelsStatus', response: { 200: ok('ChannelsStatus') } },
      preHandler: managers,
    },
    async () => {
      return {
        telegram: await deps.telegramStatus(),
        sms: { configured: (await deps.smsStatus()).configured, from: (await deps.twilioFrom()) ?? null },
        email: { configured: (await deps.emailStatus()).configured, from: (await deps.smtpFrom()) ?? null },
      };
    },
  );
}

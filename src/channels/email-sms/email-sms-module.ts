import { emailInboundRoutes } from '../../http/email-inbound.js';
import { emailSettingsRoutes } from '../../http/email-settings.js';
import { twilioWebhookRoutes } from '../../http/twilio-webhook.js';
import { createSmtpProvider } from '../../providers/smtp.js';
import { createSmtpFailover, smtpLabel } from '../../providers/smtp-failover.js';
import { createTwilioProvider } from '../../providers/twilio.js';
import { telegramSummary } from '../../providers/provider-fields.js';
import { type Provider, type SmsMessage, unconfiguredProvider } from '../../providers/provider.js';
import { assertOutgoingUrlStatic, guardedAgent } from '../../security/url-guard.js';
import type { ModuleFactory } from '../module.js';
import { DigestScheduler } from './digest-scheduler.js';
import { SettingsStore } from '../../core/settings.js';
import { EmailSettingsStore } from './email-settings-store.js';
import { emailSmsStage } from './email-sms-stage.js';
import { emailSender, smsSender } from './senders.js';
import { DEFAULT_WORKSPACE, currentWorkspace } from '../../store/workspace-scope.js';

/**
 * Email (SMTP) and SMS (Twilio) notifications: operators hear of customer messages, customers of
 * operator replies while they are away; digest mode; two-way texting and emailed replies.
 */
export const emailSmsModule: ModuleFactory<'box' | 'bus' | 'config' | 'customers' | 'deliveries' | 'events' | 'messages' | 'sessions' | 'store'> = async (
  services,
  log,
) => {
  const { smtp, twilio } = services.config.providers;
  const primary = createSmtpProvider({ url: smtp.url, from: smtp.from });
  const email =
    smtp.url && smtp.fallbackUrl
      ? createSmtpFailover(
          { provider: primary, label: smtpLabel(smtp.url) },
          { provider: createSmtpProvider({ url: smtp.fallbackUrl, from: smtp.from }), label: smtpLabel(smtp.fallbackUrl) },
          { failureThreshold: services.config.circuitFailures, probeIntervalMs: services.config.circuitProbeS * 1000 },
        )
      : primary;
  // TWILIO_API_BASE passes the outgoing-URL guard at start (no DNS) and on every connection.
  const smsDispatcher = guardedAgent({ keepAliveTimeout: 30_000, allowPrivate: services.config.allowPrivateWebhooks });
  let sms: Provider<SmsMessage, void> = createTwilioProvider({ ...twilio, timeoutMs: services.config.webhookTimeoutMs, dispatcher: smsDispatcher });
  try {
    assertOutgoingUrlStatic(twilio.apiBase, services.config.allowPrivateWebhooks, 'TWILIO_API_BASE');
  } catch (err) {
    const reason = `disabled: ${(err as Error).message}`;
    log.warn({ provider: 'twilio' }, `twilio ${reason}`);
    sms = unconfiguredProvider('twilio', reason);
  }
  for (const p of [email, sms]) {
    const status = p.status();
    if (!status.configured) log.info({ provider: p.name }, `${p.name} is not configured: ${status.reason}; nothing is sent over it`);
  }
  // The environment's relays are workspace default's, and every workspace's with
  // HERALD_SHARE_ENV_PROVIDERS; elsewhere nothing is configured (a workspace cannot store its own
  // SMTP or Twilio credentials yet), and its emails and texts are skipped with the usual reason.
  const share = services.config.shareEnvProviders;
  const mine = (ws: string | undefined) => ws === undefined || ws === DEFAULT_WORKSPACE || share;
  const noEmail = createSmtpProvider({ url: undefined, from: undefined });
  const noSms = createTwilioProvider({
    accountSid: undefined,
    authToken: undefined,
    from: undefined,
    apiBase: twilio.apiBase,
    timeoutMs: 0,
    dispatcher: smsDispatcher,
  });
  const emailOf = (ws: string | undefined) => (mine(ws) ? email : noEmail);
  const smsOf = (ws: string | undefined) => (mine(ws) ? sms : noSms);
  const here = {
    emailStatus: () => emailOf(currentWorkspace()).status(),
    smsStatus: () => smsOf(currentWorkspace()).status(),
    smtpFrom: () => (mine(currentWorkspace()) ? smtp.from : undefined),
    twilioFrom: () => (mine(currentWorkspace()) ? twilio.from : undefined),
    telegramStatus: () =>
      telegramSummary(
        { settings: new SettingsStore(services.store.db), config: services.config.providers, envSet: services.config.envSet, shareEnv: share },
        currentWorkspace() ?? DEFAULT_WORKSPACE,
      ),
  };
  const settings = new EmailSettingsStore(new SettingsStore(services.store.db), services.box);
  // Made (or read) now, outside any transaction, so a rolled-back batch can never lose a key already used.
  await settings
    .replyKey()
    .catch((err: unknown) =>
      log.error(
        { err },
        'the stored reply-address key cannot be decrypted (HERALD_SECRET_KEY differs from the one that stored it); emails go out without a reply address',
      ),
    );
  const scheduler = new DigestScheduler({
    db: services.store.db,
    settings,
    log,
    async run(slot) {
      await services.events.raise('email.digest', { slot });
    },
  });
  return {
    name: 'email-sms',
    stages: [
      emailSmsStage({
        bus: services.bus,
        publicUrl: services.config.publicUrl,
        graceMs: services.config.botGraceS * 1000,
        settings,
        emailStatus: here.emailStatus,
        smsStatus: here.smsStatus,
        instanceEmailStatus: () => email.status(),
      }),
    ],
    senders: { email: emailSender(emailOf, email, { store: services.store, bus: services.bus, box: services.box }), sms: smsSender(smsOf) },
    routes(app) {
      emailSettingsRoutes(app, {
        services,
        settings,
        ...here,
        onEmailSettingsChanged: () => scheduler.reload(),
      });
      twilioWebhookRoutes(app, { services, authToken: twilio.authToken, log });
      emailInboundRoutes(app, { services, settings });
    },
    start: () => scheduler.start(),
    async stop() {
      await scheduler.stop();
      await email.close();
      await sms.close();
      await noEmail.close();
      await noSms.close();
      await smsDispatcher.close();
    },
  };
};

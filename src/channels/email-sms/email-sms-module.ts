import { emailInboundRoutes } from '../../http/email-inbound.js';
import { emailSettingsRoutes } from '../../http/email-settings.js';
import { relaySettingsRoutes } from '../../http/relay-settings.js';
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
import { DEFAULT_WORKSPACE, asSystem, currentWorkspace, trustedWorkspaceId } from '../../store/workspace-scope.js';
import { WorkspaceRelays } from './workspace-relays.js';

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
  // HERALD_SHARE_ENV_PROVIDERS; a workspace may store its own (workspace-relays.ts).
  const share = services.config.shareEnvProviders;
  const relays = new WorkspaceRelays({
    settings: new SettingsStore(services.store.db),
    box: services.box,
    bus: services.bus,
    log,
    config: services.config.providers,
    envSet: services.config.envSet,
    shareEnv: share,
    allowPrivate: services.config.allowPrivateWebhooks,
    timeoutMs: services.config.webhookTimeoutMs,
    dispatcher: smsDispatcher,
    instance: { smtp: email, twilio: sms },
  });
  const here = () => currentWorkspace() ?? DEFAULT_WORKSPACE;
  // Planning reads the relays' status synchronously: the stage builds them first (in its transaction).
  const notLoaded = { configured: false as const, reason: 'its relays are not loaded' };
  const emailOf = async (ws: string) => (await relays.of(trustedWorkspaceId(ws))).smtp.provider;
  const smsOf = async (ws: string) => (await relays.of(trustedWorkspaceId(ws))).twilio.provider;
  const routeDeps = {
    emailStatus: async () => (await relays.of(here())).smtp.provider.status(),
    smsStatus: async () => (await relays.of(here())).twilio.provider.status(),
    smtpFrom: async () => (await relays.of(here())).smtp.from,
    twilioFrom: async () => (await relays.of(here())).twilio.from,
    telegramStatus: () =>
      telegramSummary(
        { settings: new SettingsStore(services.store.db), config: services.config.providers, envSet: services.config.envSet, shareEnv: share },
        here(),
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
        prepare: async (tx) => void (await relays.of(here(), tx)),
        emailStatus: () => relays.built(here())?.smtp.provider.status() ?? notLoaded,
        smsStatus: () => relays.built(here())?.twilio.provider.status() ?? notLoaded,
        instanceEmailStatus: () => email.status(),
      }),
    ],
    senders: { email: emailSender(emailOf, email, { store: services.store, bus: services.bus, box: services.box }), sms: smsSender(smsOf) },
    routes(app) {
      emailSettingsRoutes(app, {
        services,
        settings,
        ...routeDeps,
        onEmailSettingsChanged: () => scheduler.reload(),
      });
      relaySettingsRoutes(app, { relays });
      twilioWebhookRoutes(app, {
        services,
        authToken: twilio.authToken,
        workspaceAuthToken: (ws) => relays.twilioAuthToken(ws),
        workspaceExists: async (ws) =>
          !!(await asSystem(() => services.store.db.selectFrom('workspaces').select('id').where('id', '=', ws).executeTakeFirst())),
        log,
      });
      emailInboundRoutes(app, { services, settings });
    },
    start: () => scheduler.start(),
    async stop() {
      await scheduler.stop();
      await relays.closeAll();
      await email.close();
      await sms.close();
      await smsDispatcher.close();
    },
  };
};

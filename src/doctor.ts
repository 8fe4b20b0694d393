/**
 * `herald doctor`: one line per provider of every workspace — configured? reachable? — without
 * sending anything. Each workspace's providers are built the way the server builds them (its
 * stored settings, the environment where it may use it), so a workspace's broken relay or bot shows
 * up here under its id, not only in its deliveries.
 */
import type { Config } from './config.js';
import { createMemoryBus } from './bus/memory-bus.js';
import { WorkspaceRelays } from './channels/email-sms/workspace-relays.js';
import { SettingsStore } from './core/settings.js';
import { createLogger } from './logger.js';
import type { Provider } from './providers/provider.js';
import { createSmtpProvider } from './providers/smtp.js';
import { createTwilioProvider } from './providers/twilio.js';
import { loadVapidKeys } from './providers/vapid.js';
import { WorkspaceProviders } from './providers/workspace-providers.js';
import { loadOrCreateKeyFile } from './security/keys.js';
import { OidcLogin } from './security/oidc.js';
import { SecretBox } from './security/secret-box.js';
import { guardedAgent } from './security/url-guard.js';
import { createDb } from './store/db.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, trustedWorkspaceId } from './store/workspace-scope.js';

const PUSH = ['fcm', 'apns', 'webpush', 'telegram', 'beams', 'onesignal'] as const;
type Checked = Provider<unknown, unknown>;

export async function doctor(config: Readonly<Config>, print: (line: string) => void): Promise<boolean> {
  const store = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, prepared: config.databasePrepared });
  let healthy = true;
  const line = (name: string, workspace: string, ok: boolean | undefined, detail: string) => {
    if (ok === false) healthy = false;
    print(`${name.padEnd(13)} ${workspace} ${ok === undefined ? 'skipped  ' : ok ? 'ok       ' : 'FAILING  '} ${detail}`);
  };
  const check = async (name: string, workspace: string, provider: Checked) => {
    const status = provider.status();
    if (!status.configured) return line(name, workspace, undefined, status.reason);
    const result = provider.check
      ? await provider.check().catch((err: Error) => ({ ok: false, detail: err.message }))
      : { ok: true, detail: 'configured (no reachability check)' };
    line(name, workspace, result.ok, result.detail);
  };
  try {
    await store.migrate();
    print(`database   ok        ${store.caps.dialect}`);
    const box = new SecretBox(config.secretKey ?? loadOrCreateKeyFile(config.dataDir, 'secret.key', 32));
    const vapid = await loadVapidKeys({ dataDir: config.dataDir, ...config.providers.vapid });
    const settings = new SettingsStore(store.db);
    const bus = createMemoryBus(60_000);
    const log = createLogger('silent');
    const timeoutMs = Math.min(config.webhookTimeoutMs, 5000);
    const shared = { settings, box, bus, log, envSet: config.envSet, shareEnv: config.shareEnvProviders, allowPrivate: config.allowPrivateWebhooks };
    const push = new WorkspaceProviders({ ...shared, config: config.providers, vapid, timeoutMs });
    // The environment's relays are default's (and, with sharing, every workspace's that stored none).
    const { smtp, twilio } = config.providers;
    const twilioDispatcher = guardedAgent({ allowPrivate: config.allowPrivateWebhooks });
    const instance = {
      smtp: createSmtpProvider({ url: smtp.url, from: smtp.from }),
      twilio: createTwilioProvider({ ...twilio, timeoutMs: 5000, dispatcher: twilioDispatcher }),
    };
    // SMTP_FALLBACK_URL (CONTRACT §13): checked on its own line, so a dead fallback is not hidden by a live primary.
    const fallback = smtp.fallbackUrl ? createSmtpProvider({ url: smtp.fallbackUrl, from: smtp.from }) : undefined;
    const relays = new WorkspaceRelays({ ...shared, config: config.providers, timeoutMs, dispatcher: twilioDispatcher, instance });
    try {
      const workspaces = await workspacesOf(store.db);
      const width = Math.max(...workspaces.map((w) => w.length));
      for (const ws of workspaces) {
        const label = ws.padEnd(width);
        const registry = await push.of(ws);
        for (const name of PUSH) await check(name, label, registry.get(name)!);
        const own = await relays.of(ws);
        await check('smtp', label, own.smtp.provider);
        if (fallback && !own.smtp.own) await check('smtp-fallback', label, fallback);
        await check('twilio', label, own.twilio.provider);
      }
    } finally {
      await Promise.all([push.closeAll(), relays.closeAll(), instance.smtp.close(), instance.twilio.close(), fallback?.close()]);
      await twilioDispatcher.close();
      await bus.close();
    }
    // Single sign-on (CONTRACT §14): discovery only, no sign-in is attempted.
    if (config.oidc) {
      const check = await new OidcLogin(config.oidc, config.publicUrl, box).check();
      if (!check.ok) healthy = false;
      print(`${'oidc'.padEnd(13)} ${check.ok ? 'ok       ' : 'FAILING  '} ${check.detail}`);
    } else {
      print(`${'oidc'.padEnd(13)} skipped   HERALD_OIDC_ISSUER is not set`);
    }
  } finally {
    await store.close();
  }
  return healthy;
}

/** Every workspace, `default` first (it exists before the first start has recorded it). */
async function workspacesOf(db: ReturnType<typeof createDb>['db']): Promise<WorkspaceId[]> {
  const rows = await db.selectFrom('workspaces').select('id').where('id', '!=', DEFAULT_WORKSPACE).orderBy('created_at').orderBy('id').execute();
  return [DEFAULT_WORKSPACE, ...rows.map((r) => trustedWorkspaceId(r.id))];
}

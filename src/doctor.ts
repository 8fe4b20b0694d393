/**
 * `herald doctor`: one line per provider — configured? reachable? — without sending anything.
 */
import type { Config } from './config.js';
import { SettingsStore } from './core/settings.js';
import { createLogger } from './logger.js';
import type { Provider } from './providers/provider.js';
import { ProviderRegistry } from './providers/registry.js';
import { createSmtpProvider } from './providers/smtp.js';
import { createTwilioProvider } from './providers/twilio.js';
import { loadVapidKeys } from './providers/vapid.js';
import { loadOrCreateKeyFile } from './security/keys.js';
import { OidcLogin } from './security/oidc.js';
import { SecretBox } from './security/secret-box.js';
import { guardedAgent } from './security/url-guard.js';
import { createDb } from './store/db.js';
import { DEFAULT_WORKSPACE, withWorkspace } from './store/workspace-scope.js';

export async function doctor(config: Readonly<Config>, print: (line: string) => void): Promise<boolean> {
  const store = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, prepared: config.databasePrepared });
  let healthy = true;
  try {
    await store.migrate();
    print(`database   ok        ${store.caps.dialect}`);
    const box = new SecretBox(config.secretKey ?? loadOrCreateKeyFile(config.dataDir, 'secret.key', 32));
    const vapid = await loadVapidKeys({ dataDir: config.dataDir, ...config.providers.vapid });
    // Workspace default's providers: the ones the environment configures.
    const providerPool = guardedAgent({ keepAliveTimeout: 5_000, allowPrivate: config.allowPrivateWebhooks });
    const registry = new ProviderRegistry({
      workspace: DEFAULT_WORKSPACE,
      env: 'own',
      dispatcher: providerPool,
      config: config.providers,
      envSet: config.envSet,
      settings: new SettingsStore(store.db),
      box,
      vapid,
      timeoutMs: Math.min(config.webhookTimeoutMs, 5000),
      log: createLogger('silent'),
      allowPrivate: config.allowPrivateWebhooks,
    });
    // The instance's providers: what workspace default has stored, under the environment.
    await withWorkspace(DEFAULT_WORKSPACE, () => registry.init());
    const twilioDispatcher = guardedAgent({ allowPrivate: config.allowPrivateWebhooks });
    const named: Array<[string, Provider<unknown, unknown>]> = [
      ...(['fcm', 'apns', 'webpush', 'telegram', 'beams', 'onesignal'] as const).map((n) => [n, registry.get(n)!] as [string, Provider<unknown, unknown>]),
      ['smtp', createSmtpProvider({ url: config.providers.smtp.url, from: config.providers.smtp.from })],
      // SMTP_FALLBACK_URL (CONTRACT §13): checked on its own line, so a dead fallback is not hidden by a live primary.
      ...(config.providers.smtp.fallbackUrl
        ? [
            ['smtp-fallback', createSmtpProvider({ url: config.providers.smtp.fallbackUrl, from: config.providers.smtp.from })] as [
              string,
              Provider<unknown, unknown>,
            ],
          ]
        : []),
      ['twilio', createTwilioProvider({ ...config.providers.twilio, timeoutMs: 5000, dispatcher: twilioDispatcher })],
    ];
    for (const [name, provider] of named) {
      const label = name.padEnd(13);
      const status = provider.status();
      if (!status.configured) {
        print(`${label} skipped   ${status.reason}`);
        continue;
      }
      const check = provider.check
        ? await provider.check().catch((err: Error) => ({ ok: false, detail: err.message }))
        : { ok: true, detail: 'configured (no reachability check)' };
      if (!check.ok) healthy = false;
      print(`${label} ${check.ok ? 'ok       ' : 'FAILING  '} ${check.detail}`);
    }
    // Single sign-on (CONTRACT §14): discovery only, no sign-in is attempted.
    if (config.oidc) {
      const check = await new OidcLogin(config.oidc, config.publicUrl, box).check();
      if (!check.ok) healthy = false;
      print(`${'oidc'.padEnd(13)} ${check.ok ? 'ok       ' : 'FAILING  '} ${check.detail}`);
    } else {
      print(`${'oidc'.padEnd(13)} skipped   HERALD_OIDC_ISSUER is not set`);
    }
    await Promise.all(named.map(([, p]) => p.close()));
    await twilioDispatcher.close();
    await providerPool.close();
  } finally {
    await store.close();
  }
  return healthy;
}

/**
 * The push providers of one workspace, built from configuration. In workspace `default` a value
 * set in the environment wins; otherwise a value entered in the portal (Settings > Notifications,
 * stored encrypted in the workspace's settings) is used. Other workspaces use their own stored
 * values only, or — with HERALD_SHARE_ENV_PROVIDERS — the environment's provider as a whole for a
 * provider they have not set (never a mix: a stored endpoint must not receive default's token).
 * Saving settings rebuilds that provider; senders always ask the registry for the current one.
 */
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import webpush from 'web-push';
import type { ProvidersConfig } from '../config.js';
import type { PushProviderName } from '../core/devices.js';
import type { SettingsStore } from '../core/settings.js';
import { HeraldError } from '../errors.js';
import type { SecretBox } from '../security/secret-box.js';
import { assertOutgoingUrl, assertOutgoingUrlStatic } from '../security/url-guard.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import { createApnsProvider } from './apns.js';
import { createBeamsProvider } from './beams.js';
import { createFcmProvider } from './fcm.js';
import { type Stored, type ValueSources, describeFields, effectiveValues, storedAfter, storedChanges } from './field-values.js';
import { createOneSignalProvider } from './onesignal.js';
import { BUILT_IN, type EnvUse, PROVIDER_FIELDS, URL_FIELDS, type Values, envValuesOf, parseMaybeJson, settingsKey, tokenUriOf } from './provider-fields.js';
import { type DeviceTarget, type Provider, type PushMessage, redactResult, unconfiguredProvider } from './provider.js';
import { createTelegramProvider } from './telegram.js';
import type { VapidKeys } from './vapid.js';
import { createWebPushProvider } from './webpush.js';

export type PushProvider = Provider<PushMessage, DeviceTarget>;

export interface RegistryDeps {
  workspace: WorkspaceId;
  env: EnvUse;
  config: ProvidersConfig;
  /** Variables actually present in the environment (defaults are not "set by environment"). */
  envSet: ReadonlySet<string>;
  settings: SettingsStore;
  box: SecretBox;
  /** The instance's VAPID keys (environment, or generated into the data dir): workspace `default`'s. */
  vapid: VapidKeys;
  timeoutMs: number;
  log: Logger;
  /** HERALD_ALLOW_PRIVATE_WEBHOOKS: provider bases may point at loopback/private hosts (tests, development). */
  allowPrivate: boolean;
  /** One keep-alive pool for every HTTP/1.1 vendor of every workspace; each connection passes the outgoing-URL guard. */
  dispatcher: Dispatcher;
}

/** Where a workspace other than `default` keeps the VAPID pair made for it on first use. */
const GENERATED_VAPID_KEY = 'webpush.vapid';

export class ProviderRegistry {
  private readonly providers = new Map<PushProviderName, PushProvider>();
  /** The VAPID pair made for this workspace (not `default`) when it set none of its own. */
  private generatedVapid: VapidKeys | undefined;
  /** The VAPID public key browsers of this workspace subscribe with (the one webpush signs with). */
  private currentVapidPublicKey = '';

  constructor(private readonly deps: RegistryDeps) {}

  get workspace(): WorkspaceId {
    return this.deps.workspace;
  }

  async init(): Promise<void> {
    if (this.deps.workspace !== DEFAULT_WORKSPACE) {
      // First writer wins across processes, so every node of a cluster signs with the same pair.
      const made = webpush.generateVAPIDKeys();
      const stored = await this.scoped(() =>
        this.deps.settings.setIfAbsent(GENERATED_VAPID_KEY, { publicKey: made.publicKey, privateKey: this.deps.box.encrypt(made.privateKey) }),
      );
      this.generatedVapid = { publicKey: stored.publicKey, privateKey: this.deps.box.decrypt(stored.privateKey) };
    }
    for (const name of Object.keys(PROVIDER_FIELDS) as PushProviderName[]) await this.reload(name);
  }

  get(name: PushProviderName): PushProvider | undefined {
    return this.providers.get(name);
  }

  all(): PushProvider[] {
    return [...this.providers.values()];
  }

  vapidPublicKey(): string {
    return this.currentVapidPublicKey;
  }

  /** Settings are read and written in this registry's workspace, whoever asks (a request, the engine). */
  private scoped<T>(fn: () => Promise<T>): Promise<T> {
    return withWorkspace(this.deps.workspace, fn);
  }

  private stored(name: PushProviderName): Promise<Record<string, string>> {
    return this.scoped(() => this.deps.settings.get<Record<string, string>>(settingsKey(name), {}));
  }

  private sources(name: PushProviderName): ValueSources {
    const { env, envSet, config, box } = this.deps;
    return { env, envSet, envValues: envValuesOf(name, config), builtIn: BUILT_IN[name] ?? {}, decrypt: (s) => box.decrypt(s) };
  }

  /** Effective values (field-values.ts), with the VAPID pair decided apart. */
  private async values(name: PushProviderName, override?: Stored): Promise<{ values: Values; fromEnv: Set<string> }> {
    const stored = override ?? (await this.stored(name));
    const { values, fromEnv } = effectiveValues(PROVIDER_FIELDS[name], this.sources(name), stored);
    if (name === 'webpush') Object.assign(values, this.vapidPair(stored));
    return { values, fromEnv };
  }

  /**
   * The VAPID pair in use: in `default` the environment's; else a pair the workspace stored (its
   * private key is new in the settings, so a public key stored alone by an older version changes
   * nothing); else, when sharing, the environment's; else `default`'s generated one or the one
   * made for this workspace. Decided apart from the other fields: storing a subject must not
   * change the key browsers subscribed with.
   */
  private vapidPair(stored: Record<string, string>): VapidKeys {
    const envKeys = this.deps.envSet.has('VAPID_PUBLIC_KEY');
    if (this.deps.env === 'own' && envKeys) return this.deps.vapid;
    if (stored.privateKey) return { publicKey: stored.publicKey ?? '', privateKey: this.deps.box.decrypt(stored.privateKey) };
    if (this.deps.env === 'fallback' && envKeys) return this.deps.vapid;
    return this.deps.workspace === DEFAULT_WORKSPACE ? this.deps.vapid : this.generatedVapid!;
  }

  /**
   * Builds the provider from its current values. A value that does not validate (stored by an
   * older version, or planted in the database) disables this provider only, with the reason in the
   * log, in `herald doctor` and in the portal; Herald itself still starts.
   */
  async reload(name: PushProviderName): Promise<void> {
    let provider: PushProvider;
    try {
      const { values } = await this.values(name);
      if (name === 'webpush') this.currentVapidPublicKey = values.publicKey ?? '';
      this.checkUrlsStatic(name, values);
      provider = this.build(name, values);
    } catch (err) {
      const reason = `disabled: its settings are invalid (${(err as Error).message.replace(/\.$/, '')}); fix them in Settings > Notifications`;
      this.deps.log.warn({ provider: name, workspace: this.deps.workspace }, `${name} ${reason}`);
      provider = unconfiguredProvider(name, reason);
    }
    const previous = this.providers.get(name);
    this.providers.set(name, provider);
    await previous?.close();
    const status = provider.status();
    // Every new workspace starts with nothing configured: only default's gaps are news at start.
    const level = this.deps.workspace === DEFAULT_WORKSPACE ? 'info' : 'debug';
    if (!status.configured)
      this.deps.log[level]({ provider: name, workspace: this.deps.workspace }, `${name} is not configured: ${status.reason}; its deliveries are skipped`);
  }

  private checkUrlsStatic(name: PushProviderName, values: Values): void {
    for (const key of URL_FIELDS[name] ?? []) {
      if (values[key]) assertOutgoingUrlStatic(values[key], this.deps.allowPrivate, `${name} ${key}`);
    }
    if (name === 'apns' && values.host) assertOutgoingUrlStatic(`https://${values.host}`, this.deps.allowPrivate, 'apns host');
    const tokenUri = name === 'fcm' ? tokenUriOf(values.serviceAccount) : undefined;
    if (tokenUri) assertOutgoingUrlStatic(tokenUri, this.deps.allowPrivate, 'The FCM token_uri');
  }

  /** Save-time validation: every URL resolves to public addresses and the values make a working provider. */
  private async validate(name: PushProviderName, values: Values): Promise<void> {
    this.checkUrlsStatic(name, values);
    for (const key of URL_FIELDS[name] ?? []) {
      if (values[key]) await assertOutgoingUrl(values[key], this.deps.allowPrivate, `${name} ${key}`);
    }
    if (name === 'apns' && values.host) await assertOutgoingUrl(`https://${values.host}`, this.deps.allowPrivate, 'apns host');
    const tokenUri = name === 'fcm' ? tokenUriOf(values.serviceAccount) : undefined;
    if (tokenUri) await assertOutgoingUrl(tokenUri, this.deps.allowPrivate, 'The FCM token_uri');
    const probe = this.build(name, values);
    const status = probe.status();
    await probe.close();
    // "… is not set" is a partial configuration (saved field by field); anything else is a bad value.
    if (!status.configured && !/\bnot set\b/.test(status.reason)) throw new HeraldError('VALIDATION', `${status.reason}.`);
  }

  /** For the portal: every field with its value (secrets never shown) and where it comes from. */
  async describe() {
    const out = [];
    for (const name of Object.keys(PROVIDER_FIELDS) as PushProviderName[]) {
      const { values, fromEnv } = await this.values(name);
      const status = this.providers.get(name)?.status() ?? { configured: false as const, reason: 'not loaded' };
      out.push({
        name,
        configured: status.configured,
        reason: status.configured ? null : status.reason,
        fields: describeFields(PROVIDER_FIELDS[name], values, fromEnv),
      });
    }
    return out;
  }

  /** Stores portal-entered values (secrets encrypted); fields set by the environment are refused. */
  async update(name: PushProviderName, input: Record<string, string | null>): Promise<void> {
    const { box } = this.deps;
    const before = await this.stored(name);
    const stored = storedAfter(name, PROVIDER_FIELDS[name], { ...this.sources(name), encrypt: (v) => box.encrypt(v) }, before, input);
    // Validated before anything is stored: a bad value answers 400 and the old settings stay.
    const { values } = await this.values(name, stored);
    await this.validate(name, values);
    const changes = storedChanges(PROVIDER_FIELDS[name], before, stored, (v) => box.decrypt(v));
    await this.scoped(() =>
      this.deps.settings.setAudited(settingsKey(name), stored, { action: 'provider.updated', target: { type: 'provider', id: name }, changes }),
    );
    await this.reload(name);
  }

  /** Closes this workspace's providers (the shared connection pool belongs to the caller). */
  async closeAll(): Promise<void> {
    await Promise.all(this.all().map((p) => p.close()));
  }

  /** The provider, with its credentials redacted from every excerpt it returns. */
  private build(name: PushProviderName, v: Values): PushProvider {
    const provider = this.buildRaw(name, v);
    const secrets = PROVIDER_FIELDS[name].filter((f) => f.secret).map((f) => v[f.key]);
    return {
      ...provider,
      name: provider.name,
      status: () => provider.status(),
      close: () => provider.close(),
      send: async (m, t) => redactResult(await provider.send(m, t), secrets),
    };
  }

  private buildRaw(name: PushProviderName, v: Values): PushProvider {
    const timeoutMs = this.deps.timeoutMs;
    const dispatcher = this.deps.dispatcher;
    switch (name) {
      case 'fcm':
        return createFcmProvider({ serviceAccount: parseMaybeJson(v.serviceAccount), endpoint: v.endpoint, timeoutMs, dispatcher });
      case 'apns': {
        const keyIsPem = v.keyFile?.includes('BEGIN PRIVATE KEY');
        return createApnsProvider({
          keyFile: keyIsPem ? undefined : v.keyFile,
          key: keyIsPem ? v.keyFile : undefined,
          keyId: v.keyId,
          teamId: v.teamId,
          topic: v.topic,
          host: v.host,
          ca: this.deps.config.apns.caFile ? fs.readFileSync(this.deps.config.apns.caFile) : undefined,
          timeoutMs,
          allowPrivate: this.deps.allowPrivate,
        });
      }
      case 'webpush':
        return createWebPushProvider({
          publicKey: v.publicKey,
          privateKey: v.privateKey,
          subject: v.subject,
          timeoutMs,
          dispatcher,
        });
      case 'telegram':
        return createTelegramProvider({ botToken: v.botToken, botUsername: v.botUsername, apiBase: v.apiBase, timeoutMs, dispatcher });
      case 'beams':
        return createBeamsProvider({ instanceId: v.instanceId, secretKey: v.secretKey, apiBase: v.apiBase, timeoutMs, dispatcher });
      case 'onesignal':
        return createOneSignalProvider({ appId: v.appId, apiKey: v.apiKey, apiBase: v.apiBase, timeoutMs, dispatcher });
    }
  }
}

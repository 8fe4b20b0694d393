/**
 * The SMTP and Twilio relays of every workspace (issue 15), the way push providers are kept
 * (providers/workspace-providers.ts): a workspace's admin stores its own relay in its settings
 * (secrets encrypted); the environment's relays are workspace `default`'s, where an environment
 * value wins field by field, and every workspace's with HERALD_SHARE_ENV_PROVIDERS for a relay it
 * stored nothing for (never a mix: a stored host must not receive the environment's password).
 * Built on first use, kept for the life of the process, rebuilt when the workspace changes them —
 * on the other processes of a cluster too (`relays:changed` on the bus).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Bus } from '../../bus/bus.js';
import type { ProvidersConfig } from '../../config.js';
import type { Db } from '../../core/outbox.js';
import type { SettingsStore } from '../../core/settings.js';
import { HeraldError } from '../../errors.js';
import { type Stored, type ValueSources, describeFields, effectiveValues, storedAfter, storedChanges } from '../../providers/field-values.js';
import { type FieldSpec, type Values, envUseOf } from '../../providers/provider-fields.js';
import type { EmailMessage, Provider, SmsMessage } from '../../providers/provider.js';
import { unconfiguredProvider } from '../../providers/provider.js';
import { createSmtpProvider } from '../../providers/smtp.js';
import { createTwilioProvider } from '../../providers/twilio.js';
import type { SecretBox } from '../../security/secret-box.js';
import { assertOutgoingUrl, assertOutgoingUrlStatic } from '../../security/url-guard.js';
import { type WorkspaceId, withWorkspace } from '../../store/workspace-scope.js';

export const RELAYS = ['smtp', 'twilio'] as const;
export type RelayName = (typeof RELAYS)[number];

/** The settings each relay takes, named by their environment variables (CONTRACT §2). */
export const RELAY_FIELDS: Record<RelayName, FieldSpec[]> = {
  smtp: [
    // The URL carries the relay's user and password, so it is a secret as a whole.
    { key: 'url', env: 'SMTP_URL', label: 'Relay URL (smtp:// or smtps://, with user and password)', secret: true },
    { key: 'from', env: 'SMTP_FROM', label: 'From address', secret: false },
  ],
  twilio: [
    { key: 'accountSid', env: 'TWILIO_ACCOUNT_SID', label: 'Account SID', secret: false },
    { key: 'authToken', env: 'TWILIO_AUTH_TOKEN', label: 'Auth token', secret: true },
    { key: 'from', env: 'TWILIO_FROM', label: 'From (E.164 number or Messaging Service SID)', secret: false },
    { key: 'apiBase', env: 'TWILIO_API_BASE', label: 'API base', secret: false },
  ],
};

const BUILT_IN: Record<RelayName, Values> = { smtp: {}, twilio: { apiBase: 'https://api.twilio.com' } };
const TOPIC = 'relays:changed';
/** Beside the push providers' settings (`provider.fcm`…). */
const keyOf = (name: RelayName) => `provider.${name}`;

interface Built<M> {
  provider: Provider<M, void>;
  from: string | undefined;
  /** Built for this workspace (closed with it), not the environment's shared relay. */
  own: boolean;
}
export interface Relays {
  smtp: Built<EmailMessage>;
  twilio: Built<SmsMessage>;
}

export interface WorkspaceRelaysDeps {
  settings: SettingsStore;
  box: SecretBox;
  bus: Bus;
  log: Logger;
  config: ProvidersConfig;
  envSet: ReadonlySet<string>;
  shareEnv: boolean;
  allowPrivate: boolean;
  timeoutMs: number;
  dispatcher: Dispatcher;
  /** The environment's relays (SMTP with its failover), built once at start. */
  instance: { smtp: Provider<EmailMessage, void>; twilio: Provider<SmsMessage, void> };
}

export class WorkspaceRelays {
  private readonly ready = new Map<string, Relays>();
  private readonly node = randomUUID();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: WorkspaceRelaysDeps) {
    this.unsubscribe = deps.bus.subscribe(TOPIC, (m) => {
      const { workspace, relay, from } = m as { workspace: WorkspaceId; relay: RelayName; from: string };
      // Not built here: it reads the new settings when it is.
      if (from === this.node || !this.ready.has(workspace)) return;
      this.reload(workspace, relay).catch((err: unknown) => deps.log.error({ err, workspace, relay }, 'reloading a relay after a settings change failed'));
    });
  }

  /** The relays of a workspace already built (the hot path: one Map get). */
  built(workspace: string): Relays | undefined {
    return this.ready.get(workspace);
  }

  /**
   * The relays of a workspace, built on first use. `db` is the planning transaction when called
   * from it (on SQLite a read outside it would wait for it), so builds are not shared between
   * callers: a second, concurrent build is closed and the first one kept.
   */
  async of(workspace: WorkspaceId, db?: Db): Promise<Relays> {
    const ready = this.ready.get(workspace);
    if (ready) return ready;
    const made: Relays = { smtp: await this.build(workspace, 'smtp', db), twilio: await this.build(workspace, 'twilio', db) };
    const raced = this.ready.get(workspace);
    if (raced) {
      await closeOwn(made);
      return raced;
    }
    this.ready.set(workspace, made);
    return made;
  }

  /** For Settings: every field with its value (secrets masked) and where it comes from. */
  async describe(workspace: WorkspaceId, name: RelayName) {
    const relays = await this.of(workspace);
    const { values, fromEnv } = await this.values(workspace, name);
    const status = relays[name].provider.status();
    return {
      name,
      configured: status.configured,
      reason: status.configured ? null : status.reason,
      fields: describeFields(RELAY_FIELDS[name], values, fromEnv),
    };
  }

  /** Stores a workspace's relay settings (secrets encrypted) and rebuilds it here and on every other process. */
  async update(workspace: WorkspaceId, name: RelayName, input: Record<string, string | null>): Promise<void> {
    const { box } = this.deps;
    const before = await this.stored(workspace, name);
    const stored = storedAfter(name, RELAY_FIELDS[name], { ...this.sources(workspace, name), encrypt: (v) => box.encrypt(v) }, before, input);
    // Validated before anything is stored: a bad value answers 400 and the old settings stay.
    const { values } = await this.values(workspace, name, stored);
    await this.validate(name, values);
    const changes = storedChanges(RELAY_FIELDS[name], before, stored, (v) => box.decrypt(v));
    await withWorkspace(workspace, () =>
      this.deps.settings.setAudited(keyOf(name), stored, { action: 'provider.updated', target: { type: 'provider', id: name }, changes }),
    );
    if (this.ready.has(workspace)) await this.reload(workspace, name);
    await this.deps.bus.publish(TOPIC, { workspace, relay: name, from: this.node });
  }

  /**
   * The Twilio auth token a workspace's number signs its inbound texts with (its own, or the
   * environment's where it uses that); undefined when it has none.
   */
  async twilioAuthToken(workspace: WorkspaceId): Promise<string | undefined> {
    return (await this.values(workspace, 'twilio')).values.authToken || undefined;
  }

  async closeAll(): Promise<void> {
    this.unsubscribe();
    await Promise.all([...this.ready.values()].map(closeOwn));
    this.ready.clear();
  }

  private async reload(workspace: WorkspaceId, name: RelayName): Promise<void> {
    const relays = this.ready.get(workspace);
    if (!relays) return;
    const previous = relays[name];
    if (name === 'smtp') relays.smtp = await this.build(workspace, 'smtp');
    else relays.twilio = await this.build(workspace, 'twilio');
    if (previous.own) await previous.provider.close();
  }

  private stored(workspace: WorkspaceId, name: RelayName, db?: Db): Promise<Record<string, string>> {
    return withWorkspace(workspace, () => this.deps.settings.get<Record<string, string>>(keyOf(name), {}, db));
  }

  private sources(workspace: WorkspaceId, name: RelayName): ValueSources {
    const { config: c, box } = this.deps;
    return {
      env: envUseOf(workspace, this.deps.shareEnv),
      envSet: this.deps.envSet,
      envValues: name === 'smtp' ? { url: c.smtp.url, from: c.smtp.from } : { ...c.twilio },
      builtIn: BUILT_IN[name],
      decrypt: (v) => box.decrypt(v),
    };
  }

  /** Effective values (field-values.ts) of a relay in a workspace. */
  private async values(workspace: WorkspaceId, name: RelayName, override?: Stored, db?: Db) {
    const stored = override ?? (await this.stored(workspace, name, db));
    return { ...effectiveValues(RELAY_FIELDS[name], this.sources(workspace, name), stored), stored };
  }

  /** The environment's relay when this workspace uses it whole; else one built from its values. */
  private async build<N extends RelayName>(workspace: WorkspaceId, name: N, db?: Db): Promise<Relays[N]> {
    const { values, stored, useEnv } = await this.values(workspace, name, undefined, db);
    const envFrom = name === 'smtp' ? this.deps.config.smtp.from : this.deps.config.twilio.from;
    if (useEnv && Object.keys(stored).length === 0) return { provider: this.deps.instance[name], from: envFrom, own: false } as Relays[N];
    let provider: Provider<EmailMessage, void> | Provider<SmsMessage, void>;
    try {
      this.checkStatic(name, values);
      provider = this.create(name, values);
    } catch (err) {
      const reason = `disabled: its settings are invalid (${(err as Error).message.replace(/\.$/, '')}); fix them in Settings`;
      this.deps.log.warn({ provider: name, workspace }, `${name} ${reason}`);
      provider = unconfiguredProvider(name, reason);
    }
    return { provider, from: values.from, own: true } as Relays[N];
  }

  private create(name: RelayName, v: Values) {
    return name === 'smtp'
      ? createSmtpProvider({ url: v.url, from: v.from })
      : createTwilioProvider({
          accountSid: v.accountSid,
          authToken: v.authToken,
          from: v.from,
          apiBase: v.apiBase ?? BUILT_IN.twilio.apiBase!,
          timeoutMs: this.deps.timeoutMs,
          dispatcher: this.deps.dispatcher,
        });
  }

  /** The URLs Herald connects to, checked without DNS (at build) — `https://host:port` for an SMTP relay. */
  private urlsOf(name: RelayName, v: Values): Array<[string, string]> {
    if (name === 'twilio') return v.apiBase ? [[v.apiBase, 'twilio apiBase']] : [];
    if (!v.url) return [];
    let url: URL;
    try {
      url = new URL(v.url);
    } catch {
      throw new HeraldError('VALIDATION', 'The SMTP relay URL is not a valid URL.');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new HeraldError('VALIDATION', 'The SMTP relay URL must start with smtp:// or smtps://.');
    return [[`https://${url.host}`, 'The SMTP relay']];
  }

  private checkStatic(name: RelayName, v: Values): void {
    for (const [url, what] of this.urlsOf(name, v)) assertOutgoingUrlStatic(url, this.deps.allowPrivate, what);
  }

  /** Save-time validation: every host resolves to public addresses and the values make a working relay. */
  private async validate(name: RelayName, v: Values): Promise<void> {
    for (const [url, what] of this.urlsOf(name, v)) await assertOutgoingUrl(url, this.deps.allowPrivate, what);
    const probe = this.create(name, v);
    const status = probe.status();
    await probe.close();
    // "… is not set" is a partial configuration (saved field by field); anything else is a bad value.
    if (!status.configured && !/\bnot set\b/.test(status.reason)) throw new HeraldError('VALIDATION', `${status.reason}.`);
  }
}

async function closeOwn(r: Relays): Promise<void> {
  await Promise.all([r.smtp, r.twilio].filter((b) => b.own).map((b) => b.provider.close()));
}

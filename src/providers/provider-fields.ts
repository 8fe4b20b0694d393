/**
 * What each push provider takes (its fields, named by their environment variables), the values
 * the environment gives it, and how a workspace may use them (docs/workspaces.md).
 */
import type { ProvidersConfig } from '../config.js';
import type { PushProviderName } from '../core/devices.js';
import type { SettingsStore } from '../core/settings.js';
import { HeraldError } from '../errors.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import type { FcmServiceAccount } from './fcm.js';
import { usesEnv } from './field-values.js';

export interface FieldSpec {
  key: string;
  env: string;
  label: string;
  secret: boolean;
}

/** The settings each provider takes, named by their environment variables (CONTRACT §2). */
export const PROVIDER_FIELDS: Record<PushProviderName, FieldSpec[]> = {
  fcm: [
    { key: 'serviceAccount', env: 'FCM_SERVICE_ACCOUNT', label: 'Service account (JSON, or a path to it)', secret: true },
    { key: 'endpoint', env: 'FCM_ENDPOINT', label: 'Endpoint', secret: false },
  ],
  apns: [
    { key: 'keyFile', env: 'APNS_KEY_FILE', label: 'Key (.p8 contents, or a path to it)', secret: true },
    { key: 'keyId', env: 'APNS_KEY_ID', label: 'Key ID', secret: false },
    { key: 'teamId', env: 'APNS_TEAM_ID', label: 'Team ID', secret: false },
    { key: 'topic', env: 'APNS_TOPIC', label: 'Topic (bundle id)', secret: false },
    { key: 'host', env: 'APNS_HOST', label: 'Host', secret: false },
  ],
  webpush: [
    { key: 'publicKey', env: 'VAPID_PUBLIC_KEY', label: 'VAPID public key', secret: false },
    { key: 'privateKey', env: 'VAPID_PRIVATE_KEY', label: 'VAPID private key (set with the public key to use your own pair)', secret: true },
    { key: 'subject', env: 'VAPID_SUBJECT', label: 'VAPID subject (mailto: or https:)', secret: false },
  ],
  telegram: [
    { key: 'botToken', env: 'TELEGRAM_BOT_TOKEN', label: 'Bot token', secret: true },
    { key: 'botUsername', env: 'TELEGRAM_BOT_USERNAME', label: 'Bot username', secret: false },
    { key: 'apiBase', env: 'TELEGRAM_API_BASE', label: 'API base', secret: false },
  ],
  beams: [
    { key: 'instanceId', env: 'BEAMS_INSTANCE_ID', label: 'Instance ID', secret: false },
    { key: 'secretKey', env: 'BEAMS_SECRET_KEY', label: 'Secret key', secret: true },
    { key: 'apiBase', env: 'BEAMS_API_BASE', label: 'API base', secret: false },
  ],
  onesignal: [
    { key: 'appId', env: 'ONESIGNAL_APP_ID', label: 'App ID', secret: false },
    { key: 'apiKey', env: 'ONESIGNAL_API_KEY', label: 'REST API key', secret: true },
    { key: 'apiBase', env: 'ONESIGNAL_API_BASE', label: 'API base', secret: false },
  ],
};

export type Values = Record<string, string | undefined>;

/**
 * How a workspace uses the environment's provider settings: `own` (workspace `default`: an
 * environment value wins field by field), `fallback` (HERALD_SHARE_ENV_PROVIDERS: a provider the
 * workspace has stored nothing for comes from the environment), `none` (its stored values only).
 */
export type EnvUse = 'own' | 'fallback' | 'none';

/** How `workspace` may use the environment's provider settings. */
export function envUseOf(workspace: WorkspaceId, shareEnv: boolean): EnvUse {
  return workspace === DEFAULT_WORKSPACE ? 'own' : shareEnv ? 'fallback' : 'none';
}

/**
 * Telegram as Settings > Channels shows it, read without building the provider (the email
 * module, which serves that page, has no registry): the bot in use and whether it has a token.
 */
export async function telegramSummary(
  deps: { settings: SettingsStore; config: ProvidersConfig; envSet: ReadonlySet<string>; shareEnv: boolean },
  workspace: WorkspaceId,
): Promise<{ configured: boolean; botUsername: string | null }> {
  const stored = await withWorkspace(workspace, () => deps.settings.get<Record<string, string>>(settingsKey('telegram'), {}));
  const env = envUseOf(workspace, deps.shareEnv);
  const useEnv = usesEnv(env, stored);
  const pick = (key: 'botToken' | 'botUsername', name: string) =>
    useEnv && deps.envSet.has(name) ? deps.config.telegram[key] : (stored[key] ?? (useEnv ? deps.config.telegram[key] : undefined));
  return { configured: Boolean(pick('botToken', 'TELEGRAM_BOT_TOKEN')), botUsername: pick('botUsername', 'TELEGRAM_BOT_USERNAME') ?? null };
}

/** Values a provider takes when neither the workspace nor (where it may) the environment sets them. */
export const BUILT_IN: Partial<Record<PushProviderName, Values>> = { webpush: { subject: 'mailto:admin@localhost' } };
/** Settings that are URLs Herald sends to (the FCM token URI is checked inside the service account). */
export const URL_FIELDS: Partial<Record<PushProviderName, string[]>> = {
  fcm: ['endpoint'],
  telegram: ['apiBase'],
  beams: ['apiBase'],
  onesignal: ['apiBase'],
};

export const settingsKey = (name: PushProviderName) => `provider.${name}`;

/** The token URI inside an FCM service account given inline (a path is read by the provider). */
export function tokenUriOf(serviceAccount: string | undefined): string | undefined {
  if (!serviceAccount?.trim().startsWith('{')) return undefined;
  const uri = (parseMaybeJson(serviceAccount) as { token_uri?: unknown }).token_uri;
  return typeof uri === 'string' && uri ? uri : undefined;
}

export function parseMaybeJson(v: string | undefined) {
  if (v && v.trim().startsWith('{')) {
    try {
      return JSON.parse(v) as FcmServiceAccount;
    } catch {
      throw new HeraldError('VALIDATION', 'The FCM service account is not valid JSON.');
    }
  }
  return v;
}

export function envValuesOf(name: PushProviderName, c: ProvidersConfig): Values {
  switch (name) {
    case 'fcm':
      return { serviceAccount: c.fcm.serviceAccount, endpoint: c.fcm.endpoint };
    case 'apns':
      return { keyFile: c.apns.keyFile, keyId: c.apns.keyId, teamId: c.apns.teamId, topic: c.apns.topic, host: c.apns.host };
    case 'webpush':
      return { publicKey: c.vapid.publicKey, privateKey: c.vapid.privateKey, subject: c.vapid.subject };
    case 'telegram':
      return { botToken: c.telegram.botToken, botUsername: c.telegram.botUsername, apiBase: c.telegram.apiBase };
    case 'beams':
      return { instanceId: c.beams.instanceId, secretKey: c.beams.secretKey, apiBase: c.beams.apiBase };
    case 'onesignal':
      return { appId: c.onesignal.appId, apiKey: c.onesignal.apiKey, apiBase: c.onesignal.apiBase };
  }
}

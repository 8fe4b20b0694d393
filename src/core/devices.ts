import { HeraldError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { sha256 } from '../security/tokens.js';
import { assertOutgoingUrl } from '../security/url-guard.js';
import { runSql } from '../store/raw-sql.js';
import type { Row } from '../store/schema.js';
import { currentWorkspace } from '../store/workspace-scope.js';
import type { CoreDeps } from './deps.js';
import type { Db } from './outbox.js';

export type Platform = 'mobile' | 'tma' | 'web';
export type PushProviderName = 'fcm' | 'apns' | 'webpush' | 'telegram' | 'beams' | 'onesignal';
export const PUSH_PROVIDERS: readonly PushProviderName[] = ['fcm', 'apns', 'webpush', 'telegram', 'beams', 'onesignal'];

const DEFAULT_PROVIDER: Record<Platform, PushProviderName> = { mobile: 'fcm', tma: 'telegram', web: 'webpush' };

export interface Owner {
  type: 'customer' | 'operator';
  id: string;
}

export interface RegisterDevice {
  platform: Platform;
  token: string;
  provider?: PushProviderName;
  appVersion?: string;
  osVersion?: string;
  hardwareId?: string;
  locale?: string;
}

export function deviceDto(d: Row<'devices'>) {
  return {
    id: d.id,
    platform: d.platform,
    provider: d.provider,
    // A Web Push subscription is shown by its endpoint's origin only: the keys stay private.
    token: d.provider === 'webpush' ? safeEndpoint(d.token) : d.token,
    appVersion: d.app_version,
    osVersion: d.os_version,
    hardwareId: d.hardware_id,
    locale: d.locale,
    disabled: d.disabled === 1,
    disabledReason: d.disabled_reason,
    lastSeenAt: new Date(d.last_seen_at).toISOString(),
    createdAt: new Date(d.created_at).toISOString(),
  };
}

function safeEndpoint(token: string): string {
  try {
    return new URL((JSON.parse(token) as { endpoint: string }).endpoint).origin;
  } catch {
    return 'webpush';
  }
}

/** Checks and canonicalizes a token so the same device always hashes the same. */
export function normalizeToken(provider: PushProviderName, token: string): string {
  if (provider === 'webpush') {
    let sub: { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
    try {
      sub = JSON.parse(token) as typeof sub;
    } catch {
      throw new HeraldError('VALIDATION', 'A web push token must be the PushSubscription as JSON.');
    }
    const { endpoint, keys } = sub;
    if (typeof endpoint !== 'string' || !/^https?:\/\//.test(endpoint) || typeof keys?.p256dh !== 'string' || typeof keys?.auth !== 'string') {
      throw new HeraldError('VALIDATION', 'A web push subscription needs endpoint, keys.p256dh and keys.auth.');
    }
    return JSON.stringify({ endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
  }
  if (provider === 'telegram' && !/^-?\d{1,20}$/.test(token)) {
    throw new HeraldError('VALIDATION', 'A Telegram token must be the numeric chat id.');
  }
  return token.trim();
}

export class DevicesService {
  constructor(private readonly deps: CoreDeps) {}

  /**
   * Upserts by token: a token already registered to someone else moves to the caller, because
   * the last user signed in on a device is the one who should get its notifications.
   */
  async register(owner: Owner, input: RegisterDevice): Promise<{ device: Row<'devices'>; created: boolean }> {
    const provider = input.provider ?? DEFAULT_PROVIDER[input.platform];
    const token = normalizeToken(provider, input.token);
    // A browser's push endpoint is a URL the customer chose: Herald will POST to it, so it passes the
    // same outgoing-URL guard as a webhook (and again at connect time in the sender).
    if (provider === 'webpush') {
      await assertOutgoingUrl((JSON.parse(token) as { endpoint: string }).endpoint, this.deps.config.allowPrivateWebhooks, 'The push subscription endpoint');
    }
    const tokenHash = sha256(`${provider}:${token}`);
    const now = Date.now();
    return this.deps.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('devices').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      const fields = {
        owner_type: owner.type,
        owner_id: owner.id,
        platform: input.platform,
        provider,
        token,
        token_hash: tokenHash,
        app_version: input.appVersion ?? existing?.app_version ?? null,
        os_version: input.osVersion ?? existing?.os_version ?? null,
        hardware_id: input.hardwareId ?? existing?.hardware_id ?? null,
        locale: input.locale ?? existing?.locale ?? null,
        disabled: 0 as const,
        disabled_reason: null,
        last_seen_at: now,
      };
      if (existing) {
        await tx.updateTable('devices').set(fields).where('id', '=', existing.id).execute();
        return { device: { ...existing, ...fields }, created: false };
      }
      const device = { id: newId('dev', now), ...fields, created_at: now };
      await tx.insertInto('devices').values(device).execute();
      return { device, created: true };
    });
  }

  async unregister(owner: Owner, token: string): Promise<void> {
    const rows = await this.list(owner);
    const match = rows.find((d) => d.token === token || safeCompareToken(d, token));
    if (!match) throw notFound('Device');
    await this.deps.db.deleteFrom('devices').where('id', '=', match.id).execute();
  }

  list(owner: Owner, db: Db = this.deps.db): Promise<Array<Row<'devices'>>> {
    return db.selectFrom('devices').selectAll().where('owner_type', '=', owner.type).where('owner_id', '=', owner.id).orderBy('id').execute();
  }

  get(id: string): Promise<Row<'devices'> | undefined> {
    return this.deps.db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Several devices by id in one query (those that exist), in the current workspace. */
  async getMany(ids: readonly string[]): Promise<Array<Row<'devices'>>> {
    if (ids.length === 0) return [];
    const workspace = currentWorkspace();
    if (this.deps.caps.multiRowInsert || workspace === undefined) return this.deps.db.selectFrom('devices').selectAll().where('id', 'in', ids).execute();
    // SQLite: the ids drive the loop (a CROSS JOIN keeps them outside). With statistics gathered
    // while the table was small, the planner scanned every device for an IN list instead: 3.7 ms
    // for 32 of 10,000 devices, the costliest statement of a fan-out.
    return (await runSql<Row<'devices'>>(this.deps.db, DEVICES_BY_ID, [JSON.stringify(ids), workspace])).rows;
  }

  /** A dead token (unregistered, 410) is removed; a blocked Telegram chat is kept but disabled. */
  async drop(id: string, reason: string, keep: boolean): Promise<void> {
    if (keep) await this.deps.db.updateTable('devices').set({ disabled: 1, disabled_reason: reason }).where('id', '=', id).execute();
    else await this.deps.db.deleteFrom('devices').where('id', '=', id).execute();
  }
}

function safeCompareToken(d: Row<'devices'>, token: string): boolean {
  try {
    return d.provider === 'webpush' && normalizeToken('webpush', token) === d.token;
  } catch {
    return false;
  }
}

const DEVICES_BY_ID = `SELECT d.* FROM json_each(?) AS j CROSS JOIN devices AS d ON d.id = j.value WHERE d.workspace_id = ?`;

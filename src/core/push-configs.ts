import { HeraldError, notFound } from '../errors.js';
import { assertOutgoingUrl } from '../security/url-guard.js';
import { newSigningSecret } from '../security/webhook-signature.js';
import type { Row } from '../store/schema.js';
import { type WorkspaceId, currentWorkspace, trustedWorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import { type AuditChanges, diff, recordAudit, SECRET_CHANGED, SECRET_SET } from './audit.js';
import type { CoreDeps } from './deps.js';
import type { Db } from './outbox.js';
import { listSql, runListSql } from '../store/raw-sql.js';

/** The four session events a per-agent push configuration can select (CONTRACT §5). */
export const PUSH_CONFIG_EVENTS = ['session.started', 'message.assistant', 'message.user', 'session.transferred'] as const;
export type PushConfigEvent = (typeof PUSH_CONFIG_EVENTS)[number];

export interface HeaderInput {
  name: string;
  /** null keeps the stored value of an existing secret header (the portal never sees it). */
  value: string | null;
  secret: boolean;
}

export interface PushConfigInput {
  enabled: boolean;
  url: string;
  headers: HeaderInput[];
  events: string[];
  retry?: 'standard' | 'none';
}

interface StoredHeader {
  name: string;
  value: string;
  secret: boolean;
}

/** What the sender needs, decrypted; never leaves the process. */
export interface PushTarget {
  agentId: string;
  enabled: boolean;
  url: string;
  headers: Array<{ name: string; value: string }>;
  events: string[];
  retry: 'standard' | 'none';
  secrets: string[];
}

// Headers Herald sets itself or that would break the HTTP exchange.
const RESERVED = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'user-agent',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// RFC 9110 §5.5 field-value: visible ASCII or obs-text (Latin-1), inner spaces/tabs, no edge whitespace.
// Anything else (line breaks, NUL, characters beyond U+00FF) cannot go on the wire and would fail every delivery.
const FIELD_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
const ROTATION_OVERLAP_MS = 24 * 3600_000;

export function pushConfigDto(c: Row<'push_configs'>) {
  return {
    agentId: c.agent_id,
    enabled: c.enabled === 1,
    url: c.url,
    headers: (JSON.parse(c.headers) as StoredHeader[]).map((h) => ({ name: h.name, secret: h.secret, value: h.secret ? null : h.value })),
    events: JSON.parse(c.events) as string[],
    retry: c.retry,
    disabledReason: c.disabled_reason,
    createdAt: new Date(c.created_at).toISOString(),
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

/** Agent ids are per workspace (migration 0015): the cache keys by both. */
const cacheKey = (agentId: string, workspace = currentWorkspace()) => `${workspace ?? ''}\n${agentId}`;

/** Runs fn in `workspace` when the caller names one (the engine, from its row), else in the caller's scope. */
const inWorkspace = <T>(workspace: WorkspaceId | undefined, fn: () => T): T => (workspace ? withWorkspace(workspace, fn) : fn());

export class PushConfigsService {
  private cache = new Map<string, { at: number; target: PushTarget | undefined }>();

  constructor(private readonly deps: CoreDeps) {}

  async put(agentId: string, input: PushConfigInput): Promise<Row<'push_configs'>> {
    const { db, box, config } = this.deps;
    validate(input);
    await assertOutgoingUrl(input.url, config.allowPrivateWebhooks, 'The push URL');
    const now = Date.now();
    const row = await db.transaction().execute(async (tx) => {
      const agent = await tx.selectFrom('agents').select('id').where('id', '=', agentId).executeTakeFirst();
      if (!agent) throw notFound('Agent');
      const existing = await tx.selectFrom('push_configs').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
      const old = existing ? (JSON.parse(existing.headers) as StoredHeader[]) : [];
      const headers: StoredHeader[] = input.headers.map((h) => {
        if (h.value !== null) return { name: h.name, secret: h.secret, value: h.secret ? box.encrypt(h.value) : h.value };
        const kept = old.find((o) => o.secret && o.name.toLowerCase() === h.name.toLowerCase());
        if (!h.secret || !kept) throw new HeraldError('VALIDATION', `Header "${h.name}" needs a value.`);
        return kept;
      });
      const next: Row<'push_configs'> = {
        agent_id: agentId,
        enabled: input.enabled ? 1 : 0,
        url: input.url,
        headers: JSON.stringify(headers),
        events: JSON.stringify([...new Set(input.events)]),
        retry: input.retry ?? existing?.retry ?? 'standard',
        signing_secret: existing?.signing_secret ?? box.encrypt(newSigningSecret()),
        previous_secret: existing?.previous_secret ?? null,
        previous_expires_at: existing?.previous_expires_at ?? null,
        // Saving again (e.g. re-enabling after a 410) clears the automatic disable reason.
        disabled_reason: input.enabled ? null : (existing?.disabled_reason ?? null),
        created_at: existing?.created_at ?? now,
        updated_at: now,
      };
      if (existing) await tx.updateTable('push_configs').set(next).where('agent_id', '=', agentId).execute();
      else await tx.insertInto('push_configs').values(next).execute();
      await recordAudit(tx, {
        action: existing ? 'push_config.updated' : 'push_config.created',
        target: { type: 'push_config', id: agentId },
        changes: { ...diff(existing ? plainFields(existing) : null, plainFields(next)), ...headerChanges(old, headers, (v) => box.decrypt(v)) },
      });
      return next;
    });
    this.cache.delete(cacheKey(agentId));
    return row;
  }

  async get(agentId: string): Promise<Row<'push_configs'>> {
    const row = await this.deps.db.selectFrom('push_configs').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
    if (!row) throw notFound('Push configuration');
    return row;
  }

  async delete(agentId: string): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('push_configs').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
      if (!existing) throw notFound('Push configuration');
      await tx.deleteFrom('push_configs').where('agent_id', '=', agentId).execute();
      const headers = JSON.parse(existing.headers) as StoredHeader[];
      await recordAudit(
        tx,
        {
          action: 'push_config.deleted',
          target: { type: 'push_config', id: agentId },
          changes: { ...diff(plainFields(existing), null), ...headerChanges(headers, [], (v) => this.deps.box.decrypt(v)) },
        },
        { always: true },
      );
    });
    this.cache.delete(cacheKey(agentId));
  }

  async signingSecret(agentId: string): Promise<string> {
    return this.deps.box.decrypt((await this.get(agentId)).signing_secret);
  }

  /** New key signs from now on; the old one keeps signing too for 24 h so receivers can switch over. */
  async rotate(agentId: string): Promise<{ signingSecret: string; previousExpiresAt: string }> {
    const current = await this.get(agentId);
    const fresh = newSigningSecret();
    const expires = Date.now() + ROTATION_OVERLAP_MS;
    await this.deps.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('push_configs')
        .set({ signing_secret: this.deps.box.encrypt(fresh), previous_secret: current.signing_secret, previous_expires_at: expires, updated_at: Date.now() })
        .where('agent_id', '=', agentId)
        .execute();
      await recordAudit(tx, {
        action: 'push_config.secret_rotated',
        target: { type: 'push_config', id: agentId },
        changes: { signingSecret: [SECRET_SET, SECRET_CHANGED] },
      });
    });
    this.cache.delete(cacheKey(agentId));
    return { signingSecret: fresh, previousExpiresAt: new Date(expires).toISOString() };
  }

  /** Enabled configurations and where they point (auto-disable finds those of a failing destination). */
  async listEnabled(): Promise<Array<{ agentId: string; url: string; workspaceId: WorkspaceId }>> {
    const rows = await this.deps.db.selectFrom('push_configs').select(['agent_id', 'url', 'workspace_id']).where('enabled', '=', 1).execute();
    return rows.map((r) => ({ agentId: r.agent_id, url: r.url, workspaceId: trustedWorkspaceId(r.workspace_id) }));
  }

  /**
   * Turns sending off without losing the configuration (the receiver answered 410 Gone). The
   * engine names the delivery's workspace: another workspace may have an agent of the same id.
   */
  async disable(agentId: string, reason: string, workspace?: WorkspaceId): Promise<void> {
    await inWorkspace(workspace, () => this.disableHere(agentId, reason));
  }

  private async disableHere(agentId: string, reason: string): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('push_configs').select('enabled').where('agent_id', '=', agentId).executeTakeFirst();
      await tx.updateTable('push_configs').set({ enabled: 0, disabled_reason: reason, updated_at: Date.now() }).where('agent_id', '=', agentId).execute();
      if (before?.enabled !== 1) return;
      await recordAudit(tx, {
        action: 'push_config.disabled',
        target: { type: 'push_config', id: agentId },
        changes: { enabled: [true, false], disabledReason: [null, reason] },
      });
    });
    this.cache.delete(cacheKey(agentId));
  }

  /**
   * The decrypted configuration for sending. Cached briefly: decrypting per delivery is wasted
   * work under load, and this process drops its entry on every change it makes.
   */
  async target(agentId: string, workspace?: WorkspaceId, maxAgeMs = 2000): Promise<PushTarget | undefined> {
    const key = cacheKey(agentId, workspace);
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < maxAgeMs) return hit.target;
    const row = await inWorkspace(workspace, () => this.deps.db.selectFrom('push_configs').selectAll().where('agent_id', '=', agentId).executeTakeFirst());
    const target = row ? this.decrypt(row) : undefined;
    this.cache.set(key, { at: Date.now(), target });
    return target;
  }

  /** Facts for the planner, for many agents at once. */
  async factsFor(db: Db, agentIds: string[]): Promise<Map<string, { agentId: string; enabled: boolean; url: string; events: string[] }>> {
    const out = new Map<string, { agentId: string; enabled: boolean; url: string; events: string[] }>();
    if (agentIds.length === 0) return out;
    // Once per planned batch: precompiled.
    const { rows } = await runListSql<Pick<Row<'push_configs'>, 'agent_id' | 'enabled' | 'url' | 'events'>>(db, FACTS, [
      [...new Set(agentIds)],
      currentWorkspace() ?? null,
    ]);
    for (const r of rows) out.set(r.agent_id, { agentId: r.agent_id, enabled: r.enabled === 1, url: r.url, events: JSON.parse(r.events) as string[] });
    return out;
  }

  private decrypt(row: Row<'push_configs'>): PushTarget {
    const { box } = this.deps;
    const secrets = [box.decrypt(row.signing_secret)];
    if (row.previous_secret && (row.previous_expires_at ?? 0) > Date.now()) secrets.push(box.decrypt(row.previous_secret));
    return {
      agentId: row.agent_id,
      enabled: row.enabled === 1,
      url: row.url,
      headers: (JSON.parse(row.headers) as StoredHeader[]).map((h) => ({ name: h.name, value: h.secret ? box.decrypt(h.value) : h.value })),
      events: JSON.parse(row.events) as string[],
      retry: row.retry,
      secrets,
    };
  }
}

/** The fields of a configuration an audit entry shows as they are (headers are handled apart). */
function plainFields(c: Row<'push_configs'>) {
  return { enabled: c.enabled === 1, url: c.url, events: JSON.parse(c.events) as string[], retry: c.retry };
}

/**
 * Per header: a plain value shows as it is; a secret one only as "[secret changed]" (compared
 * decrypted, so saving the same value again is no change).
 */
function headerChanges(before: StoredHeader[], after: StoredHeader[], decrypt: (v: string) => string): AuditChanges {
  const out: AuditChanges = {};
  const key = (h: StoredHeader) => h.name.toLowerCase();
  const names = new Map<string, string>();
  for (const h of [...before, ...after]) names.set(key(h), h.name);
  for (const [k, name] of names) {
    const b = before.find((h) => key(h) === k);
    const a = after.find((h) => key(h) === k);
    const bv = b ? (b.secret ? decrypt(b.value) : b.value) : null;
    const av = a ? (a.secret ? decrypt(a.value) : a.value) : null;
    if (bv === av && b?.secret === a?.secret) continue;
    out[`headers.${name}`] = [b ? (b.secret ? SECRET_SET : b.value) : null, a ? (a.secret ? SECRET_CHANGED : a.value) : null];
  }
  return out;
}

function validate(input: PushConfigInput): void {
  if (input.events.length === 0) throw new HeraldError('VALIDATION', 'Select at least one event.');
  const unknown = input.events.filter((e) => !(PUSH_CONFIG_EVENTS as readonly string[]).includes(e));
  if (unknown.length) {
    throw new HeraldError('VALIDATION', `Unknown event "${unknown[0]}"; choose from ${PUSH_CONFIG_EVENTS.join(', ')}.`);
  }
  const seen = new Set<string>();
  for (const h of input.headers) {
    const lower = h.name.toLowerCase();
    if (!TOKEN.test(h.name)) throw new HeraldError('VALIDATION', `"${h.name}" is not a valid HTTP header name.`);
    if (RESERVED.has(lower)) throw new HeraldError('VALIDATION', `Header "${h.name}" is set by Herald and cannot be configured.`);
    if (seen.has(lower)) throw new HeraldError('VALIDATION', `Header "${h.name}" appears twice.`);
    if (h.value !== null && !FIELD_VALUE.test(h.value)) {
      throw new HeraldError(
        'VALIDATION',
        `Header "${h.name}" has a value HTTP cannot carry: use visible Latin-1 characters, with no line breaks, control characters or leading/trailing spaces.`,
      );
    }
    seen.add(lower);
  }
}

// In the planning stage's workspace (the caller's scope), or every workspace's in system work.
const FACTS = listSql('SELECT agent_id, enabled, url, events FROM push_configs WHERE agent_id IN LIST(?) AND workspace_id = COALESCE(?, workspace_id)');

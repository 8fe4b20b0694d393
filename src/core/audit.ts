/**
 * The audit log (CONTRACT §14): who changed what, written by the service that makes the change,
 * inside that change's transaction, so an entry exists exactly when the change committed.
 *
 * The actor travels in the work's async context (work-context.ts) set around every route handler (see
 * `registerAuditActor`): services keep their signatures, and work done outside a request (the
 * engine auto-disabling a config, the CLI) is recorded as `system`.
 */
import { newId } from '../ids.js';
import { DEFAULT_WORKSPACE, currentWorkspace } from '../store/workspace-scope.js';
import type { Principal } from './principal.js';
import type { Db } from './outbox.js';
import { type AuditActor, currentContext, runWith } from '../work-context.js';

export type { AuditActor };

/** What a secret value looks like in an entry: whether it changed, never what it is. */
export const SECRET_CHANGED = '[secret changed]';
export const SECRET_SET = '[secret]';

export type AuditChanges = Record<string, [unknown, unknown]>;

export interface AuditEntry {
  action: string;
  target: { type: string; id: string };
  changes: AuditChanges;
}

const SYSTEM: AuditActor = { type: 'system', id: 'system' };

export function actorOf(p: Principal | undefined): AuditActor {
  if (p?.kind === 'operator') return { type: 'operator', id: p.operatorId };
  if (p?.kind === 'server') return { type: 'apiKey', id: p.apiKeyId };
  return SYSTEM;
}

/** Runs fn with `actor` as the author of every change it records. */
export function runAs<T>(actor: AuditActor, fn: () => T): T {
  return runWith({ actor }, fn);
}

export function currentActor(): AuditActor {
  return currentContext()?.actor ?? SYSTEM;
}

/**
 * Writes one entry in the caller's transaction. An update that changed nothing writes nothing.
 * The operator's email is looked up here (changes are rare) so the log still names them after
 * the operator is renamed or removed.
 */
export async function recordAudit(tx: Db, entry: AuditEntry, opts: { always?: boolean; now?: number } = {}): Promise<void> {
  if (!opts.always && Object.keys(entry.changes).length === 0) return;
  const actor = currentActor();
  let email = actor.email ?? null;
  if (actor.type === 'operator' && !email) {
    email = (await tx.selectFrom('operators').select('email').where('id', '=', actor.id).executeTakeFirst())?.email ?? null;
  }
  const now = opts.now ?? Date.now();
  await tx
    .insertInto('audit_log')
    .values({
      id: newId('aud', now),
      // The workspace the change happens in; outside any scope (CLI, bootstrap) the only one there is.
      workspace_id: currentWorkspace() ?? DEFAULT_WORKSPACE,
      at: now,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_email: email,
      action: entry.action,
      target_type: entry.target.type,
      target_id: entry.target.id,
      changes: JSON.stringify(entry.changes),
    })
    .execute();
}

/**
 * Field-by-field difference of two plain records (null: did not exist). Values are compared as
 * JSON, so arrays and nested objects count as changed only when their content differs.
 */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditChanges {
  const out: AuditChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    const b = before?.[k] ?? null;
    const a = after?.[k] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out[k] = [b, a];
  }
  return out;
}

/** The entry for a secret: `[secret]` where one was set, "[secret changed]" where it became another. */
export function secretChange(before: string | undefined | null, after: string | undefined | null): [unknown, unknown] | undefined {
  const had = before !== undefined && before !== null && before !== '';
  const has = after !== undefined && after !== null && after !== '';
  if (!had && !has) return undefined;
  if (had && has && before === after) return undefined;
  return [had ? SECRET_SET : null, has ? SECRET_CHANGED : null];
}

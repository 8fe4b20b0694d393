/**
 * The async context of one unit of work (a request, a delivery attempt, a background task): the
 * workspace its queries are confined to (store/workspace-scope.ts) and who its changes are
 * recorded as (core/audit.ts).
 *
 * Both travel in one AsyncLocalStorage. On Node 20 every store costs on every promise created
 * anywhere in the process (the promise hook copies each store's slot), so a second store for
 * the second value made the whole hot path measurably slower: keep this the only one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Who a change is recorded as (CONTRACT §14). */
export type AuditActor = { type: 'operator' | 'apiKey' | 'system'; id: string; email?: string };

/** Where queries run: one workspace, or across them (system mode). The id is a WorkspaceId. */
export type StoreScope = { kind: 'workspace'; id: string } | { kind: 'system' };

export interface WorkContext {
  readonly scope?: StoreScope;
  readonly actor?: AuditActor;
}

const context = new AsyncLocalStorage<WorkContext>();

/** The context the current work runs in (undefined outside any). */
export function currentContext(): WorkContext | undefined {
  return context.getStore();
}

/** Runs fn with `change` over the current context: what it does not name is kept. */
export function runWith<T>(change: WorkContext, fn: () => T): T {
  const now = context.getStore();
  return context.run(now ? { ...now, ...change } : change, fn);
}

/** Runs fn in a context captured earlier with `currentContext()` (e.g. a write queued for a batch). */
export function runIn<T>(captured: WorkContext | undefined, fn: () => T): T {
  return captured === context.getStore() ? fn() : context.run(captured as WorkContext, fn);
}

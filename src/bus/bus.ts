/**
 * Publish/subscribe for SSE streams, badge counts and delivery status, plus presence.
 * Embedded: in memory. Cluster: Redis, so a customer connected to node A is online for node B.
 */
import { DEFAULT_WORKSPACE, WorkspaceScopeError, currentWorkspace } from '../store/workspace-scope.js';

export type BusHandler = (message: unknown) => void;

export interface Bus {
  publish(topic: string, message: unknown): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: BusHandler): () => void;
  presence: Presence;
  /** False when nobody anywhere can be listening to the topic (publishing can be skipped); undefined when unknown. */
  listening?(topic: string): boolean;
  close(): Promise<void>;
}

export type PresenceKind = 'customer' | 'operator';

export interface Presence {
  /** An open stream keeps the user online until the returned release is called. */
  connect(kind: PresenceKind, id: string): () => void;
  /** A poll keeps the user online for the presence TTL. */
  touch(kind: PresenceKind, id: string): Promise<void>;
  isOnline(kind: PresenceKind, id: string): Promise<boolean>;
  /** When the user's current offline period began (undefined while online or if never seen). */
  offlineSince(kind: PresenceKind, id: string): Promise<number | undefined>;
  onlineIds(kind: PresenceKind): Promise<string[]>;
}

/**
 * Topics are per workspace: a portal or an app listens in the workspace its credential acts in,
 * and what happens in one workspace is published in that one (the caller's scope, or the row's
 * own workspace where the engine works across workspaces). Outside a workspace there is nobody to
 * tell, so naming a topic there is a bug and throws. Workspace `default` keeps the names from
 * before workspaces (older processes of a cluster use them). Workspace ids never contain ':'.
 */
function inWorkspace(name: string, workspace?: string): string {
  const ws = workspace ?? currentWorkspace();
  if (ws === undefined) throw new WorkspaceScopeError(`The live topic ${name} was named outside any workspace.`);
  return ws === DEFAULT_WORKSPACE ? name : `ws:${ws}:${name}`;
}

export const topics = {
  /** A customer's stream: the same `sub` in two workspaces is two customers (migration 0015). */
  customer: (id: string, workspace?: string) => inWorkspace(`customer:${id}`, workspace),
  /** Operators are people of the whole instance: their own topic is not a workspace's. */
  operator: (id: string) => `operator:${id}`,
  /** Every operator's portal listens here: session changes and the badge. */
  get operators(): string {
    return inWorkspace('operators');
  },
  get deliveries(): string {
    return inWorkspace('deliveries');
  },
  /** The deliveries topic of a named workspace (the engine works across them). */
  deliveriesOf: (workspace: string) => inWorkspace('deliveries', workspace),
};

/** A customer's presence id: the app's id qualified by the workspace (see topics.customer). */
function customerKey(id: string): string {
  return `${currentWorkspace() ?? DEFAULT_WORKSPACE}:${id}`;
}

/**
 * Presence with customers kept per workspace (see customerKey): each call acts on the customer of
 * the current workspace; operators are people of the instance, the same in every workspace.
 */
export function customersPerWorkspace(p: Presence): Presence {
  const id = (kind: PresenceKind, raw: string) => (kind === 'customer' ? customerKey(raw) : raw);
  return {
    connect: (kind, raw) => p.connect(kind, id(kind, raw)),
    touch: (kind, raw) => p.touch(kind, id(kind, raw)),
    isOnline: (kind, raw) => p.isOnline(kind, id(kind, raw)),
    offlineSince: (kind, raw) => p.offlineSince(kind, id(kind, raw)),
    async onlineIds(kind) {
      const ids = await p.onlineIds(kind);
      if (kind !== 'customer') return ids;
      const prefix = customerKey('');
      return ids.filter((i) => i.startsWith(prefix)).map((i) => i.slice(prefix.length));
    },
  };
}

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
 * and what happens in one workspace is published in that one (the caller's scope). Outside a
 * workspace there is nobody to tell, so naming a topic there is a bug and throws. Workspace
 * `default` keeps the names from before workspaces (older processes of a cluster use them).
 */
function inWorkspace(name: string): string {
  const ws = currentWorkspace();
  if (ws === undefined) throw new WorkspaceScopeError(`The live topic ${name} was named outside any workspace.`);
  return ws === DEFAULT_WORKSPACE ? name : `ws:${ws}:${name}`;
}

export const topics = {
  customer: (id: string) => inWorkspace(`customer:${id}`),
  /** Operators are people of the whole instance: their own topic is not a workspace's. */
  operator: (id: string) => `operator:${id}`,
  /** Every operator's portal listens here: session changes and the badge. */
  get operators(): string {
    return inWorkspace('operators');
  },
  get deliveries(): string {
    return inWorkspace('deliveries');
  },
};

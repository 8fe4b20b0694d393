/**
 * Publish/subscribe for SSE streams, badge counts and delivery status, plus presence.
 * Embedded: in memory. Cluster: Redis, so a customer connected to node A is online for node B.
 */
import { DEFAULT_WORKSPACE, currentWorkspace } from '../store/workspace-scope.js';

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
 * A customer on the bus: the app's id qualified by the workspace the current work acts in. The
 * same `sub` in two workspaces is two customers (migration 0015), so neither may receive the
 * other's stream nor count as online for the other. Workspace ids never contain ':'.
 */
function customerKey(id: string, workspace?: string): string {
  return `${workspace ?? currentWorkspace() ?? DEFAULT_WORKSPACE}:${id}`;
}

export const topics = {
  /** A customer's stream; `workspace` (a row's) wins over the current scope's. */
  customer: (id: string, workspace?: string) => `customer:${customerKey(id, workspace)}`,
  operator: (id: string) => `operator:${id}`,
  /** Every operator's portal listens here: session changes and the badge. */
  operators: 'operators',
  deliveries: 'deliveries',
} as const;

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

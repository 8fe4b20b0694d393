/**
 * Publish/subscribe for SSE streams, badge counts and delivery status, plus presence.
 * Embedded: in memory. Cluster: Redis, so a customer connected to node A is online for node B.
 */
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

export const topics = {
  customer: (id: string) => `customer:${id}`,
  operator: (id: string) => `operator:${id}`,
  /** Every operator's portal listens here: session changes and the badge. */
  operators: 'operators',
  deliveries: 'deliveries',
} as const;

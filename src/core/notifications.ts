import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Row } from '../store/schema.js';
import type { CoreDeps } from './deps.js';
import type { Db } from './outbox.js';
import { assertOperatorHere } from './workspaces.js';
import type { Category } from './preferences.js';

export interface NotificationAction {
  id: string;
  title: string;
  input?: boolean;
  destructive?: boolean;
}

export interface NewNotification {
  recipientType: 'customer' | 'operator';
  recipientId: string;
  category: Category;
  title?: string;
  body: string;
  data?: Record<string, string>;
  actions?: NotificationAction[];
  idempotencyKey?: string;
  sessionId?: string;
  /** Bypasses quiet hours and the escalation ladder (carried on the event for the planner). */
  urgent?: boolean;
}

export function notificationDto(n: Row<'notifications'>) {
  return {
    id: n.id,
    recipient: { type: n.recipient_type, id: n.recipient_id },
    category: n.category,
    title: n.title,
    body: n.body,
    data: JSON.parse(n.data) as Record<string, string>,
    actions: JSON.parse(n.actions) as NotificationAction[],
    sessionId: n.session_id,
    createdAt: new Date(n.created_at).toISOString(),
  };
}

/** Inserts a notification row (inside the caller's transaction). */
export async function insertNotification(tx: Db, n: NewNotification, now = Date.now()): Promise<Row<'notifications'>> {
  const row: Row<'notifications'> = {
    id: newId('ntf', now),
    recipient_type: n.recipientType,
    recipient_id: n.recipientId,
    category: n.category,
    title: n.title ?? null,
    body: n.body,
    data: JSON.stringify(n.data ?? {}),
    actions: JSON.stringify(n.actions ?? []),
    idempotency_key: n.idempotencyKey ?? null,
    session_id: n.sessionId ?? null,
    created_at: now,
  };
  await tx.insertInto('notifications').values(row).execute();
  return row;
}

export class NotificationsService {
  constructor(private readonly deps: CoreDeps) {}

  /**
   * Records a notification and its outbox event together; the engine plans the deliveries.
   * The same idempotency key returns the first notification instead of sending twice.
   */
  async create(n: NewNotification): Promise<{ notification: Row<'notifications'>; duplicate: boolean }> {
    const { db } = this.deps;
    if (n.idempotencyKey) {
      const existing = await db.selectFrom('notifications').selectAll().where('idempotency_key', '=', n.idempotencyKey).executeTakeFirst();
      if (existing) return { notification: existing, duplicate: true };
    }
    const now = Date.now();
    try {
      const notification = await this.deps.events.transaction(async (tx, raise) => {
        if (n.recipientType === 'operator') await assertOperatorHere(tx, n.recipientId);
        const row = await insertNotification(tx, n, now);
        await raise(
          'notification.created',
          {
            sessionId: n.sessionId ?? null,
            customerId: n.recipientType === 'customer' ? n.recipientId : null,
            text: n.body,
            notificationId: row.id,
            ...(n.urgent && { urgent: true }),
          },
          now,
        );
        return row;
      });
      return { notification, duplicate: false };
    } catch (err) {
      // Two requests with the same key raced: the loser returns the winner's notification.
      if (n.idempotencyKey) {
        const existing = await db.selectFrom('notifications').selectAll().where('idempotency_key', '=', n.idempotencyKey).executeTakeFirst();
        if (existing) return { notification: existing, duplicate: true };
      }
      throw err;
    }
  }

  async get(id: string): Promise<Row<'notifications'>> {
    const row = await this.deps.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Notification');
    return row;
  }
}

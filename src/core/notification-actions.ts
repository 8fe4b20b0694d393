import { HeraldError, notFound } from '../errors.js';
import type { ActionTokens } from '../security/action-tokens.js';
import type { Row } from '../store/schema.js';
import { asSystem, trustedWorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import type { CoreDeps } from './deps.js';
import type { MessagesService, Posted } from './messages.js';
import type { NotificationAction } from './notifications.js';

/**
 * A choice made on a notification (approve / reject / reply). The first choice is recorded and
 * forwarded as `notification.action` to the agent's endpoint; a reply also becomes a message in
 * the session. Repeats (a double tap, a retried request) change nothing.
 */
export class NotificationActionsService {
  constructor(
    private readonly deps: CoreDeps,
    private readonly tokens: ActionTokens,
    private readonly messages: MessagesService,
  ) {}

  async record(notificationId: string, actionId: string, token: string, text: string | undefined): Promise<{ recorded: true; duplicate: boolean }> {
    const verdict = await this.tokens.verify(token, notificationId);
    if (!verdict.ok) {
      throw verdict.reason === 'expired'
        ? new HeraldError('TOKEN_EXPIRED', 'The action token has expired.')
        : new HeraldError('UNAUTHORIZED', 'The action token is not valid for this notification.');
    }
    const { db } = this.deps;
    // The token names the notification, not a workspace: the choice is made in the notification's.
    const n = await asSystem(() => db.selectFrom('notifications').selectAll().where('id', '=', notificationId).executeTakeFirst());
    if (!n || n.recipient_id !== verdict.recipientId || n.recipient_type !== verdict.recipientType) throw notFound('Notification');
    return withWorkspace(trustedWorkspaceId(n.workspace_id), () => this.recordIn(n, actionId, text));
  }

  private async recordIn(n: Row<'notifications'>, actionId: string, text: string | undefined): Promise<{ recorded: true; duplicate: boolean }> {
    const notificationId = n.id;
    const action = (JSON.parse(n.actions) as NotificationAction[]).find((a) => a.id === actionId);
    if (!action) throw notFound(`Action "${actionId}" of this notification`);
    if (action.input && !text?.trim()) throw new HeraldError('VALIDATION', `The "${action.title}" action needs a text.`);
    const now = Date.now();
    let posted: Posted | undefined;
    const duplicate = await this.deps.events.transaction(async (tx, raise) => {
      const inserted = await tx
        .insertInto('notification_actions')
        .values({ notification_id: notificationId, action_id: actionId, text: action.input ? text! : null, created_at: now })
        .onConflict((oc) => oc.column('notification_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return true;
      const session = n.session_id ? await tx.selectFrom('sessions').selectAll().where('id', '=', n.session_id).executeTakeFirst() : undefined;
      await raise(
        'notification.action',
        {
          sessionId: session?.id ?? null,
          customerId: session?.customer_id ?? (n.recipient_type === 'customer' ? n.recipient_id : null),
          agentId: session?.agent_id ?? null,
          channel: session?.channel ?? null,
          text: action.input ? text! : null,
          author: { type: n.recipient_type === 'customer' ? 'customer' : 'human', id: n.recipient_id },
          notificationId,
          actionId,
        },
        now,
      );
      if (action.input && session && n.recipient_type === 'customer') {
        posted = await this.messages.postIn(tx, session.id, { text: text! }, { kind: 'customer', customerId: n.recipient_id }, now);
      }
      return false;
    });
    if (posted) await this.messages.published(posted);
    return { recorded: true, duplicate };
  }
}

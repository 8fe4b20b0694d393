import { Type } from 'typebox';
import type { NotificationActionsService } from '../core/notification-actions.js';
import { error, errors, ok } from './openapi.js';
import { Id, Strict } from './schemas.js';
import type { App } from './types.js';

/** Called from the notification itself: the action token in the body is the credential. */
export function notificationActionRoutes(app: App, actions: NotificationActionsService): void {
  app.post(
    '/api/notifications/:id/actions/:actionId',
    {
      schema: {
        tags: ['notifications'],
        summary: "Record a notification action (the payload's action token is the credential)",
        description: 'The first call wins; repeats answer `duplicate: true` and change nothing. A reply text becomes a message.',
        operationId: 'recordNotificationAction',
        security: [],
        response: {
          200: ok('ActionRecorded'),
          ...error(401, 'HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: the action token is not valid for this notification, or has expired.'),
          ...errors(404),
        },
        params: Strict({ id: Id, actionId: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Strict({ token: Type.String({ minLength: 10, maxLength: 2048 }), text: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })) }),
      },
    },
    async (req) => actions.record(req.params.id, req.params.actionId, req.body.token, req.body.text),
  );
}

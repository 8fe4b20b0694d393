import { Type } from 'typebox';
import { ALL_ROLES, MANAGER_ROLES } from '../core/principal.js';
import { CUSTOMER_LADDER_CHANNELS, EscalationStep, OPERATOR_LADDER_CHANNELS } from './components-readstate.js';
import type { EscalationSettings, EscalationStore } from '../readstate/escalation-settings.js';
import type { ReadState } from '../readstate/read-state.js';
import { guard, who } from './auth.js';
import { errors, noContent, ok } from './openapi.js';
import { IdParams, Strict } from './schemas.js';
import type { App } from './types.js';

/** Read receipts and the escalation ladder (CONTRACT §13). */
export function readStateRoutes(app: App, deps: { readState: ReadState; escalation: EscalationStore }): void {
  app.post(
    '/api/sessions/:id/read',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Mark a session read up to a message (customer or operator)',
        description:
          "Moves the caller's read position forward to `seq` (never back). Held or scheduled notifications about messages up to it are " +
          "cancelled with reason `read`, and `session.read` goes out on the stream to the caller's other devices.",
        operationId: 'markSessionRead',
        params: IdParams,
        body: Strict({ seq: Type.Integer({ minimum: 0, description: 'The last message seen (its `seq`).' }) }),
        response: { 204: noContent('Recorded.'), ...errors(403, 404) },
      },
      preHandler: guard({ customer: true, roles: ALL_ROLES }),
    },
    async (req, reply) => {
      await deps.readState.markRead(req.params.id, who(req), req.body.seq);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/settings/escalation',
    {
      schema: { tags: ['settings'], summary: 'The escalation ladder', operationId: 'getEscalation', response: { 200: ok('EscalationSettings') } },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async () => deps.escalation.load(),
  );

  app.put(
    '/api/settings/escalation',
    {
      schema: {
        tags: ['settings'],
        summary: 'Set the escalation ladder (when each channel fires after a message)',
        description:
          'The routing rules still decide whether a recipient is notified on a channel; a step decides when. At its time a step fires only if ' +
          'the recipient has not read past the message and is offline; otherwise it is cancelled (reason `read` or `online`). Channels not ' +
          'on the ladder, and steps with `afterSeconds: 0`, go at once. Empty lists: every channel at once.',
        operationId: 'setEscalation',
        body: Strict({
          customers: Type.Array(EscalationStep(CUSTOMER_LADDER_CHANNELS), { maxItems: 3 }),
          operators: Type.Array(EscalationStep(OPERATOR_LADDER_CHANNELS), { maxItems: 3 }),
        }),
        response: { 200: ok('EscalationSettings') },
      },
      preHandler: guard({ server: true, roles: MANAGER_ROLES }),
    },
    async (req) => deps.escalation.save(req.body as EscalationSettings),
  );
}

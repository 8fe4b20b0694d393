import { Type } from 'typebox';
import { ALL_ROLES, MANAGER_ROLES } from '../core/principal.js';
import { type CampaignsService, campaignDto } from '../channels/campaigns/campaigns-service.js';
import { guard } from './auth.js';
import { errors, ok } from './openapi.js';
import { Channel, Id, IdParams, Strict } from './schemas.js';
import type { App } from './types.js';

const StageBody = Strict({
  channel: Type.Union(['mobile_push', 'telegram', 'email', 'sms'].map((c) => Type.Literal(c))),
  agentId: Id,
  text: Type.String({ minLength: 1, maxLength: 4000 }),
  delaySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 * 86_400 })),
});
const Audience = Strict({
  customerIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100_000 })),
  where: Type.Optional(Strict({ locale: Type.Optional(Type.String({ minLength: 2, maxLength: 35 })), channel: Type.Optional(Channel) })),
});
const Fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  audience: Audience,
  stages: Type.Array(StageBody, { minItems: 1, maxItems: 10 }),
  ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
};

export function campaignRoutes(app: App, campaigns: CampaignsService): void {
  const managers = guard({ server: true, roles: MANAGER_ROLES });
  const show = async (id: string) => campaignDto(await campaigns.get(id), await campaigns.progress(id));

  app.post(
    '/api/campaigns',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Create a campaign (draft)',
        description: 'A mobile_push stage whose agent has no push configuration → 422.',
        operationId: 'createCampaign',
        body: Strict(Fields),
        response: { 201: ok('Campaign', 'Created, status "draft".'), ...errors(422) },
      },
      preHandler: managers,
    },
    async (req, reply) => {
      const c = await campaigns.create(req.body);
      return reply.status(201).send(await show(c.id));
    },
  );
  app.get(
    '/api/campaigns',
    {
      schema: { tags: ['campaigns'], summary: 'List campaigns', operationId: 'listCampaigns', response: { 200: ok('CampaignList') } },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async () => {
      const list = await campaigns.list();
      const progress = await campaigns.progressOf(list.map((c) => c.id));
      return { items: list.map((c) => campaignDto(c, progress.get(c.id) ?? [])) };
    },
  );
  app.get(
    '/api/campaigns/:id',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Get a campaign with per-stage progress',
        operationId: 'getCampaign',
        params: IdParams,
        response: { 200: ok('Campaign'), ...errors(404) },
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => show(req.params.id),
  );
  app.patch(
    '/api/campaigns/:id',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Change a draft campaign',
        operationId: 'updateCampaign',
        response: { 200: ok('Campaign'), ...errors(404, 409, 422) },
        params: IdParams,
        body: Strict({
          name: Type.Optional(Fields.name),
          audience: Type.Optional(Audience),
          stages: Type.Optional(Fields.stages),
          ratePerSecond: Fields.ratePerSecond,
        }),
      },
      preHandler: managers,
    },
    async (req) => {
      await campaigns.update(req.params.id, req.body);
      return show(req.params.id);
    },
  );
  for (const action of ['start', 'pause', 'cancel'] as const) {
    app.post(
      `/api/campaigns/:id/${action}`,
      {
        schema: {
          tags: ['campaigns'],
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a campaign`,
          operationId: `${action}Campaign`,
          params: IdParams,
          response: { 200: ok('Campaign'), ...errors(404, 409) },
        },
        preHandler: managers,
      },
      async (req) => {
        await campaigns[action](req.params.id);
        return show(req.params.id);
      },
    );
  }
}

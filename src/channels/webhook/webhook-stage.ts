import type { PushConfigsService } from '../../core/push-configs.js';
import type { PlanStage } from '../../engine/planned-delivery.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';
import { planWebhook, webhookSkip } from './webhook-rules.js';

/** Plans the per-agent webhook deliveries of a batch of events. */
export function webhookStage(configs: PushConfigsService): PlanStage {
  return {
    name: 'webhook',
    async plan(events, tx, _now, decisions) {
      const agentIds = events.map((e) => e.agentId).filter((a): a is string => a !== null);
      const facts = await configs.factsFor(tx, agentIds);
      const out: PlannedDelivery[] = [];
      for (const e of events) {
        const cfg = e.agentId ? facts.get(e.agentId) : undefined;
        const d = planWebhook(e, cfg);
        if (d) out.push(d);
        else {
          const skip = webhookSkip(e, cfg);
          if (skip) decisions.note(e.id, skip);
        }
      }
      return out;
    },
  };
}

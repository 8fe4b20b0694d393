import type { Logger } from 'pino';
import { topics, type Bus } from '../bus/bus.js';
import type { Events } from '../core/events.js';
import type { PushConfigsService } from '../core/push-configs.js';
import { asSystem, trustedWorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import { webhookDestination } from './destination-book.js';

/**
 * Svix-style auto-disable (CONTRACT §10): a webhook destination that has failed without a single
 * success for the configured time gets the push configurations pointing at it disabled, with the
 * reason kept. Admins and managers are told through the one delivery path: a
 * `destination.disabled` event, which the email stage turns into an email each (when SMTP is
 * configured), and a live event on the portals' stream.
 */
export function autoDisable(deps: { pushConfigs: PushConfigsService; events: Events; bus: Bus; log: Logger; afterH: number }) {
  return async (key: string, failingSince: number): Promise<void> => {
    // A destination is an origin: push configs of several workspaces may point at it. Each
    // workspace's configs are disabled, and its own admins told, in that workspace.
    const configs = (await asSystem(() => deps.pushConfigs.listEnabled())).filter((c) => webhookDestination(c.url) === key);
    if (configs.length === 0) return;
    const since = new Date(failingSince).toISOString();
    const reason = `disabled automatically: ${key.slice('webhook:'.length)} failed without a single success since ${since} (over ${deps.afterH} h)`;
    const byWorkspace = new Map<string, typeof configs>();
    for (const c of configs) byWorkspace.set(c.workspaceId, [...(byWorkspace.get(c.workspaceId) ?? []), c]);
    for (const [workspace, list] of byWorkspace) {
      await withWorkspace(trustedWorkspaceId(workspace), async () => {
        for (const c of list) await deps.pushConfigs.disable(c.agentId, reason);
        const agentIds = list.map((c) => c.agentId);
        deps.log.warn({ destination: key, workspace, agents: agentIds }, 'webhook destination disabled after sustained failure');
        await deps.events.raise('destination.disabled', { author: { type: 'system' }, destination: key, agentIds, reason });
        await deps.bus.publish(topics.operators, { type: 'destination.disabled', data: { destination: key, agentIds, reason } });
      });
    }
  };
}

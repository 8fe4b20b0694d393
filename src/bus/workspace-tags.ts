/**
 * Tags every bus message with the workspace it was published in (the store's scope at publish
 * time), so a stream can forward only its own workspace's events: the operators' and deliveries'
 * topics are shared by every workspace. A message published outside any workspace (system work)
 * counts as `default`'s, as everything did before workspaces.
 */
import { currentWorkspace } from '../store/workspace-scope.js';
import type { Bus } from './bus.js';

export interface Tagged {
  workspaceId?: string;
}

export function tagWorkspaces(bus: Bus): Bus {
  return {
    publish(topic, message) {
      const ws = currentWorkspace();
      const tagged = ws && message !== null && typeof message === 'object' && !('workspaceId' in message) ? { ...message, workspaceId: ws } : message;
      return bus.publish(topic, tagged);
    },
    subscribe: (topic, handler) => bus.subscribe(topic, handler),
    presence: bus.presence,
    ...(bus.listening && { listening: (topic: string) => bus.listening!(topic) }),
    close: () => bus.close(),
  };
}

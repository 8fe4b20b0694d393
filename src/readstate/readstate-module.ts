import { SettingsStore } from '../core/settings.js';
import type { ModuleFactory } from '../channels/module.js';
import { readStateRoutes } from '../http/read-state.js';
import { EscalationStore } from './escalation-settings.js';
import { ReadStateGate } from './gate.js';
import { ReadState } from './read-state.js';

/** Read receipts, escalation ladders and quiet hours: when a planned notification may go, and whether it still should. */
export const readStateModule: ModuleFactory<'bus' | 'config' | 'hooks' | 'sessions' | 'store'> = (s, log) => {
  // In a cluster other processes change the ladder and quiet hours too; embedded, this one does.
  const refreshMs = s.config.redisUrl ? 2000 : 30_000;
  const escalation = new EscalationStore(new SettingsStore(s.store.db), refreshMs);
  const gate = new ReadStateGate({ store: s.store, bus: s.bus, escalation, log, refreshMs });
  const readState = new ReadState({ store: s.store, bus: s.bus, sessions: s.sessions });
  s.hooks.quietHoursChanged = (set) => gate.quietHoursChanged(set);
  return {
    name: 'readstate',
    gate,
    routes: (app) => readStateRoutes(app, { readState, escalation }),
    start: () => gate.start(),
  };
};

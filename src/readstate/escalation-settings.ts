import { diff } from '../core/audit.js';
import type { Db } from '../core/outbox.js';
import type { SettingsStore } from '../core/settings.js';
import { HeraldError } from '../errors.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, currentWorkspace } from '../store/workspace-scope.js';

export type CustomerLadderChannel = 'push' | 'email' | 'sms';
export type OperatorLadderChannel = 'webpush' | 'email' | 'sms';

export interface EscalationSettings {
  customers: Array<{ channel: CustomerLadderChannel; afterSeconds: number }>;
  operators: Array<{ channel: OperatorLadderChannel; afterSeconds: number }>;
}

export const ESCALATION_KEY = 'escalation';
export const NO_LADDER: EscalationSettings = { customers: [], operators: [] };

/** A ladder names each channel once: two steps on one channel would be two notifications. */
export function validateEscalation(s: EscalationSettings): void {
  for (const who of ['customers', 'operators'] as const) {
    const seen = new Set<string>();
    for (const step of s[who]) {
      if (seen.has(step.channel)) throw new HeraldError('VALIDATION', `${who}: the channel ${step.channel} appears twice; each channel is one step.`);
      seen.add(step.channel);
    }
  }
}

/**
 * Each workspace's ladder, kept in memory so planning reads nothing per delivery. Saved here, it
 * is current at once; saved by another process, it is read again within `refreshMs`. Every method
 * works on the workspace the caller runs in (a request's, or the event's while planning).
 */
export class EscalationStore {
  private readonly known = new Map<WorkspaceId, { ladder: EscalationSettings; loadedAt: number }>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly refreshMs: number,
  ) {}

  async load(db?: Db): Promise<EscalationSettings> {
    const ladder = normalize(await this.settings.get<EscalationSettings>(ESCALATION_KEY, NO_LADDER, db));
    this.known.set(here(), { ladder, loadedAt: Date.now() });
    return ladder;
  }

  /**
   * The ladder as this process knows it: read once per workspace (in `db`, the caller's
   * transaction: on SQLite another connection's read would wait for its commit), then again at
   * most every refreshMs, in the background (planning does not wait for it).
   */
  async get(now = Date.now(), db?: Db): Promise<EscalationSettings> {
    const k = this.known.get(here());
    if (!k) return this.load(db);
    if (now - k.loadedAt >= this.refreshMs) {
      k.loadedAt = now;
      void this.load().catch(() => undefined);
    }
    return k.ladder;
  }

  async save(s: EscalationSettings): Promise<EscalationSettings> {
    validateEscalation(s);
    const sorted = normalize(s);
    const before = normalize(await this.settings.get<EscalationSettings>(ESCALATION_KEY, NO_LADDER));
    await this.settings.setAudited(ESCALATION_KEY, sorted, {
      action: 'settings.updated',
      target: { type: 'settings', id: ESCALATION_KEY },
      changes: diff({ ...before }, { ...sorted }),
    });
    this.known.set(here(), { ladder: sorted, loadedAt: Date.now() });
    return sorted;
  }
}

function here(): WorkspaceId {
  return currentWorkspace() ?? DEFAULT_WORKSPACE;
}

/** Steps in the order they fire. */
function normalize(s: EscalationSettings): EscalationSettings {
  return {
    customers: [...(s.customers ?? [])].sort((a, b) => a.afterSeconds - b.afterSeconds),
    operators: [...(s.operators ?? [])].sort((a, b) => a.afterSeconds - b.afterSeconds),
  };
}

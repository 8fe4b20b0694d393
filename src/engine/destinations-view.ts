import type { Store } from '../store/db.js';
import type { Health } from './circuit.js';
import { DEFAULT_WORKSPACE, currentWorkspace } from '../store/workspace-scope.js';
import { type DestinationBook, destinationKind, destinationWorkspace, webhookDestination } from './destination-book.js';
import type { InFlightLimiter } from './in-flight-limiter.js';

const iso = (t: number | null) => (t === null ? undefined : new Date(t).toISOString());

/** The API's view of destinations (CONTRACT §10): the stored health, fresher from memory where this process keeps it. */
export class DestinationsView {
  constructor(
    private readonly store: Store,
    private readonly book: DestinationBook,
    private readonly limiter: InFlightLimiter,
  ) {}

  async list() {
    // Another workspace's provider destinations (`fcm:<workspace>`) are its own business.
    const workspace = currentWorkspace() ?? DEFAULT_WORKSPACE;
    const all = await this.store.db.selectFrom('destinations').selectAll().orderBy('key').execute();
    const rows = all.filter((r) => {
      const owner = destinationWorkspace(r.key);
      return owner === undefined || owner === workspace;
    });
    const keys = rows.map((r) => r.key);
    const inFlight = await this.limiter.inFlightEverywhere(keys);
    return rows.map((r) => {
      const h = this.book.has(r.key) ? this.book.get(r.key) : fromRow(r);
      return {
        key: r.key,
        kind: destinationKind(r.key),
        state: h.state,
        inFlight: inFlight.get(r.key) ?? 0,
        consecutiveFailures: h.consecutiveFailures,
        lastSuccessAt: iso(h.lastSuccessAt),
        openedAt: iso(h.openedAt),
        nextProbeAt: iso(h.nextProbeAt),
      };
    });
  }

  /** The health of a webhook URL's destination, as a push configuration shows it. */
  async webhookHealth(url: string, disabledReason: string | null) {
    const key = webhookDestination(url);
    let h: Health | undefined = this.book.has(key) ? this.book.get(key) : undefined;
    if (!h) {
      const row = await this.store.db.selectFrom('destinations').selectAll().where('key', '=', key).executeTakeFirst();
      h = row ? fromRow(row) : undefined;
    }
    return {
      state: h?.state ?? 'healthy',
      consecutiveFailures: h?.consecutiveFailures ?? 0,
      lastSuccessAt: iso(h?.lastSuccessAt ?? null),
      openedAt: iso(h?.openedAt ?? null),
      ...(disabledReason && { disabledReason }),
    };
  }
}

function fromRow(r: {
  state: Health['state'];
  consecutive_failures: number;
  last_success_at: number | null;
  last_failure_at: number | null;
  failing_since: number | null;
  opened_at: number | null;
  next_probe_at: number | null;
}): Health {
  return {
    state: r.state,
    consecutiveFailures: r.consecutive_failures,
    lastSuccessAt: r.last_success_at,
    lastFailureAt: r.last_failure_at,
    failingSince: r.failing_since,
    openedAt: r.opened_at,
    nextProbeAt: r.next_probe_at,
  };
}

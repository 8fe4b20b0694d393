import type { Kysely } from 'kysely';
import { HeraldError } from '../errors.js';
import type { Database, Row } from '../store/schema.js';
import { asSystem } from '../store/workspace-scope.js';

export interface AuditQuery {
  from?: string;
  to?: string;
  /** An operator's id or email, an API key id, or `system`. */
  actor?: string;
  /** An exact action (`operator.updated`) or a family (`operator`). */
  action?: string;
  cursor?: string;
  limit?: number;
}

export function auditDto(r: Row<'audit_log'>) {
  return {
    id: r.id,
    at: new Date(Number(r.at)).toISOString(),
    actor: { type: r.actor_type, id: r.actor_id, ...(r.actor_email && { email: r.actor_email }) },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    changes: JSON.parse(r.changes) as Record<string, [unknown, unknown]>,
  };
}

/** Reads the audit log newest first, and purges what is older than HERALD_AUDIT_RETENTION_DAYS. */
export class AuditLogService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(q: AuditQuery): Promise<{ items: ReturnType<typeof auditDto>[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const from = q.from === undefined ? undefined : time(q.from, 'from');
    const to = q.to === undefined ? undefined : time(q.to, 'to');
    const actor = q.actor?.trim().toLowerCase();
    const action = q.action?.trim();
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .$if(from !== undefined, (b) => b.where('at', '>=', from!))
      .$if(to !== undefined, (b) => b.where('at', '<=', to!))
      .$if(!!actor, (b) => b.where((eb) => eb.or([eb('actor_id', '=', q.actor!.trim()), eb('actor_email', '=', actor!)])))
      .$if(!!action, (b) => (action!.includes('.') ? b.where('action', '=', action!) : b.where('action', 'like', `${action}.%`)))
      .$if(q.cursor !== undefined, (b) => b.where('id', '<', q.cursor!))
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return { items: page.map(auditDto), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  /** Deletes entries older than `cutoff` in small batches, in every workspace; returns how many went. */
  purge(cutoff: number, batchSize = 500): Promise<number> {
    return asSystem(() => this.purgeAll(cutoff, batchSize));
  }

  private async purgeAll(cutoff: number, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = (await this.db.selectFrom('audit_log').select('id').where('at', '<', cutoff).limit(batchSize).execute()).map((r) => r.id);
      if (ids.length === 0) return total;
      const res = await this.db.deleteFrom('audit_log').where('id', 'in', ids).executeTakeFirst();
      total += Number(res.numDeletedRows);
      if (ids.length < batchSize) return total;
      // SQLite answers synchronously: without a turn of the event loop between batches, a year of
      // entries would be deleted in one stretch that holds every request and delivery.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

function time(v: string, name: string): number {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new HeraldError('VALIDATION', `${name} must be an ISO 8601 time such as 2026-01-31T12:00:00Z.`);
  return t;
}

/**
 * The retention purge runs by itself in a running Herald (first check a few seconds after start,
 * then every five minutes, one purge per hour across processes), and leaves live deliveries alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliverySql } from '../../src/engine/delivery-sql.js';
import { RETENTION_JOB } from '../../src/engine/retention.js';
import { newId } from '../../src/ids.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { asSystem } from '../../src/store/workspace-scope.js';

describe('retention in a running Herald', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startHerald({ env: { HERALD_RETENTION_DAYS: '1' } });
  });
  afterAll(() => h.close());

  it('purges a final delivery older than HERALD_RETENTION_DAYS and keeps a queued one, once per hour', async () => {
    // Rows written straight into the database (workspace default, the column's default).
    const db = h.herald.services.store.db.withoutPlugins();
    const old = Date.now() - 3 * 24 * 3600_000;
    const row = (id: string, status: 'delivered' | 'retrying') => ({
      workspace_id: 'default',
      id,
      event_id: null,
      notification_id: null,
      channel: 'webhook',
      recipient_type: 'agent' as const,
      recipient_id: 'agt_x',
      agent_id: 'agt_x',
      session_id: null,
      customer_id: null,
      target: 'http://127.0.0.1:9/h',
      payload: '{}',
      status,
      reason: null,
      attempts: 1,
      next_attempt_at: status === 'retrying' ? Date.now() + 3600_000 : null,
      last_status_code: null,
      last_error: null,
      destination: 'webhook:http://127.0.0.1:9',
      created_at: old,
      updated_at: old,
    });
    // Real ids: they begin with their creation time, which the purge's search relies on.
    const oldId = newId('dlv', old);
    const liveId = newId('dlv', old);
    // As Herald writes them (SQLite derives two columns: migration 0018).
    await asSystem(() => new DeliverySql(h.herald.services.store.caps).insert(db, [row(oldId, 'delivered'), row(liveId, 'retrying')]));
    await eventually(async () => !(await db.selectFrom('deliveries').select('id').where('id', '=', oldId).executeTakeFirst()), 30_000, 200);
    expect(await db.selectFrom('deliveries').select('id').where('id', '=', liveId).executeTakeFirst()).toEqual({ id: liveId });
    // One claimed hourly slot (this hour, or the previous one if the hour just turned).
    const slots = await db.selectFrom('job_slots').select(['slot']).where('job', '=', RETENTION_JOB).execute();
    expect(slots).toHaveLength(1);
    expect(Math.floor(Date.now() / 3600_000) - Number(slots[0]!.slot)).toBeLessThanOrEqual(1);
  });
});

/**
 * Campaign progress as counters (campaign_progress, one row per stage), moved in the same
 * transaction as the steps they count: reading a campaign costs the same at 50 participants and
 * at 500,000, where counting its steps on every GET grew with them.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../../core/outbox.js';
import type { Database, Row, StepStatus } from '../../store/schema.js';

export type ProgressRow = Row<'campaign_progress'>;

/** Every stage starts with all participants pending. */
export async function initProgress(tx: Db, campaignId: string, stages: number, participants: number): Promise<void> {
  const rows = Array.from({ length: stages }, (_, stage) => ({ campaign_id: campaignId, stage, pending: participants, sent: 0, failed: 0, skipped: 0 }));
  await tx
    .insertInto('campaign_progress')
    .values(rows)
    .onConflict((oc) => oc.columns(['campaign_id', 'stage']).doUpdateSet({ pending: participants, sent: 0, failed: 0, skipped: 0 }))
    .execute();
}

/** Counts steps (given by their stage, as an UPDATE … RETURNING stage gives them) that left `pending` for `to`. */
export async function movePending(tx: Db, campaignId: string, stages: ReadonlyArray<{ stage: number }>, to: Exclude<StepStatus, 'pending'>): Promise<void> {
  const byStage = new Map<number, number>();
  for (const { stage } of stages) byStage.set(stage, (byStage.get(stage) ?? 0) + 1);
  for (const [stage, n] of byStage) {
    await tx
      .updateTable('campaign_progress')
      .set((eb) => ({ pending: eb('pending', '-', n), [to]: eb(to, '+', n) }))
      .where('campaign_id', '=', campaignId)
      .where('stage', '=', stage)
      .execute();
  }
}

/** The progress rows of several campaigns at once (the list shows up to 200). */
export async function progressOf(db: Kysely<Database> | Db, campaignIds: string[]): Promise<Map<string, ProgressRow[]>> {
  const out = new Map<string, ProgressRow[]>(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return out;
  const rows = await db.selectFrom('campaign_progress').selectAll().where('campaign_id', 'in', campaignIds).execute();
  for (const r of rows) out.get(r.campaign_id)?.push(r);
  return out;
}

/**
 * Delivery analytics (CONTRACT §13): volume by status over time, success rate by channel and by
 * destination, latency percentiles — for deliveries created in [from, to).
 *
 * Every count is a count of one index range, asked as correlated subqueries of one statement. A
 * GROUP BY over a million rows makes SQLite sort them all (seconds on a busy machine); walking
 * index ranges needs no sort and reads no table row, so a million deliveries are summarized in a
 * few index walks. The ranges are of the deliveries' creation: on PostgreSQL a `created_at` range
 * of the status × time and destination × status × time indexes (migration 0011); on SQLite a `seq`
 * range of `(status)` and `(destination, status)`, whose entries end in seq (migrations 0016, 0018): a
 * delivery's id names the millisecond it was created and seq follows the ids, so a time is the seq
 * of the first id at or after it, one seek of the ids' index (as the console's `from`/`to`).
 * Latency (planning → delivered) is estimated from a sample of delivered rows per bucket and
 * destination. The channel of a destination is its key up to `:` (`webhook:<origin>`,
 * `webpush:<origin>`, `fcm`, `email`…), so filtering by channel is filtering by destination.
 */
import { type RawBuilder, sql } from 'kysely';
import { HeraldError } from '../errors.js';
import { idAt } from '../ids.js';
import type { Store } from '../store/db.js';
import { DESTINATION } from '../store/migrations/0018-derived-columns.js';
import { DEFAULT_WORKSPACE, asSystem, currentWorkspace } from '../store/workspace-scope.js';

export type Bucket = 'minute' | 'hour' | 'day';
export const BUCKET_MS: Record<Bucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** A chart wider than this is unreadable and its query slow: pick a larger bucket. */
export const MAX_BUCKETS = 1500;
const STATUSES = ['delivered', 'failed', 'skipped', 'retrying', 'cancelled', 'held', 'queued', 'sending'] as const;
type Status = (typeof STATUSES)[number];
/** Delivered rows sampled for latency, in all; spread over the buckets (at least 20 each). */
const SAMPLE_BUDGET = 20_000;

export interface AnalyticsQuery {
  from: number;
  to: number;
  bucket: Bucket;
  channel?: string;
}

type Counts = Record<Status, number>;
/** A bucket starting at `t`: the deliveries whose key is in [lo, hi). */
interface Span {
  t: number;
  lo: number;
  hi: number;
}

export interface DeliveryAnalytics {
  from: string;
  to: string;
  bucket: Bucket;
  total: number;
  buckets: Array<{
    t: string;
    delivered: number;
    failed: number;
    skipped: number;
    retrying: number;
    cancelled: number;
    held: number;
    pending: number;
    total: number;
    p50Ms: number | null;
    p95Ms: number | null;
  }>;
  byChannel: Record<string, { delivered: number; failed: number; skipped: number; total: number; successRate: number | null }>;
  byDestination: Array<{ key: string; channel: string; delivered: number; failed: number; total: number; successRate: number | null; p95Ms: number | null }>;
}

export function channelOfDestination(key: string): string {
  const i = key.indexOf(':');
  return i < 0 ? key : key.slice(0, i);
}

export class AnalyticsService {
  constructor(private readonly store: Store) {}

  async deliveries(q: AnalyticsQuery): Promise<DeliveryAnalytics> {
    const w = BUCKET_MS[q.bucket];
    const from = Math.floor(q.from / w) * w;
    const to = Math.ceil(q.to / w) * w;
    const n = (to - from) / w;
    if (n <= 0) throw new HeraldError('VALIDATION', '`from` must be before `to`.');
    if (n > MAX_BUCKETS)
      throw new HeraldError('VALIDATION', `That is ${n} ${q.bucket} buckets; at most ${MAX_BUCKETS}: choose a larger bucket or a shorter range.`);

    // Raw SQL (index ranges), so the store's scope cannot see into it: every count names the
    // caller's workspace itself and runs in system mode.
    // While the instance has one workspace every row is its own: no predicate, so the counts stay
    // index-only walks (the 0011 indexes do not lead with workspace_id yet; docs/workspaces.md).
    const workspaces = await this.store.db
      .selectFrom('workspaces')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const inWs = Number(workspaces.n) <= 1 ? sql`` : sql` AND workspace_id = ${currentWorkspace() ?? DEFAULT_WORKSPACE}`;
    return asSystem(() => this.deliveriesIn(q, from, to, w, n, inWs));
  }

  private async deliveriesIn(q: AnalyticsQuery, from: number, to: number, w: number, n: number, inWs: RawBuilder<unknown>): Promise<DeliveryAnalytics> {
    // Destination keys of every workspace (a loose index scan); counts below are the workspace's
    // own, and keys with nothing counted are left out of every answer.
    const allKeys = await this.destinationKeys();
    const keys = q.channel ? allKeys.filter((k) => channelOfDestination(k) === q.channel) : allKeys;
    const dest = this.destination();
    const inKeys = q.channel ? sql`${inWs} AND ${dest} IN (${keys.length ? sql.join(keys) : sql`NULL`})` : inWs;
    const spans = await this.spans(from, w, n);
    const all = { lo: spans[0]!.lo, hi: spans.at(-1)!.hi };
    const key = this.key();

    const [bucketRows, allDestRows] = await Promise.all([this.bucketCounts(spans, inKeys, q.channel !== undefined), this.destinationCounts(keys, all, inWs)]);
    const destRows = allDestRows.filter((d) => sum(d.counts) > 0);
    const perBucket = Math.min(200, Math.max(20, Math.floor(SAMPLE_BUDGET / n)));
    const spanOf = new Map(spans.map((b) => [b.t, b]));
    const [bucketSamples, destSamples] = await Promise.all([
      this.samples(
        bucketRows.map((b) => ({ label: String(b.t), where: sql`${key} >= ${spanOf.get(b.t)!.lo} AND ${key} < ${spanOf.get(b.t)!.hi}${inKeys}` })),
        perBucket,
      ),
      this.samples(
        destRows
          .filter((d) => d.counts.delivered > 0)
          .map((d) => ({ label: d.key, where: sql`${dest} = ${d.key} AND ${key} >= ${all.lo} AND ${key} < ${all.hi}${inWs}` })),
        200,
      ),
    ]);

    const buckets = bucketRows.map((b) => {
      const c = b.counts;
      const lat = bucketSamples.get(String(b.t)) ?? [];
      return {
        t: new Date(b.t).toISOString(),
        delivered: c.delivered,
        failed: c.failed,
        skipped: c.skipped,
        retrying: c.retrying,
        cancelled: c.cancelled,
        held: c.held,
        pending: c.queued + c.sending,
        total: sum(c),
        p50Ms: percentile(lat, 0.5),
        p95Ms: percentile(lat, 0.95),
      };
    });
    const byChannel: DeliveryAnalytics['byChannel'] = {};
    for (const d of destRows) {
      const ch = (byChannel[channelOfDestination(d.key)] ??= { delivered: 0, failed: 0, skipped: 0, total: 0, successRate: null });
      ch.delivered += d.counts.delivered;
      ch.failed += d.counts.failed;
      ch.skipped += d.counts.skipped;
      ch.total += sum(d.counts);
    }
    for (const ch of Object.values(byChannel)) ch.successRate = rate(ch.delivered, ch.failed);
    const byDestination = destRows
      .filter((d) => d.counts.delivered + d.counts.failed > 0)
      .map((d) => ({
        key: d.key,
        channel: channelOfDestination(d.key),
        delivered: d.counts.delivered,
        failed: d.counts.failed,
        total: sum(d.counts),
        successRate: rate(d.counts.delivered, d.counts.failed),
        p95Ms: percentile(destSamples.get(d.key) ?? [], 0.95),
      }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket: q.bucket,
      total: buckets.reduce((s, b) => s + b.total, 0),
      buckets,
      byChannel,
      byDestination,
    };
  }

  /** Every destination key in deliveries: one index seek per key (a loose index scan), not a scan. */
  private async destinationKeys(): Promise<string[]> {
    const dest = this.destination();
    const r = await sql<{ k: string }>`WITH RECURSIVE d(k) AS (
        SELECT min(${dest}) FROM ${this.byDestination()}
        UNION ALL
        SELECT (SELECT min(${dest}) FROM ${this.byDestination()} WHERE ${dest} > d.k) FROM d WHERE d.k IS NOT NULL
      ) SELECT k FROM d WHERE k IS NOT NULL`.execute(this.store.db);
    return r.rows.map((x) => x.k);
  }

  /**
   * A delivery's destination as its index holds it: on SQLite the generated column's expression
   * (migration 0018), whose index SQLite reads as covering (one of the virtual column it would not).
   */
  private destination(): RawBuilder<string> {
    return this.store.caps.derivedDeliveryColumns ? sql.raw<string>(`(${DESTINATION})`) : sql<string>`destination`;
  }

  /**
   * `deliveries`, read by `(destination, status)`. SQLite (0018): named, as its planner weighs the
   * index of an expression against `(status)` by rows, not by the rows it would then read.
   */
  private byDestination(): RawBuilder<unknown> {
    return this.store.caps.derivedDeliveryColumns ? sql`deliveries INDEXED BY deliveries_destination_idx` : sql`deliveries`;
  }

  /** The column the counted ranges are of: `seq` where deliveries have one (SQLite), else `created_at`. */
  private key(): RawBuilder<number> {
    return this.store.caps.deliverySeq ? sql<number>`seq` : sql<number>`created_at`;
  }

  /**
   * Each bucket [t, t + w) as a range of the key: on SQLite the seqs of the first ids at or after
   * t and t + w (one seek of the ids' unique index each; none after: past every seq).
   */
  private async spans(from: number, w: number, n: number): Promise<Span[]> {
    const times = Array.from({ length: n + 1 }, (_, i) => from + i * w);
    if (!this.store.caps.deliverySeq) return times.slice(0, n).map((t) => ({ t, lo: t, hi: t + w }));
    const r = await sql<{ s: number | null }>`SELECT (SELECT seq FROM deliveries WHERE id >= j.value ORDER BY id LIMIT 1) AS s
      FROM json_each(${JSON.stringify(times.map((t) => idAt('dlv', t)))}) AS j ORDER BY j.key`.execute(this.store.db);
    const seqs = r.rows.map((x) => (x.s === null ? Number.MAX_SAFE_INTEGER : Number(x.s)));
    return times.slice(0, n).map((t, i) => ({ t, lo: seqs[i]!, hi: seqs[i + 1]! }));
  }

  private async bucketCounts(spans: Span[], inKeys: RawBuilder<unknown>, byKeys: boolean): Promise<Array<{ t: number; counts: Counts }>> {
    const key = this.key();
    // Filtered by channel (destination keys): counted in `(destination, status)`, as destinationCounts.
    const from = byKeys ? this.byDestination() : sql`deliveries`;
    const cols = STATUSES.map((s) => sql`(SELECT count(*) FROM ${from} WHERE status = ${s} AND ${key} >= b.lo AND ${key} < b.hi${inKeys}) AS ${sql.ref(s)}`);
    // The buckets as one parameter (a chart may have 1,500 of them).
    const json = JSON.stringify(spans.map((b) => [b.t, b.lo, b.hi]));
    const b =
      this.store.caps.dialect === 'sqlite'
        ? sql`SELECT json_extract(value, '$[0]') AS t, json_extract(value, '$[1]') AS lo, json_extract(value, '$[2]') AS hi FROM json_each(${json})`
        : sql`SELECT (x->>0)::bigint AS t, (x->>1)::bigint AS lo, (x->>2)::bigint AS hi FROM jsonb_array_elements(${json}::jsonb) AS x`;
    const r = await sql<Record<string, unknown>>`WITH b(t, lo, hi) AS (${b}) SELECT b.t AS t, ${sql.join(cols)} FROM b ORDER BY b.t`.execute(this.store.db);
    return r.rows.map((row) => ({ t: Number(row.t), counts: countsOf(row) }));
  }

  private async destinationCounts(keys: string[], all: { lo: number; hi: number }, inWs: RawBuilder<unknown>): Promise<Array<{ key: string; counts: Counts }>> {
    const key = this.key();
    const dest = this.destination();
    const out: Array<{ key: string; counts: Counts }> = [];
    for (let i = 0; i < keys.length; i += 200) {
      const chunk = keys.slice(i, i + 200);
      const cols = STATUSES.map(
        (s) =>
          sql`(SELECT count(*) FROM ${this.byDestination()} WHERE ${dest} = k.key AND status = ${s} AND ${key} >= ${all.lo} AND ${key} < ${all.hi}${inWs}) AS ${sql.ref(s)}`,
      );
      const values = sql.join(
        chunk.map((k) => sql`SELECT CAST(${k} AS TEXT) AS key`),
        sql` UNION ALL `,
      );
      const r = await sql<Record<string, unknown>>`SELECT k.key AS key, ${sql.join(cols)} FROM (${values}) AS k`.execute(this.store.db);
      for (const row of r.rows) out.push({ key: String(row.key), counts: countsOf(row) });
    }
    return out;
  }

  /** Up to `limit` latencies of delivered rows per group, read in index order (no sort). */
  private async samples(groups: Array<{ label: string; where: RawBuilder<unknown> }>, limit: number): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    // SQLite allows 500 terms in a compound SELECT.
    for (let i = 0; i < groups.length; i += 400) {
      const parts = groups
        .slice(i, i + 400)
        .map(
          (g, j) =>
            sql`SELECT * FROM (SELECT CAST(${g.label} AS TEXT) AS g, updated_at - created_at AS l FROM deliveries WHERE status = 'delivered' AND ${g.where} LIMIT ${limit}) AS ${sql.ref(`s${j}`)}`,
        );
      if (parts.length === 0) continue;
      const r = await sql<{ g: string; l: unknown }>`${sql.join(parts, sql` UNION ALL `)}`.execute(this.store.db);
      for (const row of r.rows) {
        const list = out.get(row.g) ?? [];
        list.push(Number(row.l));
        out.set(row.g, list);
      }
    }
    return out;
  }
}

function countsOf(row: Record<string, unknown>): Counts {
  return Object.fromEntries(STATUSES.map((s) => [s, Number(row[s] ?? 0)])) as Counts;
}

function sum(c: Counts): number {
  return STATUSES.reduce((s, k) => s + c[k], 0);
}

function rate(delivered: number, failed: number): number | null {
  return delivered + failed === 0 ? null : Math.round((delivered / (delivered + failed)) * 10_000) / 10_000;
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

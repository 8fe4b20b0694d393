/**
 * Where a delivery's time went inside Herald, read back from its own rows after a window: from
 * the message's event to its delivery row (planning), from that row to its first attempt (waiting
 * for a slot and the scheduler), and the attempt itself (the HTTP exchange as Herald timed it,
 * including any wait of its event loop for the answer). The times are Herald's milliseconds, so
 * each figure is ±1 ms; what the load generator measures end to end also holds the ingest
 * request before the event and the sink's side after the attempt.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { percentile } from './load.js';

export interface StagePercentiles {
  p50: number;
  p99: number;
}

export interface Stages {
  deliveries: number;
  plan: StagePercentiles;
  wait: StagePercentiles;
  exchange: StagePercentiles;
}

interface StageRow {
  plan: number | string;
  wait: number | string;
  exchange: number | string;
}

// First attempts of the deliveries whose event was made in [from, to). SQLite keys attempts by
// the delivery's seq (migration 0017), PostgreSQL by its id.
const SQL = (join: string, p1: string, p2: string) => `SELECT d.created_at - e.created_at AS plan, a.started_at - d.created_at AS wait, a.latency_ms AS exchange
  FROM events e JOIN deliveries d ON d.event_id = e.id JOIN delivery_attempts a ON ${join} AND a.attempt = 1
  WHERE e.created_at >= ${p1} AND e.created_at < ${p2}`;

/** Reads the stages of the window [fromMs, toMs) from Herald's SQLite file (read-only; WAL allows it while Herald runs). */
export function sqliteStages(dataDir: string, fromMs: number, toMs: number): Stages | undefined {
  const db = new SQLite(path.join(dataDir, 'herald.db'), { readonly: true, fileMustExist: true });
  try {
    return summarize(db.prepare<[number, number], StageRow>(SQL('a.delivery_seq = d.seq', '?', '?')).all(fromMs, toMs));
  } finally {
    db.close();
  }
}

/** The same from Herald's PostgreSQL database. */
export async function pgStages(url: string, fromMs: number, toMs: number): Promise<Stages | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return summarize((await client.query<StageRow>(SQL('a.delivery_id = d.id', '$1', '$2'), [fromMs, toMs])).rows);
  } finally {
    await client.end();
  }
}

function summarize(rows: StageRow[]): Stages | undefined {
  if (rows.length === 0) return undefined;
  const pct = (key: keyof StageRow): StagePercentiles => {
    const v = Float64Array.from(rows, (r) => Number(r[key])).sort();
    return { p50: percentile(v, 50), p99: percentile(v, 99) };
  };
  return { deliveries: rows.length, plan: pct('plan'), wait: pct('wait'), exchange: pct('exchange') };
}

/** The stages of a window as the bench's log and report print them. */
export function stagesText(s: Stages): string {
  const p = (x: StagePercentiles) => `${x.p50} / ${x.p99}`;
  return `planning ${p(s.plan)}, waiting ${p(s.wait)}, exchange ${p(s.exchange)} ms (p50 / p99 of ${s.deliveries} deliveries)`;
}

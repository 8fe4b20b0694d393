/**
 * The bench's output: results.json (everything, machine-readable) and results.md (the tables,
 * also printed at the end of the run).
 */
import type { ProfileSummary } from './profile.js';
import type { BenchOptions } from './options.js';
import { formatSummary } from './profile.js';
import type { SystemResult, WindowStats } from './measure.js';
import { stagesText } from './stages.js';

export interface RawRun {
  label: string;
  perS: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU µs per POST in the bench process, which is client and sink at once. */
  cpuUsPerRequest: number;
  othersCores: number;
}

export interface ModeReport {
  mode: string;
  description: string;
  rawBeforePerS?: number;
  rawAfterPerS?: number;
  rawMeanPerS?: number;
  ratioToRaw?: number;
  result?: SystemResult & { processes: string[] };
  error?: string;
}

export interface Results {
  date: string;
  host: { cores: number; cpu: string; node: string; loadAvgAtStart: number[] };
  params: Pick<BenchOptions, 'quick' | 'messages' | 'warmup' | 'concurrency' | 'sessions' | 'agents'> & Record<string, unknown>;
  raw: RawRun[];
  modes: ModeReport[];
}

const f = (n: number | undefined, d = 0) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

// Issue 10's targets for the new engine, shown beside the numbers so a run says where it stands.
const TARGETS: Record<string, { ratio: number; halfP99Ms?: number; rssMb?: number }> = {
  sqlite: { ratio: 0.3, halfP99Ms: 20, rssMb: 250 },
  postgres: { ratio: 0.1 },
};

export function toMarkdown(r: Results): string {
  const out: string[] = [];
  out.push(
    `# Herald bench — ${r.date}`,
    '',
    `${r.host.cores} cores (${r.host.cpu}), Node ${r.host.node}, load average at start ${r.host.loadAvgAtStart.map((n) => n.toFixed(2)).join(' ')}. ` +
      `${r.params.messages} measured messages after ${r.params.warmup} warm-up, ${r.params.concurrency} in flight end to end, ` +
      `${r.params.sessions} customers/sessions, ${r.params.agents} agents (one sink port each).${r.params.quick ? ' QUICK smoke run: numbers are indicative only.' : ''}`,
    '',
    "| mode | deliveries/s | × raw | CPU µs/delivery (Herald) | Herald cores | PG µs/del | Redis µs/del | p50 / p99 ms at saturation | half load /s | p50 / p99 ms at half load | peak RSS MB | others' cores |",
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const m of r.modes) {
    if (!m.result) {
      out.push(`| ${m.mode} | FAILED: ${(m.error ?? '').split('\n')[0]} | | | | | | | | | | |`);
      continue;
    }
    const s: WindowStats = m.result.saturation;
    const h = m.result.half;
    out.push(
      `| ${m.mode} | ${f(s.deliveriesPerS)} | ${f(m.ratioToRaw, 3)} | ${f(s.cpuUs.system)} | ${f(s.cpuUs.systemCores, 2)} | ${f(s.cpuUs.postgres)} | ${f(s.cpuUs.redis)} | ` +
        `${f(s.p50Ms, 1)} / ${f(s.p99Ms, 1)} | ${f(h.offeredPerS)} | ${f(h.p50Ms, 1)} / ${f(h.p99Ms, 1)} | ${f(m.result.rssPeakMb)} | ${f(s.cpuUs.othersCores, 2)} |`,
    );
  }
  out.push('', "| raw undici baseline | POST/s | p50 / p99 ms | CPU µs per POST (client + sink) | others' cores |", '| --- | ---: | ---: | ---: | ---: |');
  for (const raw of r.raw)
    out.push(`| ${raw.label} | ${f(raw.perS)} | ${f(raw.p50Ms, 2)} / ${f(raw.p99Ms, 2)} | ${f(raw.cpuUsPerRequest, 1)} | ${f(raw.othersCores, 2)} |`);

  out.push('', 'Notes:');
  for (const m of r.modes) {
    if (!m.result) {
      out.push(`- **${m.mode}** failed: ${m.error}`);
      continue;
    }
    const s = m.result.saturation;
    const each = s.cpuUs.systemCoresEach.map((p) => `${p.name} ${f(p.cores, 2)}`).join(', ');
    const rss = m.result.rssPeakEachMb.map((p) => `${p.name} ${f(p.mb)}`).join(', ');
    const parts = [
      `${m.description}`,
      `× raw uses the mean of ${f(m.rawBeforePerS)} (before) and ${f(m.rawAfterPerS)} (after)`,
      `cores per process: ${each}; peak RSS MB: ${rss}`,
      `load generator + sink ${f(s.cpuUs.loadGenerator)} µs/delivery`,
      `half-load CPU ${f(m.result.half.cpuUs.system)} µs/delivery, generator lag p99 ${f(m.result.half.generatorLagP99Ms, 1)} ms`,
    ];
    if (m.result.half.stages) parts.push(`half load inside Herald: ${stagesText(m.result.half.stages)}`);
    if (m.result.duplicates) parts.push(`${m.result.duplicates} duplicate deliveries (at-least-once)`);
    const t = TARGETS[m.mode];
    if (t) {
      const ok = (b: boolean) => (b ? 'met' : 'NOT met');
      const checks = [`≥ ${t.ratio}× raw ${ok((m.ratioToRaw ?? 0) >= t.ratio)}`];
      if (t.halfP99Ms) checks.push(`half-load p99 ≤ ${t.halfP99Ms} ms ${ok(m.result.half.p99Ms <= t.halfP99Ms)}`);
      if (t.rssMb) checks.push(`RSS ≤ ${t.rssMb} MB ${ok(m.result.rssPeakMb <= t.rssMb)}`);
      parts.push(`issue 10 targets: ${checks.join(', ')}`);
    }
    out.push(`- **${m.mode}**: ${parts.join('; ')}.`);
  }
  for (const m of r.modes) {
    for (const [name, p] of Object.entries(m.result?.profiles ?? {}) as Array<[string, ProfileSummary & { file: string }]>) {
      out.push('', formatSummary(`${m.mode} / ${name}`, p), '', `Profile: \`${p.file}\` (open in Chrome DevTools or speedscope).`);
    }
  }
  return `${out.join('\n')}\n`;
}

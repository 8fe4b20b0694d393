/**
 * CPU profiles of Herald's processes over exactly one measured window: the bench starts them with
 * --inspect on a loopback port and drives V8's sampling profiler through the inspector protocol,
 * so start-up and set-up are not in the profile. The summary groups self time by package
 * (node_modules/<pkg>, Node's own modules, Herald's src/<dir>), which is what says where time goes;
 * native functions are charged to the package whose JS called them.
 */
import fs from 'node:fs';
import { WebSocket } from 'undici';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export class InspectorProfiler {
  private seq = 0;
  private readonly replies = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const r = msg.id === undefined ? undefined : this.replies.get(msg.id);
      if (!r) return;
      this.replies.delete(msg.id!);
      if (msg.error) r.reject(new Error(msg.error.message));
      else r.resolve(msg.result);
    });
  }

  static async connect(wsUrl: string): Promise<InspectorProfiler> {
    const ws = new WebSocket(wsUrl);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error(`Could not attach to the inspector at ${wsUrl}.`)), { once: true });
    });
    return new InspectorProfiler(ws);
  }

  private call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.seq;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.replies.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  async start(intervalUs = 250): Promise<void> {
    await this.call('Profiler.enable');
    await this.call('Profiler.setSamplingInterval', { interval: intervalUs });
    await this.call('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = await this.call<{ profile: CpuProfile }>('Profiler.stop');
    this.ws.close();
    return profile;
  }
}

/** Where a frame's code lives: a package, a Node module, or a directory of Herald's src. */
export function groupOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return '(program: native, outside JS)';
    return '(native, no JS caller)';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 14).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node:${parts[0] === 'internal' && parts.length > 2 ? `internal/${parts[1]}` : parts[0]}`;
  }
  const src = /\/(?:dist\/)?src\/(.+)$/.exec(url);
  if (src) {
    const parts = src[1]!.split('/');
    return `herald:${parts.length > 1 ? parts[0] : parts[0]!.replace(/\.[jt]s$/, '')}`;
  }
  return 'other';
}

export interface ProfileSummary {
  totalMs: number;
  groups: Array<{ group: string; ms: number; pct: number }>;
  functions: Array<{ fn: string; group: string; ms: number; pct: number }>;
}

export function summarize(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // A native function (writev, a SQLite step, an HMAC) is charged to the nearest caller outside
  // Node's own modules: "pg" or "jose" says more than "(native)" or "node:internal/crypto".
  const caller = (id: number): CallFrame | undefined => {
    let nodeFrame: CallFrame | undefined;
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      const f = byId.get(p)!.callFrame;
      if (f.url && !f.url.startsWith('node:')) return f;
      if (f.url) nodeFrame ??= f;
    }
    return nodeFrame;
  };
  const groups = new Map<string, number>();
  const fns = new Map<string, { group: string; us: number }>();
  let total = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(root)') continue;
    total += us;
    const native = !frame.url && !frame.functionName.startsWith('(') ? caller(id) : undefined;
    // "kysely › native" is better-sqlite3 running statements, "pg › native" socket writes,
    // "jose › native" the HMAC: kept apart from the package's own JS.
    const group = native ? `${groupOf(native)} › native` : groupOf(frame);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const where = (f: CallFrame) => `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    const key = native
      ? `${frame.functionName} (native, from ${native.functionName || '(anonymous)'} ${where(native)})`
      : `${frame.functionName || '(anonymous)'}${frame.url ? ` ${where(frame)}` : ''}`;
    const f = fns.get(key) ?? { group, us: 0 };
    f.us += us;
    fns.set(key, f);
  }
  const pct = (us: number) => Number(((us / total) * 100).toFixed(1));
  return {
    totalMs: Math.round(total / 1000),
    groups: [...groups].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: Math.round(us / 1000), pct: pct(us) })),
    functions: [...fns]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([fn, f]) => ({ fn, group: f.group, ms: Math.round(f.us / 1000), pct: pct(f.us) })),
  };
}

export function writeProfile(file: string, profile: CpuProfile): void {
  fs.writeFileSync(file, JSON.stringify(profile));
}

export function formatSummary(title: string, s: ProfileSummary): string {
  const lines = [`### ${title}: self time by package (${s.totalMs} ms sampled)`, '', '| package | % | ms |', '| --- | ---: | ---: |'];
  for (const g of s.groups.slice(0, 18)) lines.push(`| ${g.group} | ${g.pct} | ${g.ms} |`);
  lines.push('', '| top functions (self) | package | % |', '| --- | --- | ---: |');
  for (const f of s.functions) lines.push(`| \`${f.fn.replace(/\|/g, '\\|')}\` | ${f.group} | ${f.pct} |`);
  return lines.join('\n');
}

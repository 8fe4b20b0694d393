/**
 * CPU and memory of other processes, read from /proc (Linux only): Herald's processes, a local
 * PostgreSQL cluster (its postmaster and every child), Redis (from INFO, so it works remotely too),
 * this process, and the whole machine (to show how much the other tenants took meanwhile).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Redis } from 'ioredis';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  /** utime + stime, seconds. */
  cpu: number;
  /** cutime + cstime (children that exited and were reaped), seconds. */
  childCpu: number;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may contain spaces and parentheses: fields start after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
  const n = (field: number) => Number(f[field - 3]);
  return { ppid: n(4), cpu: (n(14) + n(15)) / CLK_TCK, childCpu: (n(16) + n(17)) / CLK_TCK };
}

/** CPU seconds used so far by a process (its own threads; 10 ms resolution). */
export function processCpuS(pid: number): number | undefined {
  return readStat(pid)?.cpu;
}

/** A field of /proc/<pid>/status in MB (VmHWM = peak RSS, VmRSS = current). */
export function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function parentPid(pid: number): number | undefined {
  return readStat(pid)?.ppid;
}

export function commOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a process tree one level deep (a PostgreSQL postmaster and its backends and
 * helpers): living children now, plus what exited children left in the parent's cutime.
 */
export function clusterCpuS(rootPid: number): number | undefined {
  const root = readStat(rootPid);
  if (!root) return undefined;
  let total = root.cpu + root.childCpu;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s && s.ppid === rootPid) total += s.cpu;
  }
  return total;
}

/** Whole machine: busy and total CPU seconds summed over cores, from /proc/stat. */
export function machineCpuS(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest times are already inside user/nice).
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0) / CLK_TCK;
  const idle = ((v[3] ?? 0) + (v[4] ?? 0)) / CLK_TCK;
  return { busy: total - idle, total };
}

export async function redisCpuS(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const get = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return get('used_cpu_sys') + get('used_cpu_user');
}

export interface Snapshot {
  at: number;
  herald: number;
  /** Per Herald process, same order as the pids given. */
  heraldEach: number[];
  load: number;
  machine: { busy: number; total: number };
  pg?: number;
  redis?: number;
}

export interface Usage {
  seconds: number;
  /** CPU seconds in the window. */
  herald: number;
  heraldEach: number[];
  load: number;
  pg?: number;
  redis?: number;
  /** CPU seconds of everything else on the machine (other tenants, the kernel) in the window. */
  others: number;
}

export class Meter {
  constructor(
    private readonly heraldPids: number[],
    private readonly pgPostmaster?: number,
    private readonly redis?: Redis,
  ) {}

  /** The synchronous parts are read at the call, so a window edge is where it is called. */
  async snap(): Promise<Snapshot> {
    const heraldEach = this.heraldPids.map((pid) => processCpuS(pid) ?? Number.NaN);
    const own = process.cpuUsage();
    const s: Snapshot = {
      at: performance.now(),
      herald: heraldEach.reduce((a, b) => a + b, 0),
      heraldEach,
      load: (own.user + own.system) / 1e6,
      machine: machineCpuS(),
    };
    if (this.pgPostmaster) s.pg = clusterCpuS(this.pgPostmaster);
    if (this.redis) s.redis = await redisCpuS(this.redis);
    return s;
  }

  static diff(a: Snapshot, b: Snapshot): Usage {
    const u: Usage = {
      seconds: (b.at - a.at) / 1000,
      herald: b.herald - a.herald,
      heraldEach: b.heraldEach.map((v, i) => v - a.heraldEach[i]!),
      load: b.load - a.load,
      others: 0,
    };
    if (a.pg !== undefined && b.pg !== undefined) u.pg = b.pg - a.pg;
    if (a.redis !== undefined && b.redis !== undefined) u.redis = b.redis - a.redis;
    const busy = b.machine.busy - a.machine.busy;
    u.others = Math.max(0, busy - u.herald - u.load - (u.pg ?? 0) - (u.redis ?? 0));
    return u;
  }
}

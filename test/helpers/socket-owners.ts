/**
 * Which process owns the client end of a loopback TCP connection (Linux /proc): lets a test that
 * receives requests tell which Herald process sent each one.
 */
import fs from 'node:fs';

/** Local port → pid, for the TCP sockets the given processes hold open. */
export function socketOwners(pids: number[]): Map<number, number> {
  const inodeToPid = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodeToPid.set(m[1]!, pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  const owners = new Map<number, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const pid = inodeToPid.get(cols[9]!);
      if (pid !== undefined) owners.set(parseInt(cols[1]!.split(':')[1]!, 16), pid);
    }
  }
  return owners;
}

import { type HeraldClient, type HeraldOptions, createHerald } from './client.js';

interface Entry {
  client: HeraldClient;
  refs: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const entries = new Map<string, Entry>();

export interface ClientLease {
  client: HeraldClient;
  /** Gives the client back; the last release tears it down, unless re-acquired in the same turn. */
  release(options?: { keepDevices?: boolean }): void;
}

/**
 * One client per server and user, shared by every holder. React StrictMode (and a route change)
 * unmounts and remounts in one go; tearing down at once would unregister the device and
 * register it again, and those two calls could reach the server in the wrong order. So the
 * teardown waits a turn and is cancelled when the same key is acquired again.
 */
export function acquireClient(options: HeraldOptions): ClientLease {
  const key = `${options.serverUrl.replace(/\/+$/, '')}\n${options.userId}`;
  let entry = entries.get(key);
  if (entry) {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.refs++;
  } else {
    entry = { client: createHerald(options), refs: 1, timer: null };
    entries.set(key, entry);
  }
  const e = entry;
  let released = false;
  return {
    client: e.client,
    release(o = {}) {
      if (released) return;
      released = true;
      if (--e.refs > 0) return;
      e.timer = setTimeout(() => {
        if (e.refs > 0 || entries.get(key) !== e) return;
        entries.delete(key);
        e.client.teardown(o).catch(options.onError ?? (() => undefined));
      }, 0);
    },
  };
}

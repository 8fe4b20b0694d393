import type { HeraldClient } from './client.js';
import type { Message } from './types.js';

/** Adds messages to a list kept in seq order, without duplicates (the stream and a send both report a message). */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const m of list) bySeq.set(m.seq, m);
  let changed = false;
  for (const m of incoming) {
    if (!bySeq.has(m.seq)) {
      bySeq.set(m.seq, m);
      changed = true;
    }
  }
  // Same array back when nothing is new, so React can skip the render.
  if (!changed) return list as Message[];
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The whole conversation so far, page by page. */
export async function loadAllMessages(client: HeraldClient, sessionId: string): Promise<Message[]> {
  const PAGE = 200;
  const all: Message[] = [];
  for (;;) {
    const { items } = await client.listMessages(sessionId, { after: all[all.length - 1]?.seq ?? 0, limit: PAGE });
    all.push(...items);
    if (items.length < PAGE) return all;
  }
}

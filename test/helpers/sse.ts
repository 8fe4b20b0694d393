import http from 'node:http';

export interface SseEvent {
  event: string;
  data: string;
}

/** A minimal SSE client over node:http, for asserting what a browser's EventSource would get. */
export async function openStream(url: string, headers: Record<string, string>) {
  const events: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  if (res.statusCode !== 200) {
    let body = '';
    for await (const c of res) body += c;
    throw new Error(`stream answered ${res.statusCode}: ${body}`);
  }
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let idx: number;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length) events.push({ event, data: data.join('\n') });
    }
    for (const w of waiters.splice(0)) w();
  });
  return {
    events,
    async next(match: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching SSE event; got ${events.map((e) => e.event).join(', ')}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
    close() {
      req.destroy();
    },
  };
}

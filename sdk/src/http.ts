import { apiErrorFrom } from './errors.js';
import type { FetchLike, FetchResponse } from './types.js';

export type TokenSource = string | (() => string | Promise<string>);

/** Authenticated JSON calls to one Herald server with a customer token. */
export class HeraldHttp {
  readonly baseUrl: string;

  constructor(
    serverUrl: string,
    private readonly token: TokenSource,
    private readonly fetchImpl: FetchLike,
  ) {
    this.baseUrl = serverUrl.replace(/\/+$/, '');
  }

  /** A function token is asked every time, so the app can hand out a refreshed one. */
  private async authorization(): Promise<string> {
    const t = typeof this.token === 'function' ? await this.token() : this.token;
    return `Bearer ${t}`;
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: await this.authorization(), accept: 'application/json' };
    // Herald rejects an empty body declared as JSON, so the header goes only with a body.
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetchImpl(this.baseUrl + path, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw apiErrorFrom(res.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Opens the SSE endpoint; the caller reads the body. Non-2xx answers throw HeraldApiError. */
  async openStream(path: string, signal: AbortSignal): Promise<FetchResponse> {
    const res = await this.fetchImpl(this.baseUrl + path, {
      method: 'GET',
      headers: { authorization: await this.authorization(), accept: 'text/event-stream', 'cache-control': 'no-cache' },
      signal,
    });
    if (!res.ok) throw apiErrorFrom(res.status, await res.text());
    return res;
  }
}

/** The global fetch, called through a wrapper: browsers throw "Illegal invocation" on a detached window.fetch. */
export function defaultFetch(): FetchLike {
  const f = (globalThis as { fetch?: unknown }).fetch;
  if (typeof f !== 'function') {
    throw new Error('No global fetch here; pass `fetch` to createHerald.');
  }
  return (url, init) => (globalThis as unknown as { fetch: FetchLike }).fetch(url, init);
}

import { EventSource } from 'eventsource';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { workspaceHeaders } from './api';

type Handler = (data: unknown) => void;
export type LiveEvent = 'message.created' | 'session.updated' | 'badge' | 'delivery.updated' | 'session.read';
const EVENTS: LiveEvent[] = ['message.created', 'session.updated', 'badge', 'delivery.updated', 'session.read'];

interface Live {
  connected: boolean;
  subscribe(type: LiveEvent, fn: Handler): () => void;
}

const LiveContext = createContext<Live | null>(null);

/** One SSE connection per tab (cookie-authenticated, in the chosen workspace), fanned out to whoever listens. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const handlers = useRef(new Map<LiveEvent, Set<Handler>>());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    // The eventsource package rather than the browser's: only it can send the workspace header.
    const es = new EventSource('/api/stream', { fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, ...workspaceHeaders() } }) });
    es.onopen = () => setConnected(true);
    // EventSource reconnects by itself; we only reflect the state.
    es.onerror = () => setConnected(false);
    for (const type of EVENTS) {
      es.addEventListener(type, (e) => {
        let data: unknown;
        try {
          data = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const fn of handlers.current.get(type) ?? []) fn(data);
      });
    }
    return () => es.close();
  }, []);

  const subscribe = useCallback((type: LiveEvent, fn: Handler) => {
    const set = handlers.current.get(type) ?? new Set();
    handlers.current.set(type, set);
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }, []);
  const value = useMemo(() => ({ connected, subscribe }), [connected, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Calls handler for each live event of this type; the latest handler is used without resubscribing. */
export function useLive<T>(type: LiveEvent, handler: (data: T) => void): void {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error('useLive outside LiveProvider');
  const ref = useRef(handler);
  ref.current = handler;
  const { subscribe } = ctx;
  useEffect(() => subscribe(type, (d) => ref.current(d as T)), [subscribe, type]);
}

export function useLiveConnected(): boolean {
  return useContext(LiveContext)?.connected ?? false;
}

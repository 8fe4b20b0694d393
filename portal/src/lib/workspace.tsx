import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { get } from './api';
import { useMe } from './auth';
import { useFaviconDot } from './favicon';
import { useLive } from './live';
import { closeNotificationsFor } from './read-receipts';
import { can } from './roles';
import { playChime } from './sound';
import type { Message, Page, Session } from './types';

interface Workspace {
  /** Conversations needing a human (waiting or assigned), as the server counts them. */
  activeConversations: number | null;
  /** Waiting and assigned sessions, kept live. */
  active: Session[];
  /** The session view calls this so a looping alert for that conversation stops. */
  opened(sessionId: string | null): void;
  /** Conversations whose alert is looping (not yet read on any of this operator's devices). */
  unheard: string[];
}

const WorkspaceContext = createContext<Workspace | null>(null);
const LOOP_EVERY_MS = 3000;

/** Live state of the Human Agents workspace: badge, waiting conversations, tab dot and sound alerts. */
export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const enabled = can(me.role, 'workspace');
  const [badge, setBadge] = useState<number | null>(null);
  const [active, setActive] = useState<Map<string, Session>>(new Map());
  const activeRef = useRef(active);
  activeRef.current = active;
  const openedId = useRef<string | null>(null);
  // Sessions a live event already told us about: the initial (older) lists must not overwrite them.
  const seenLive = useRef(new Set<string>());
  const [unheard, setUnheard] = useState<Set<string>>(new Set());

  useEffect(() => {
    if (!enabled) return;
    get<{ activeConversations: number }>('/api/workspace/badge')
      .then((r) => setBadge(r.activeConversations))
      // Older servers: the stream sends the badge on connect anyway.
      .catch(() => undefined);
    Promise.all((['waiting', 'assigned'] as const).map((status) => get<Page<Session>>(`/api/sessions?status=${status}&limit=200`)))
      .then((pages) => {
        // Live updates may have arrived meanwhile; those are newer, so they win.
        setActive((cur) => {
          const next = new Map<string, Session>();
          for (const p of pages) for (const s of p.items) if (!seenLive.current.has(s.id)) next.set(s.id, s);
          for (const [id, s] of cur) next.set(id, s);
          return prune(next);
        });
      })
      .catch(() => undefined);
  }, [enabled]);

  useLive<{ activeConversations: number }>('badge', (d) => setBadge(d.activeConversations));
  useLive<Session>('session.updated', (s) => {
    seenLive.current.add(s.id);
    setActive((cur) => prune(new Map(cur).set(s.id, s)));
    if (s.status === 'resolved') setUnheard((u) => without(u, s.id));
  });
  // Read on any of this operator's devices (or answered: posting reads everything before it):
  // the loop for that conversation stops here too, and its browser notifications close.
  const readHere = (sessionId: string) => {
    setUnheard((u) => without(u, sessionId));
    void closeNotificationsFor(sessionId).catch(() => undefined);
  };
  useLive<{ sessionId: string; reader: { type: string; id: string } }>('session.read', (r) => {
    if (r.reader.type === 'operator' && r.reader.id === me.id) readHere(r.sessionId);
  });
  useLive<Message>('message.created', (m) => {
    if (m.role === 'operator' && m.author.id === me.id) readHere(m.sessionId);
    if (!enabled || m.role !== 'user' || !me.profile.soundAlerts) return;
    const s = activeRef.current.get(m.sessionId);
    // Conversations the bot still handles, or another operator's, are not this operator's to hear.
    if (!s || (s.status === 'assigned' && s.assignedOperatorId !== me.id)) return;
    playChime();
    const lookingAtIt = openedId.current === m.sessionId && document.visibilityState === 'visible';
    if (me.profile.soundLoop && !lookingAtIt) setUnheard((u) => new Set(u).add(m.sessionId));
  });

  const looping = enabled && me.profile.soundAlerts && me.profile.soundLoop && unheard.size > 0;
  useEffect(() => {
    if (!looping) return;
    const timer = setInterval(playChime, LOOP_EVERY_MS);
    return () => clearInterval(timer);
  }, [looping]);

  // Coming back to the tab while a conversation is open counts as having seen it.
  useEffect(() => {
    const onVisible = () => {
      const id = openedId.current;
      if (id && document.visibilityState === 'visible') setUnheard((u) => without(u, id));
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  const waiting = [...active.values()].some((s) => s.status === 'waiting');
  useFaviconDot(enabled && waiting);

  const opened = useCallback((id: string | null) => {
    openedId.current = id;
    if (id) setUnheard((u) => without(u, id));
  }, []);

  const value: Workspace = { activeConversations: badge, active: [...active.values()], opened, unheard: looping ? [...unheard] : [] };
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

function prune(m: Map<string, Session>): Map<string, Session> {
  for (const [id, s] of m) if (s.status !== 'waiting' && s.status !== 'assigned') m.delete(id);
  return m;
}

function without(set: Set<string>, id: string): Set<string> {
  if (!set.has(id)) return set;
  const next = new Set(set);
  next.delete(id);
  return next;
}

export function useWorkspace(): Workspace {
  const ctx = useContext(WorkspaceContext);
  if (!ctx) throw new Error('useWorkspace outside WorkspaceProvider');
  return ctx;
}

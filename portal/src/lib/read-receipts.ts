import { useEffect, useRef } from 'react';
import { api } from './api';

/**
 * Tells the server how far this operator has read a conversation while it is on screen: the
 * server cancels pending notifications about it and tells the operator's other devices (their
 * sound loop and browser notifications for it stop). A hidden tab has not read anything.
 */
export function useMarkRead(sessionId: string, lastSeq: number | undefined, enabled: boolean): void {
  const sent = useRef(0);
  useEffect(() => {
    sent.current = 0;
  }, [sessionId]);
  useEffect(() => {
    if (!enabled || !lastSeq) return;
    const send = () => {
      if (document.visibilityState !== 'visible' || lastSeq <= sent.current) return;
      sent.current = lastSeq;
      // A lost receipt only means a notification may still come; nothing to show the operator.
      api('POST', `/api/sessions/${encodeURIComponent(sessionId)}/read`, { seq: lastSeq }).catch(() => {
        sent.current = 0;
      });
    };
    send();
    document.addEventListener('visibilitychange', send);
    return () => document.removeEventListener('visibilitychange', send);
  }, [sessionId, lastSeq, enabled]);
}

/** Closes this browser's notifications about a conversation (they are tagged with its id). */
export async function closeNotificationsFor(sessionId: string): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg) return;
  const shown = await reg.getNotifications();
  for (const n of shown) if (n.tag === sessionId || n.tag === `session-${sessionId}`) n.close();
}

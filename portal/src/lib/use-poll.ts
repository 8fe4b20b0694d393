import { useEffect, useRef } from 'react';

/**
 * Calls fn every `ms` while `active`, one call at a time (the next waits for the previous
 * answer). For state the live stream does not announce, such as campaign progress.
 */
export function usePoll(fn: () => Promise<unknown>, ms: number, active: boolean): void {
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => {
    if (!active) return;
    let on = true;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        await latest.current();
      } catch {
        // A missed poll is retried on the next tick; a toast every second would only be noise.
      }
      if (on) timer = setTimeout(() => void tick(), ms);
    };
    timer = setTimeout(() => void tick(), ms);
    return () => {
      on = false;
      clearTimeout(timer);
    };
  }, [active, ms]);
}

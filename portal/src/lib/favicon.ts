import { useEffect } from 'react';

const PLAIN = '/favicon.svg';
const DOT = '/favicon-dot.svg';

/**
 * Puts a red dot on the tab icon while the tab is in the background and `waiting` is true, so an
 * operator working in another tab sees that a customer waits. Back in front, the dot goes.
 */
export function useFaviconDot(waiting: boolean): void {
  useEffect(() => {
    const update = () => setIcon(waiting && document.visibilityState === 'hidden' ? DOT : PLAIN);
    update();
    document.addEventListener('visibilitychange', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      setIcon(PLAIN);
    };
  }, [waiting]);
}

function setIcon(href: string): void {
  let link = document.querySelector<HTMLLinkElement>('link#favicon');
  if (!link) {
    link = document.createElement('link');
    link.id = 'favicon';
    link.rel = 'icon';
    link.type = 'image/svg+xml';
    document.head.appendChild(link);
  }
  if (link.getAttribute('href') !== href) link.setAttribute('href', href);
}

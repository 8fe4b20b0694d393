/* Herald operator portal service worker: shows Web Push notifications and opens the portal on click. */

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  event.waitUntil(show(event.data));
});

// Herald's Web Push payload: {notificationId, title, body, data, tag?, url?, actions?}.
async function show(data) {
  let payload = {};
  try {
    payload = data ? data.json() : {};
  } catch {
    // A plain-text payload is the message itself.
    payload = { body: data ? data.text() : '' };
  }
  const d = payload.data || {};
  const type = String(d.type || d.event || '');
  const text = typeof payload.body === 'string' ? payload.body : '';
  let body = text || 'You have a new notification.';
  // The server writes the sentence itself; these cover a payload that carries only the raw text.
  if (/assign/.test(type) && !text) body = 'You have new session assigned.';
  else if (/message/.test(type) && text && !text.startsWith('New message')) body = `New message: ${text}`;
  const sessionId = d.sessionId || d.conversationId;
  const url = portalUrl(payload.url || d.url || (sessionId ? `/sessions/${encodeURIComponent(sessionId)}` : '/workspace'));
  await self.registration.showNotification(payload.title || 'Herald', {
    body,
    icon: '/favicon.svg',
    badge: '/favicon.svg',
    tag: payload.tag || (sessionId ? `session-${sessionId}` : undefined),
    renotify: Boolean(payload.tag || sessionId),
    data: { url },
  });
}

// The link is opened on this worker's own origin: the server's idea of its public URL can differ
// from the address this portal was loaded from (proxies, tests), and the path is what matters.
function portalUrl(link) {
  try {
    const u = new URL(link, self.location.origin);
    return new URL(u.pathname + u.search + u.hash, self.location.origin).href;
  } catch {
    return new URL('/', self.location.origin).href;
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = portalUrl((event.notification.data && event.notification.data.url) || '/');
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      // Reuse an open portal tab rather than piling up new ones.
      for (const client of windows) {
        if (new URL(client.url).origin === self.location.origin) {
          await client.focus();
          if ('navigate' in client && client.url !== target) await client.navigate(target).catch(() => undefined);
          return;
        }
      }
      await self.clients.openWindow(target);
    })(),
  );
});

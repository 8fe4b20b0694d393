// Shows Herald's Web Push payload ({title, body, data: {type, conversationId}, url}) and opens
// the chat it is about when clicked.
self.addEventListener('push', (event) => {
  const p = event.data ? event.data.json() : {};
  const conversationId = p.data && p.data.conversationId;
  const url = conversationId ? `/?startapp=chat_${conversationId}` : p.url || '/';
  event.waitUntil(self.registration.showNotification(p.title || 'Support', { body: p.body || '', tag: p.tag, data: { url } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});

// The page's whole use of @herald/sdk, served by server.mjs from sdk/dist.
import { HeraldApiError, createHerald, parseStartParam, readTelegramStartParam } from '/sdk/index.js';

const $ = (id) => document.getElementById(id);
let herald = null;
let session = null;
let token = null;
let statusTimer = null;
const shown = new Set(); // seqs on screen: a sent message comes back over the stream too

$('user-id').value = localStorage.getItem('demo.userId') ?? 'demo-user';

function showError(err) {
  console.error(err);
  const el = $('error');
  el.hidden = false;
  el.textContent = err instanceof HeraldApiError ? `${err.code}: ${err.message}` : String(err?.message ?? err);
}

async function post(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error?.message ?? `HTTP ${res.status}`);
  return json;
}

function render(m) {
  if (shown.has(m.seq)) return;
  shown.add(m.seq);
  const li = document.createElement('li');
  li.dataset.role = m.role;
  li.dataset.seq = m.seq;
  li.textContent = m.text;
  const meta = document.createElement('small');
  meta.textContent = `#${m.seq} ${m.author.type} · ${new Date(m.createdAt).toLocaleTimeString()}`;
  li.append(meta);
  // Keep seq order even if a message is rendered late (own message vs. stream).
  const after = [...$('messages').children].find((x) => Number(x.dataset.seq) > m.seq);
  $('messages').insertBefore(li, after ?? null);
  $('messages').scrollTop = $('messages').scrollHeight;
}

/** A subscription this browser already has (push enabled earlier), to register at sign-in. */
async function existingPushSubscription() {
  if (!('serviceWorker' in navigator)) return null;
  const reg = await navigator.serviceWorker.getRegistration('/sw.js');
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/** `?startapp=chat_<id>` (a notification's link, or this page after a reload) resumes that chat. */
async function openSession(agentId) {
  const link = parseStartParam(readTelegramStartParam());
  if (link?.route === 'chat') {
    try {
      return await herald.getSession(link.targetId);
    } catch (err) {
      if (!(err instanceof HeraldApiError && err.status === 404)) throw err; // someone else's: start anew
    }
  }
  const s = await herald.startSession({ agentId, channel: 'web' });
  history.replaceState(null, '', `?startapp=chat_${s.id}`);
  return s;
}

async function loadPreferences() {
  const prefs = await herald.getPreferences();
  for (const box of document.querySelectorAll('input[type=checkbox]')) box.checked = prefs[box.name];
}

$('sign-in').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const userId = $('user-id').value.trim();
    localStorage.setItem('demo.userId', userId);
    const minted = await post('/demo/session-token', { userId });
    token = minted.token;
    const webPushSubscription = await existingPushSubscription().catch(() => null);
    herald = createHerald({
      serverUrl: location.origin,
      userId,
      sessionToken: token,
      storage: localStorage,
      onError: (err) => console.warn('[herald]', err),
      ...(webPushSubscription && { webPushSubscription }),
    });
    herald.ready.catch(showError);
    session = await openSession(minted.agentId);
    $('who').textContent = userId;
    $('session-id').textContent = session.id;
    $('sign-in').hidden = true;
    $('app').hidden = false;
    herald.onMessage(session.id, render); // the history first, then live
    statusTimer = setInterval(() => ($('connection').textContent = herald.connection), 300);
    await loadPreferences();
  } catch (err) {
    showError(err);
  }
});

$('send').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  try {
    render(await herald.sendMessage(session.id, text));
    $('text').value = '';
  } catch (err) {
    showError(err);
  }
});

$('agent-reply').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('agent-text').value.trim();
  if (!text) return;
  try {
    await post('/demo/agent-reply', { sessionId: session.id, text }); // it arrives through onMessage
    $('agent-text').value = '';
  } catch (err) {
    showError(err);
  }
});

for (const box of document.querySelectorAll('input[type=checkbox]')) {
  box.addEventListener('change', () => herald.setPreferences({ [box.name]: box.checked }).then(loadPreferences, showError));
}

$('enable-push').addEventListener('click', async () => {
  try {
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) throw new Error('This browser has no Web Push.');
    if ((await Notification.requestPermission()) !== 'granted') throw new Error('Notifications were not allowed.');
    const reg = await navigator.serviceWorker.register('/sw.js');
    const res = await fetch('/api/push/vapid', { headers: { authorization: `Bearer ${token}` } });
    const { publicKey } = await res.json();
    const key = Uint8Array.from(atob(publicKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    await herald.updateToken(sub); // registers it (and drops an older subscription of this browser)
    $('enable-push').textContent = 'Browser push enabled';
  } catch (err) {
    showError(err);
  }
});

$('sign-out').addEventListener('click', async () => {
  clearInterval(statusTimer);
  try {
    await herald.teardown(); // stops the stream and unregisters this browser's push
  } catch (err) {
    showError(err);
  }
  herald = session = token = null;
  shown.clear();
  $('messages').replaceChildren();
  history.replaceState(null, '', '/');
  $('app').hidden = true;
  $('sign-in').hidden = false;
});

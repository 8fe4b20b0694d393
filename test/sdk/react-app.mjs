// A React app for the browser test (bundled by esbuild there): useHerald + <HeraldChat> in
// StrictMode, driven by the query string. Plain .mjs so the root tsconfig (no DOM lib) skips it.
import { StrictMode, createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { HeraldChat, HeraldProvider, useHerald } from '../../sdk/src/react.ts';

const params = new URLSearchParams(location.search);

function Support({ fcmToken }) {
  const { client, ready, error } = useHerald({
    serverUrl: location.origin,
    userId: params.get('user'),
    sessionToken: params.get('token'),
    fcmToken,
  });
  const state = error ? `error: ${error.message}` : ready ? 'ready' : 'starting';
  return h('section', null, h('p', { 'data-testid': 'state' }, state), h(HeraldProvider, { client }, h(HeraldChat, { sessionId: params.get('session') })));
}

function App() {
  const [signedIn, setSignedIn] = useState(true);
  const [fcmToken, setFcmToken] = useState(params.get('fcm'));
  return h(
    'main',
    null,
    h('button', { onClick: () => setFcmToken(`${params.get('fcm')}-rotated`) }, 'Rotate token'),
    h('button', { onClick: () => setSignedIn(false) }, 'Sign out'),
    signedIn ? h(Support, { fcmToken }) : h('p', null, 'Signed out'),
  );
}

createRoot(document.getElementById('root')).render(h(StrictMode, null, h(App)));

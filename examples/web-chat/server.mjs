#!/usr/bin/env node
/**
 * The web-chat example's backend: what your own app's backend would do, in one file with no
 * dependencies.
 *
 * - Serves the page (public/) and the built SDK (sdk/dist at /sdk/).
 * - Forwards /api/* to Herald, so the page talks to its own origin (Herald sends no CORS
 *   headers) — the SSE stream is piped through unbuffered.
 * - POST /demo/session-token mints a customer token with the server key. A real backend does
 *   this only for the user it has just authenticated; this demo trusts whatever id it is given,
 *   which is why it listens on loopback only.
 * - POST /demo/agent-reply posts a reply as the AI agent (server key), standing in for your bot.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PUBLIC = path.join(here, 'public');
const SDK_DIST = path.resolve(here, '../../sdk/dist');

const HERALD_URL = (process.env.HERALD_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const API_KEY = process.env.HERALD_API_KEY;
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = Number(process.env.PORT ?? 8080);
const AGENT_NAME = 'Web chat example';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!API_KEY) fail('Set HERALD_API_KEY to the server API key Herald printed at its first start (hk_…).');
if (!fs.existsSync(path.join(SDK_DIST, 'index.js'))) {
  fail('The SDK is not built yet. From the repository root run: npx tsc -p sdk/tsconfig.json');
}

/** A call to Herald with the server key. */
async function herald(method, p, body) {
  const res = await fetch(HERALD_URL + p, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw Object.assign(new Error(json?.error?.message ?? `Herald answered ${res.status}`), { status: res.status, body: json });
  return json;
}

/** The example's agent: found by name, created on the first run. */
async function ensureAgent() {
  const { items } = await herald('GET', '/api/agents');
  return items.find((a) => a.name === AGENT_NAME) ?? (await herald('POST', '/api/agents', { name: AGENT_NAME }));
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 64 * 1024) throw new Error('body too large');
  }
  return raw ? JSON.parse(raw) : {};
}

function serveFile(res, root, rel) {
  const file = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  // normalize() above already drops "..", this is the belt to its braces.
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return send(res, 404, { error: { code: 'NOT_FOUND', message: `No ${rel}` } });
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
}

/** Pipes /api/* to Herald as is, headers and body both ways (the SSE stream included). */
function proxy(req, res) {
  const target = new URL(req.url, HERALD_URL);
  const headers = { ...req.headers, host: target.host };
  const upstream = http.request(target, { method: req.method, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) send(res, 502, { error: { code: 'HERALD_UNREACHABLE', message: `Herald at ${HERALD_URL} did not answer.` } });
    else res.destroy();
  });
  // The browser went away (closed tab, teardown): close the stream to Herald too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

const agent = await ensureAgent().catch((err) =>
  fail(`Cannot reach Herald at ${HERALD_URL} with that key: ${err.message}. Is \`npm start\` running in the repository root?`),
);

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  try {
    if (url.pathname.startsWith('/api/')) return proxy(req, res);
    if (req.method === 'POST' && url.pathname === '/demo/session-token') {
      const { userId } = await readJson(req);
      if (typeof userId !== 'string' || !/^[A-Za-z0-9_.@-]{1,64}$/.test(userId)) {
        return send(res, 400, { error: { code: 'BAD_USER', message: 'userId: 1–64 letters, digits, _ . @ -' } });
      }
      const { token, expiresAt } = await herald('POST', `/api/customers/${encodeURIComponent(userId)}/token`, { ttlSeconds: 3600 });
      return send(res, 200, { token, expiresAt, agentId: agent.id });
    }
    if (req.method === 'POST' && url.pathname === '/demo/agent-reply') {
      const { sessionId, text } = await readJson(req);
      return send(res, 201, await herald('POST', `/api/sessions/${encodeURIComponent(sessionId)}/messages`, { text }));
    }
    if (req.method !== 'GET') return send(res, 405, { error: { code: 'METHOD', message: 'GET only' } });
    if (url.pathname.startsWith('/sdk/')) return serveFile(res, SDK_DIST, url.pathname.slice('/sdk/'.length));
    return serveFile(res, PUBLIC, url.pathname === '/' ? 'index.html' : url.pathname.slice(1));
  } catch (err) {
    send(res, err.status ?? 500, err.body ?? { error: { code: 'EXAMPLE_ERROR', message: err.message } });
  }
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`web-chat example on http://${HOST}:${port} (Herald: ${HERALD_URL}, agent ${agent.id})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());

import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './types.js';

// Paths owned by the API: a miss there must stay a JSON 404, never the portal's HTML.
const API_PREFIXES = ['/api/', '/webhooks/', '/metrics'];

/**
 * Serves the built operator portal (Vite output in distDir) at `/`. Any other GET that is not
 * an API path and not a file gets index.html, so the portal's client-side routes survive a
 * reload. Files are looked up per request, so a portal built after the server started is served.
 */
export async function portalRoutes(app: App, distDir: string): Promise<void> {
  const root = path.resolve(distDir);
  // serve:false — we route ourselves; the plugin only gives us reply.sendFile with safe path
  // handling (no escaping the root, correct content types, ETag/Last-Modified).
  await app.register(fastifyStatic, { root, serve: false, suppressWarning: true });

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const pathname = decodeSafe(req.url.split('?')[0] ?? '/');
    if (pathname === null) return reply.callNotFound();
    if (pathname === '/api' || pathname === '/webhooks' || API_PREFIXES.some((p) => pathname.startsWith(p))) {
      return reply.callNotFound();
    }
    const indexFile = path.join(root, 'index.html');
    if (!fs.existsSync(indexFile)) {
      return reply.status(503).type('text/plain; charset=utf-8').send('The Herald portal is not built. Run `npm run build`, then reload.');
    }

    const rel = path.posix.normalize(pathname).replace(/^\/+/, '');
    const file = path.join(root, rel);
    if (rel && file.startsWith(root + path.sep) && isFile(file)) {
      // Vite puts content hashes in everything under assets/, so those never change.
      const immutable = rel.startsWith('assets/');
      return reply.sendFile(rel, {
        maxAge: immutable ? '365d' : 0,
        immutable,
        // sw.js and the favicon must be revalidated, or a browser keeps an old service worker.
        cacheControl: true,
      });
    }
    // A missing asset is a real 404 (a stale tab asking for an old bundle should not get HTML).
    if (path.posix.extname(rel) && rel !== 'index.html') return reply.callNotFound();
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  });
}

function decodeSafe(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    return null;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

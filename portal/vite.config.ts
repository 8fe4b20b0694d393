import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The portal is served by Herald itself (src/http/portal.ts) from portal/dist; `vite` alone is
// for development and proxies the API to a locally running Herald.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Mantine is one large chunk by nature; the default 500 kB warning is noise here.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/webhooks': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});

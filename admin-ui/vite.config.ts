// Vite configuration of the admin UI. In production the API server serves `dist/` on its own port;
// in development Vite serves the UI on 5173 and forwards API paths to the server.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where the API server listens in development; override with PROCEDO_API_URL. */
const apiUrl = process.env.PROCEDO_API_URL ?? 'http://127.0.0.1:4000';

const proxied = ['/graphql', '/healthz', '/readyz'] as const;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: apiUrl, changeOrigin: true, ws: p === '/graphql' }])),
  },
  preview: {
    port: 4173,
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: apiUrl, changeOrigin: true }])),
  },
});

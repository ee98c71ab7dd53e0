// Vite build for the renderer. The lead's build script runs Vite with this config; the
// output is a static bundle that both hosts serve (Electron's app:// protocol and the
// browser host's HTTP server), so every URL in it is relative.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rendererDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: rendererDir,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
  },
});

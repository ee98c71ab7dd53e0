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
    rolldownOptions: {
      output: {
        codeSplitting: {
          // zod-config.ts must run before any zod schema is built (see there). With screens in
          // chunks of their own, zod and the contract's schemas land in a chunk shared by the
          // entry and those screens, which runs before the entry's own modules: so zod and its
          // configuration share a chunk of their own, in that order.
          groups: [{ name: 'zod', test: /node_modules[\\/]zod[\\/]|renderer[\\/]zod-config\.ts$/ }],
        },
      },
    },
  },
});

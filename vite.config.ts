import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one static bundle served by both hosts (Electron's app protocol and the
// browser-mode HTTP host); relative asset paths let either serve it from any base.
export const rendererConfig = defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
});

export default rendererConfig;

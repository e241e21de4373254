/**
 * One Custom UI build for the three Forge modules (admin page, project page, issue panel).
 *   npm run build:ui   -> static/app/build (manifest.yml resource `ui` points there)
 * `base: './'` because Forge serves a resource from its own path prefix: every asset URL must be relative.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: 'build',
    emptyOutDir: true,
    // Atlaskit is large; one vendor chunk keeps the entry small and cacheable.
    chunkSizeWarningLimit: 2500,
    reportCompressedSize: false,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    pool: 'threads',
  },
});

import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

// Two projects: the main process in Node, and renderer components in jsdom with Svelte's
// browser build. End-to-end tests in Chromium have their own config (vitest.e2e.config.ts).
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'electron/**/*.test.ts', 'shared/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
        resolve: { alias, conditions: ['browser'] },
        test: {
          name: 'component',
          include: ['test/component/**/*.test.ts', 'renderer/**/*.test.ts'],
          environment: 'jsdom',
          testTimeout: 20_000,
        },
      },
    ],
  },
});

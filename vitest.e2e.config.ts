import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests: the built app (npm run build first), the web host as a child process,
// Debian's Chromium. One file at a time: they share the 2 cores with the browser.
export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The page waits on a real host that may be busy with a first sync on 2 shared cores: a poll
    // gives up after 10 s, not vitest's default 1 s (a timeout, not an assertion about speed).
    expect: { poll: { timeout: 10_000 } },
  },
});

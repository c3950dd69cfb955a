import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const alias = { '@shared': `${root}shared` };
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig({
  main: {
    resolve: { alias },
    define,
    build: {
      outDir: 'out/main',
      // better-sqlite3 and keytar are native: they stay in node_modules (unpacked from asar).
      externalizeDeps: true,
      rollupOptions: {
        input: {
          // The Electron entry, and the web host + benchmark, which run in plain Node.
          index: `${root}electron/main/index.ts`,
          web: `${root}electron/main/web.ts`,
          bench: `${root}electron/main/bench/index.ts`,
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle everything else into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: `${root}electron/preload/index.ts` },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: `${root}renderer`,
    resolve: { alias },
    define,
    plugins: [svelte({ configFile: `${root}svelte.config.js` })],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: `${root}renderer/index.html` } },
    },
  },
});

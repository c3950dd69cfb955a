// Lint, and the layer rules of the house (see STYLE.md): shared/ imports neither electron, node:*
// nor the DOM; renderer/ never imports electron/; only electron/main/desktop/, the Electron entry
// and the preload import 'electron'. A violation fails `npm test`.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'HTMLElement', 'WebSocket'];
const nodeGlobals = ['process', 'Buffer', '__dirname', '__filename', 'require', 'global', 'module'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'docs/**', 'resources/**', '.cache/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
      // Vendor text is untrusted: never render it as markup.
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig },
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.workphone.' }],
          patterns: [
            { group: ['**/electron/**', '**/electron'], message: 'renderer/ must not import electron/ code.' },
            { group: nodeBuiltins, message: 'The renderer is a sandboxed page: no Node modules.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...nodeGlobals.map((name) => ({ name, message: 'No Node globals in the renderer.' }))],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ runs on both sides: no electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ runs on both sides: no Node modules.' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing of either side.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[...domGlobals, ...nodeGlobals].map((name) => ({ name, message: 'shared/ uses neither DOM nor Node globals.' })),
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/desktop/**', 'electron/main/index.ts', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only electron/main/desktop/, the entry and the preload import electron.' },
            { name: 'electron-updater', message: 'electron-updater loads electron: only electron/main/desktop/ and the entry use it.' },
          ],
          patterns: [{ group: ['**/renderer/**'], message: 'Main-process code does not import the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['zod', 'ws', 'better-sqlite3', 'keytar'], message: 'A sandboxed preload bundles nothing but the bridge.' },
            { group: ['**/main/**'], message: 'The preload never imports main-process code.' },
          ],
        },
      ],
    },
  },
);

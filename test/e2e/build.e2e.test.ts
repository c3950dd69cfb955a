// What `electron-vite build` produced: a self-contained sandboxed preload, native modules left
// external to the main bundle, and a web host with no electron import on its path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/web-host-process';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('the build output', () => {
  it('bundles the preload into one CommonJS file that requires only electron', () => {
    const preload = read('out/preload/index.cjs');
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(preload).not.toMatch(/\bimport\s/);
  });

  it('keeps better-sqlite3 and keytar external to the main bundle', () => {
    const files = readdirSync(join(ROOT, 'out/main'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const all = files.map((f) => read(join('out/main', f))).join('\n');
    expect(all).not.toContain('function Database('); // better-sqlite3's own source
    for (const native of ['better-sqlite3', 'keytar']) {
      if (all.includes(native)) expect(all).toMatch(new RegExp(`(from|import\\()\\s*["']${native}["']`));
    }
  });

  it('has no electron import on the web host path', () => {
    const web = read('out/main/web.js');
    const imported = [...web.matchAll(/from\s+["']([^"']+)["']|import\(["']([^"']+)["']\)/g)].map((m) => m[1] ?? m[2]);
    expect(imported).not.toContain('electron');
    const chunks = imported.filter((p): p is string => !!p && p.startsWith('./'));
    for (const chunk of chunks) expect(read(join('out/main', chunk))).not.toMatch(/from\s+["']electron["']/);
  });
});

// Uncaught exceptions and unhandled rejections in a real Node process with the app's handlers:
// logged to the log file (stack included) and survived; only a storm of them ends the process,
// with its logs written first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const jitiCli = join(dirname(createRequire(import.meta.url).resolve('jiti/package.json')), 'lib/jiti-cli.mjs');
const child = join(here, '../helpers/process-errors-child.ts');

function run(mode: 'survive' | 'storm'): Promise<{ code: number | null; out: string; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'wp-process-errors-'));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [jitiCli, child, dir, mode], {
      env: { ...process.env, JITI_ALIAS: JSON.stringify({ '@shared': join(here, '../../shared') }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, out, log: readFileSync(join(dir, 'web-host.log'), 'utf8') }));
  });
}

describe('errors nobody caught', () => {
  it('are logged with where they came from, and the process goes on', async () => {
    const { code, out, log } = await run('survive');
    expect(out).toBe('alive\n');
    expect(code).toBe(0);
    expect(log).toMatch(/error web-host:process uncaught exception; the app goes on \{"origin":"uncaughtException","name":"TypeError","message":"a poll callback threw","stack":\["at Timeout\._onTimeout .*process-errors-child\.ts/);
    expect(log).toMatch(/error web-host:process unhandled promise rejection; the app goes on \{"name":"Error","message":"nobody awaited this send"/);
    expect(log).toMatch(/info web-host still working after both\n$/);
  });

  it('end the process after a storm, with the log written', async () => {
    const { code, log } = await run('storm');
    expect(code).toBe(1);
    expect(log.match(/uncaught exception; the app goes on/g)).toHaveLength(10);
    expect(log).toMatch(/too many uncaught errors in a row; stopping so the app can be started afresh \{"count":10,"withinMs":60000\}\n$/);
  });
});

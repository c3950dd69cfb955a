// The log files on real files: lines are written in batches, rotated at the size cap into at most
// five files, scrubbed of every secret (patterns and registered values, even one registered after
// its line was logged), and read back for the diagnostics export newest-first within a budget.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppLogging } from '../../electron/main/log/app-logging';
import { readLogFolder, RotatingLogFile } from '../../electron/main/log/log-file';
import { createLogger, forgetSecretForRedaction, registerSecretForRedaction } from '../../electron/main/log/logger';

const open: RotatingLogFile[] = [];
afterEach(() => {
  for (const file of open.splice(0)) file.close();
});

function logFile(options: Partial<ConstructorParameters<typeof RotatingLogFile>[0]> = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wp-logs-'));
  const file = new RotatingLogFile({ dir, name: 'desktop', flushEveryMs: 60_000, ...options });
  open.push(file);
  return { dir, file, logger: createLogger(file.sink, 'desktop') };
}

const text = (path: string) => readFileSync(path, 'utf8');

describe('log files', () => {
  it('writes lines in batches, not one write per line', async () => {
    const { file, logger } = logFile({ flushEveryMs: 20 });
    logger.info('first line');
    logger.warn('second line', { accountId: 'moor-1' });
    expect(text(file.path)).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = text(file.path).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info desktop first line$/);
    expect(lines[1]).toMatch(/ warn desktop second line \{"accountId":"moor-1"\}$/);
  });

  it('writes at once when a batch grows large', () => {
    const { file, logger } = logFile({ bufferBytes: 1024 });
    for (let i = 0; i < 40; i++) logger.info(`line ${i} ${'x'.repeat(40)}`);
    expect(text(file.path).split('\n').length).toBeGreaterThan(10);
  });

  it('rotates at the size cap and keeps at most five files', () => {
    const { dir, file, logger } = logFile({ maxFileBytes: 10_000, files: 5, bufferBytes: 500 });
    for (let i = 0; i < 2_000; i++) logger.info(`sync step ${i} ${'同步'.repeat(20)}`);
    file.flush();
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['desktop.1.log', 'desktop.2.log', 'desktop.3.log', 'desktop.4.log', 'desktop.log']);
    for (const name of names) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(10_000);
    // Newest in desktop.log, the one before in desktop.1.log, and lines are never split.
    expect(text(join(dir, 'desktop.log'))).toContain('sync step 1999 ');
    const lastOfOne = Number(/sync step (\d+) /.exec(text(join(dir, 'desktop.1.log')).trimEnd().split('\n').at(-1)!)![1]);
    const firstOfCurrent = Number(/sync step (\d+) /.exec(text(join(dir, 'desktop.log')).split('\n')[0]!)![1]);
    expect(firstOfCurrent).toBe(lastOfOne + 1);
    for (const name of names) for (const line of text(join(dir, name)).trimEnd().split('\n')) expect(line).toMatch(/ info desktop sync step \d+ /);
  });

  it('carries on in the file an earlier run left, and rotates it when full', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-logs-'));
    writeFileSync(join(dir, 'desktop.log'), 'earlier run\n'.repeat(900));
    const { file, logger } = logFile({ dir, maxFileBytes: 10_000 });
    logger.info('this run');
    file.flush();
    expect(text(join(dir, 'desktop.1.log'))).toMatch(/^earlier run\n/);
    expect(text(file.path)).toMatch(/info desktop this run\n$/);
  });

  it('cuts a runaway line instead of letting it rotate the history away', () => {
    const { file, logger } = logFile({ maxLineChars: 200 });
    logger.error('huge', { body: 'y'.repeat(10_000) });
    file.flush();
    const line = text(file.path);
    expect(line.length).toBeLessThan(300);
    expect(line).toMatch(/characters cut\]\n$/);
  });

  it('never puts a secret on disk: known patterns, registered values, and a value registered after its line was logged', () => {
    const { file, logger } = logFile();
    const early = 'tok-registered-before-0123456789';
    const late = 'tok-registered-after-9876543210';
    registerSecretForRedaction(early);
    try {
      logger.warn('request failed', { url: 'https://api.example.com/list?accessToken=abcdef123456&page=2', header: 'Authorization: Bearer zzz-secret-zzz' });
      logger.info(`a stray interpolation of ${early}`);
      // Formatted before anyone knew it was a secret; registered before the batch reached disk.
      logger.info(`a value that turns out to be a token: ${late}`);
      registerSecretForRedaction(late);
      file.flush();
      const written = text(file.path);
      for (const secret of [early, late, 'abcdef123456', 'zzz-secret-zzz']) expect(written).not.toContain(secret);
      expect(written).toContain('accessToken=***');
      expect(written).toContain('a stray interpolation of ***');
      expect(written).toContain('a value that turns out to be a token: ***');
    } finally {
      forgetSecretForRedaction(early);
      forgetSecretForRedaction(late);
    }
  });

  it('keeps the last lines when the process ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-logs-'));
    const logs = startAppLogging({ dir, name: 'web-host', flushEveryMs: 60_000, echo: () => undefined });
    logs.logger.info('the last words');
    process.emit('exit', 0);
    expect(text(join(dir, 'web-host.log'))).toContain('info web-host the last words');
    logs.close();
  });

  it('logs to the terminal only, and says so, when the folder cannot be made', () => {
    const parent = mkdtempSync(join(tmpdir(), 'wp-logs-'));
    writeFileSync(join(parent, 'not-a-folder'), '');
    const echoed: string[] = [];
    const logs = startAppLogging({ dir: join(parent, 'not-a-folder', 'logs'), name: 'desktop', echo: (r) => echoed.push(r.message) });
    logs.logger.info('still heard');
    logs.flush();
    logs.close();
    expect(echoed[0]).toMatch(/^the log folder cannot be written; logging to the terminal only .*ENOTDIR/);
    expect(echoed[1]).toBe('still heard');
  });
});

describe('reading the log folder for an export', () => {
  it('gives every host’s files oldest first, the newest bytes within the budget, from a whole line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-logs-'));
    const desktop = logFile({ dir, maxFileBytes: 4_000, bufferBytes: 100 });
    for (let i = 0; i < 300; i++) desktop.logger.info(`desktop line ${i}`);
    desktop.file.flush();
    const everything = readLogFolder(dir, 10_000_000);
    expect(everything.files.map((f) => f.name).at(-1)).toBe('desktop.log');
    expect(everything.files.every((f) => f.cutBytes === 0)).toBe(true);
    const joined = everything.files.map((f) => f.text).join('');
    expect(joined.indexOf('desktop line 0\n')).toBeLessThan(joined.indexOf('desktop line 299\n'));

    const budget = readLogFolder(dir, 5_000);
    const kept = budget.files.map((f) => f.text).join('');
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(5_000);
    expect(kept).toContain('desktop line 299\n');
    expect(kept).not.toContain('desktop line 0\n');
    expect(kept.split('\n')[0]).toMatch(/^\d{4}-.* info desktop desktop line \d+$/);
    expect(budget.totalBytes).toBe(everything.totalBytes);
    expect(readLogFolder(join(dir, 'missing'), 1000)).toEqual({ files: [], totalBytes: 0 });
  });
});

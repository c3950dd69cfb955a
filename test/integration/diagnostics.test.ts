// "Export diagnostics" through the router of a real app core: a synced Zhuge account (over HTTP to
// the simulator), log files on disk, and the bundle: versions, account health with sync status,
// the store's numbers and the newest logs — and no token, no message text, no whole phone number.
// The desktop's delivery (a save dialog and a file) and the web host's (text for a download) both.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '@shared/ipc/define';
import type { AppOutput } from '@shared/ipc/contract';
import { maskPhoneNumbers } from '../../electron/main/app/diagnostics-report';
import { createAppCore, DATABASE_FILE, type AppCore } from '../../electron/main/app/core';
import { startAppLogging, type AppLogs } from '../../electron/main/log/app-logging';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { startZhugeSimulator, type ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';
import { zhugeDraft } from './accounts-kit';
import { waitFor } from './sync-harness';

const TOKEN = `diag-token-${'7'.repeat(24)}`;
let zhuge: ZhugeSimulator;
let dataDir: string;
let logs: AppLogs;
let core: AppCore;
let saved: Array<{ fileName: string; text: string }> = [];

const exportVia = async (which: AppCore) => {
  const result = (await which.router.invoke('app.exportDiagnostics', {})) as Result<AppOutput<'app.exportDiagnostics'>>;
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.message}`);
  return result.value;
};

beforeAll(async () => {
  zhuge = await startZhugeSimulator();
  zhuge.data.customers[0]!.token = TOKEN;
  dataDir = mkdtempSync(join(tmpdir(), 'wp-diagnostics-'));
  logs = startAppLogging({ dir: join(dataDir, 'logs'), name: 'web-host', echo: () => undefined });
  core = await createAppCore({ host: 'web', dataDir, secrets: new MemorySecretStore(), logger: logs.logger, logs });
  const added = (await core.router.invoke('accounts.add', zhugeDraft(zhuge, { token: TOKEN }))) as Result<{ id: string }>;
  if (!added.ok) throw new Error(added.error.message);
  await waitFor(() => core.sync.status()[0]?.streams.every((s) => s.lastSuccessAt !== undefined) === true, 'the first sync', 20_000);
  // Lines a careless caller might log: a phone number, a landline, a token in a URL and as text.
  logs.logger.warn('dial refused', { phone: '13912345678', landline: '010-88886666', at: 1_733_400_000_000 });
  logs.logger.info(`request https://x.example/api?token=${TOKEN} for ${TOKEN}`);
});

afterAll(async () => {
  await core?.close();
  logs?.close();
  await zhuge?.close();
});

describe('the diagnostics bundle', () => {
  it('is handed to the page in the web host, with what support needs', async () => {
    const bundle = await exportVia(core);
    if (bundle.delivery !== 'download') throw new Error(`delivered as ${bundle.delivery}`);
    expect(bundle.fileName).toMatch(/^workphone-diagnostics-\d{8}-\d{4}\.txt$/);
    expect(bundle.bytes).toBe(Buffer.byteLength(bundle.text));
    const { text } = bundle;
    const summary = JSON.parse(text.slice(text.indexOf('== Summary ==') + 14, text.indexOf('\n== Logs'))) as {
      app: { host: string; version: string };
      versions: Record<string, string>;
      os: { platform: string; arch: string };
      folders: { logs: string };
      accounts: Array<{ vendor: string; status: string; hasSecret: boolean; baseUrl: string; sync: { paused: boolean; streams: Array<{ stream: string; lastSuccessAt?: string }> } }>;
      store: { sqliteVersion: string; schemaVersion: number; rows: Record<string, number>; perAccount: Array<{ messages: number }>; files: { cache: number } };
    };
    expect(summary.app.host).toBe('web');
    expect(summary.versions.node).toBe(process.versions.node);
    expect(summary.os).toMatchObject({ platform: process.platform, arch: process.arch });
    expect(summary.folders.logs).toBe(join(dataDir, 'logs'));
    expect(summary.accounts).toHaveLength(1);
    expect(summary.accounts[0]).toMatchObject({ vendor: 'zhuge', hasSecret: true, baseUrl: `${zhuge.url}/`, sync: { paused: false } });
    expect(summary.accounts[0]!.sync.streams.every((s) => typeof s.lastSuccessAt === 'string')).toBe(true);
    expect(summary.store.sqliteVersion).toMatch(/^3\.\d+\.\d+$/);
    expect(summary.store.schemaVersion).toBeGreaterThanOrEqual(3);
    expect(summary.store.rows.messages).toBeGreaterThan(0);
    expect(summary.store.perAccount[0]!.messages).toBe(summary.store.rows.messages);
    expect(summary.store.files.cache).toBeGreaterThan(0);
    expect(text).toContain('--- web-host.log ---');
    expect(text).toMatch(/info web-host:accounts account added \{"accountId":"[^"]+","vendor":"zhuge"/);
  });

  it('holds no token, no message text and no whole phone number', async () => {
    const bundle = await exportVia(core);
    const text = bundle.delivery === 'download' ? bundle.text : '';
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('token=***');
    expect(text).toContain('"phone":"139****5678"');
    expect(text).toContain('"landline":"010-****6666"');
    expect(text).toContain('"at":1733400000000');
    expect(text).not.toContain('13912345678');
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const texts = db.prepare("SELECT DISTINCT text FROM messages WHERE length(text) >= 4").pluck().all() as string[];
    db.close();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((t) => text.includes(t))).toEqual([]);
  });

  it('is written where the agent chose through the desktop’s save dialog', async () => {
    const desktopDir = mkdtempSync(join(tmpdir(), 'wp-diagnostics-desktop-'));
    const target = join(desktopDir, 'support.txt');
    saved = [];
    const desktop = await createAppCore({
      host: 'electron',
      dataDir: desktopDir,
      secrets: new MemorySecretStore(),
      logs,
      saveDiagnostics: async (fileName, text) => {
        saved.push({ fileName, text });
        const { writeFile } = await import('node:fs/promises');
        await writeFile(target, text);
        return { saved: true, path: target };
      },
    });
    try {
      const result = await exportVia(desktop);
      expect(result).toEqual({ delivery: 'saved', path: target, bytes: Buffer.byteLength(saved[0]!.text) });
      expect(readFileSync(target, 'utf8')).toContain('"host": "electron"');
    } finally {
      await desktop.close();
    }
  });
});

describe('phone masking', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['+86 138 0013 8000', '+86 138****8000'],
    ['0086-13800138000', '0086-138****8000'],
    ['call 021-66668888 now', 'call 021-****8888 now'],
    ['ts 1733400000000 id 213800138000', 'ts 1733400000000 id 213800138000'],
    ['seq 12345678901', 'seq 12345678901'],
  ])('%s → %s', (input, masked) => {
    expect(maskPhoneNumbers(input)).toBe(masked);
  });
});

// The whole app core on the demo workspace, in process: the first run creates the three demo
// accounts through the accounts service and syncs them; the cache then equals the demo tenants.
// A restart with a memory-only keychain (secrets gone) repairs the accounts and adds nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSyncStatus } from '@shared/ipc/sync';
import { createAppCore, DATABASE_FILE, type AppCore } from '../../electron/main/app/core';
import { createDemoAccountsOnce, prepareDemoWorkspace } from '../../electron/main/demo/host';
import type { DemoWorkspace } from '../../electron/main/demo/workspace';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { compareDemoCache } from './sync-demo-cache';
import { caughtUp, waitFor } from './sync-harness';

const dataDir = mkdtempSync(join(tmpdir(), 'wp-demo-sync-'));
let workspace: DemoWorkspace;
let core: AppCore;
let status: AccountSyncStatus[] = [];

async function boot(): Promise<void> {
  const secrets = new MemorySecretStore();
  workspace = await prepareDemoWorkspace({ dataDir, secrets, databaseFile: join(dataDir, DATABASE_FILE), liveTraffic: false });
  core = await createAppCore({ host: 'web', dataDir, secrets, demo: true });
  await createDemoAccountsOnce(workspace, core.context);
}

async function syncedAll(): Promise<void> {
  await waitFor(
    () => {
      void core.router.invoke('sync.getStatus', {}).then((r) => {
        if (r.ok) status = r.value as AccountSyncStatus[];
      });
      return status.length === 3 && status.every(caughtUp);
    },
    'the three demo accounts to sync',
    30_000,
    () => status,
  );
}

beforeAll(async () => {
  await boot();
  await syncedAll();
}, 60_000);

afterAll(async () => {
  await core?.close();
  await workspace?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo workspace, synced', () => {
  it('has the three demo accounts, labelled, as demo accounts', async () => {
    const result = await core.router.invoke('accounts.list', {});
    expect(result.ok).toBe(true);
    const accounts = (result as { value: { label: string; demo: boolean }[] }).value;
    expect(accounts.map((a) => [a.label, a.demo])).toEqual([
      ['演示·七陌工作手机', true],
      ['演示·友米企微/个微', true],
      ['演示·诸葛雷达公众号', true],
    ]);
  });

  it('holds exactly the demo tenants: nothing missing, nothing extra, nothing twice', () => {
    const comparison = compareDemoCache(join(dataDir, DATABASE_FILE), workspace.anchorMs);
    expect(comparison.differences).toEqual([]);
    expect(comparison.counts.moor.messages).toBeGreaterThan(400);
    expect(comparison.counts.youmi.messages).toBeGreaterThan(400);
    expect(comparison.counts.zhuge.messages).toBeGreaterThan(10);
  });

  it('restarts with the secrets gone from a memory-only keychain, syncs again and adds nothing', async () => {
    await core.close();
    await workspace.close();
    status = [];
    await boot();
    await syncedAll();
    expect((await core.router.invoke('accounts.list', {})) as { value: unknown[] }).toMatchObject({ ok: true, value: { length: 3 } });
    expect(compareDemoCache(join(dataDir, DATABASE_FILE), workspace.anchorMs).differences).toEqual([]);
    expect(status.every((s) => s.streams.every((stream) => stream.lastError === undefined))).toBe(true);
  });
});

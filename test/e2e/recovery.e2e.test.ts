// Recovering by itself and logs a user can send, in Chromium through the built web host with the
// demo: the simulators drop off the network (their ports stop listening) → the offline banner;
// they come back → the banner goes when a poll succeeds, by itself or through "retry now".
// Settings → About → "export diagnostics" downloads one text file with the summary and the logs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import { agentPage, launchChromium } from '../helpers/browser';
import { connectToHost, waitUntil, type HostSocket } from '../helpers/host-socket';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let socket: HostSocket;
let browser: Browser;
let page: Page;

async function setReachable(reachable: boolean): Promise<void> {
  const token = new URL(host.url).hash.replace(/^#token=/, '');
  const response = await fetch(`${host.origin}/__demo/reachable?token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reachable }),
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--demo', '--no-demo-traffic']);
  socket = await connectToHost(host);
  await waitUntil(
    async () => {
      const status = await socket.invoke<AppOutput<'sync.getStatus'>>('sync.getStatus', {});
      return status.length === 3 && status.every((a) => a.streams.every((s) => s.lastSuccessAt !== undefined && s.phase !== 'backfill'));
    },
    'the demo’s first sync',
    150_000,
  );
  browser = await launchChromium();
  page = await agentPage(browser, { acceptDownloads: true });
  await page.goto(host.url);
  await page.locator('[data-testid="connection"].connected').waitFor();
}, 180_000);

afterAll(async () => {
  socket?.close();
  await browser?.close();
  await host?.stop();
});

const banner = () => page.getByTestId('offline-banner');

describe('the vendors out of reach', () => {
  it('shows the offline banner while the simulators are gone, and takes it away by itself once a poll succeeds', { timeout: 180_000 }, async () => {
    expect(await banner().count()).toBe(0);
    await setReachable(false);
    // The 15-second message polls find the vendors gone.
    await expect.poll(() => banner().getAttribute('data-kind'), { timeout: 60_000 }).toBe('all');
    expect(await banner().textContent()).toContain('无法连接服务方');
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/offline-banner.png') });

    await setReachable(true);
    // No click: the streams' own backoff brings them back.
    await expect.poll(() => banner().count(), { timeout: 120_000 }).toBe(0);
  });

  it('comes back at once with "retry now"', { timeout: 120_000 }, async () => {
    await setReachable(false);
    // Asked to retry while they are gone, every stream fails at once: the banner does not wait for a poll.
    await page.getByTestId('nav-inbox').click();
    await socket.invoke('sync.syncNow', {});
    await expect.poll(() => banner().getAttribute('data-kind'), { timeout: 60_000 }).toBe('all');
    await setReachable(true);
    await page.getByTestId('offline-retry').click();
    await expect.poll(() => banner().count(), { timeout: 30_000 }).toBe(0);
    const status = await socket.invoke<AppOutput<'sync.getStatus'>>('sync.getStatus', {});
    expect(status.every((a) => a.streams.some((s) => s.lastError === undefined))).toBe(true);
  });
});

describe('export diagnostics', () => {
  it('downloads one text file with versions, account health, the store’s numbers and the logs', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-about').click();
    expect(await page.getByTestId('logs-dir').textContent()).toBe(join(host.dataDir, 'logs'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-diagnostics').click()]);
    expect(download.suggestedFilename()).toMatch(/^workphone-diagnostics-\d{8}-\d{4}\.txt$/);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.startsWith('工作手机助手 诊断信息 / WorkPhone Desk diagnostics')).toBe(true);
    const summary = JSON.parse(text.slice(text.indexOf('== Summary ==') + 14, text.indexOf('\n== Logs'))) as {
      app: { host: string };
      accounts: Array<{ label: string; status: string; sync: { streams: unknown[] } }>;
      store: { rows: { messages: number } };
    };
    expect(summary.app.host).toBe('web');
    expect(summary.accounts.map((a) => a.label).sort()).toEqual(['演示·七陌工作手机', '演示·友米企微/个微', '演示·诸葛雷达公众号'].sort());
    expect(summary.accounts.every((a) => a.sync.streams.length > 0)).toBe(true);
    expect(summary.store.rows.messages).toBeGreaterThan(1000);
    // The outage of the tests above is in the logs it carries.
    expect(text).toContain('--- web-host.log ---');
    expect(text).toMatch(/warn web-host:sync:.* step failed \{"code":"NETWORK"/);
    await expect.poll(() => page.getByText('诊断信息已下载').count()).toBe(1);
    await page.getByTestId('export-diagnostics').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/diagnostics-export.png') });
  });
});

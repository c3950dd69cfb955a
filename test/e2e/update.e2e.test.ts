// "Restart to update" in Chromium through the web host, with the real update service: an address
// typed in Settings → Updates, a real check of latest-linux.yml on a feed server on 127.0.0.1, the
// notice with its release notes, and a restart that saves the open draft before it installs. The
// web host has no electron-updater, so WORKPHONE_TEST_UPDATE_HOOK=1 puts the test-only rehearsal
// (electron/main/update/rehearsal.ts) in place of the download and the install.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPage, launchChromium } from '../helpers/browser';
import { latestYml, startUpdateFeedServer, type UpdateFeedServer } from '../helpers/update-feed-server';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let feed: UpdateFeedServer;
let host: RunningHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  feed = await startUpdateFeedServer();
  host = await startHostProcess(['--ephemeral-secrets', '--demo'], undefined, { ...process.env, WORKPHONE_TEST_UPDATE_HOOK: '1' });
  browser = await launchChromium();
  page = await agentPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await feed?.close();
});

async function rehearsal(): Promise<{ installs: number; downloads: number }> {
  const url = new URL(host.url);
  const token = url.hash.replace(/^#token=/, '');
  const response = await fetch(`${url.origin}/__test/update/record?token=${encodeURIComponent(token)}`);
  return (await response.json()) as { installs: number; downloads: number };
}

/** The first conversation in the list that takes a typed reply (a WeChat chat, not a call record). */
async function openRepliableConversation(): Promise<string> {
  await expect.poll(() => page.getByTestId('conversation').count()).toBeGreaterThan(0);
  const rows = page.getByTestId('conversation');
  for (let i = 0; i < (await rows.count()); i++) {
    await rows.nth(i).click();
    const title = (await page.getByTestId('chat-title').textContent()) ?? '';
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe(title);
    if ((await page.getByTestId('composer-input').count()) > 0) return title;
  }
  throw new Error('no conversation takes a typed reply');
}

describe('restart to update', () => {
  it('an address set in Settings is checked, the download becomes a notice, and the restart keeps the draft', async () => {
    feed.put('latest-linux.yml', latestYml('0.2.0', ['releaseNotes: |', '  客户详情页可以直接拨号', '  修复：长消息换行']));
    await page.goto(host.url);
    await page.locator('[data-testid="connection"].connected').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-updates').click();
    await expect.poll(() => page.getByTestId('update-address').textContent()).toContain('未设置');
    await page.getByTestId('update-address-input').fill(feed.url);
    await page.getByTestId('update-address-save').click();

    await page.getByTestId('update-notice').waitFor();
    expect(await page.getByTestId('update-ready').textContent()).toContain('0.2.0');
    expect(feed.requests.map((r) => r.path)).toContain('/workphone/latest-linux.yml');
    await expect.poll(() => page.getByTestId('update-phase').textContent()).toContain('0.2.0 已下载');
    await page.getByRole('button', { name: '更新内容' }).click();
    expect(await page.getByTestId('update-notes').textContent()).toContain('客户详情页可以直接拨号');

    // A draft the agent is typing when they click restart.
    await page.getByTestId('nav-inbox').click();
    const title = await openRepliableConversation();
    await page.getByTestId('composer-input').fill('更新前还没发出去的草稿');
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/update-notice.png') });
    await page.getByTestId('update-restart').click();
    await expect.poll(async () => (await rehearsal()).installs).toBe(1);
    expect((await rehearsal()).downloads).toBe(1);

    // What the restarted app shows: the draft is in main's store.
    await page.reload();
    await page.locator('[data-testid="connection"].connected').waitFor();
    await page.getByTestId('conversation').filter({ hasText: title }).first().click();
    await expect.poll(() => page.getByTestId('composer-input').inputValue()).toBe('更新前还没发出去的草稿');
  });
});

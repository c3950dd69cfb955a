// The first run in Chromium: no account yet → the welcome screen → "try the demo workspace" →
// the inbox fills with the simulators' conversations.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPage, launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  browser = await launchChromium();
  page = await agentPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the first run', () => {
  it('welcomes the agent, and the demo workspace fills the inbox', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await page.getByTestId('first-run').waitFor();
    expect(await page.getByRole('heading', { name: '欢迎使用工作手机助手' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/first-run.png') });

    await page.getByTestId('try-demo').click();
    await page.getByTestId('first-run').waitFor({ state: 'detached' });
    expect(await page.getByTestId('nav-inbox').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.getByTestId('conversation').count(), { timeout: 30_000 }).toBeGreaterThan(3);

    // The accounts are the three demo ones, one per vendor.
    await page.getByTestId('nav-settings').click();
    const rows = page.locator('ul.accounts > li');
    // The demo's first sync is still running (host, indexer and browser on 2 cores): the same 30 s
    // as the inbox poll above; one run of the whole suite saw 10 s pass here.
    await expect.poll(async () => (await rows.locator('.vendor').allTextContents()).sort(), { timeout: 30_000 }).toEqual(['七陌', '友米', '诸葛'].sort());
    expect(await rows.count()).toBe(3);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/settings-accounts.png') });
    expect(errors).toEqual([]);
  });

  it('reloading keeps the workspace: no welcome screen any more', async () => {
    await page.reload();
    await page.getByTestId('nav-inbox').click();
    await expect.poll(() => page.getByTestId('conversation').count(), { timeout: 30_000 }).toBeGreaterThan(3);
    expect(await page.getByTestId('first-run').count()).toBe(0);
  });
});

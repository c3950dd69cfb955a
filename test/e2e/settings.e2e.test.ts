// Settings in Chromium through the web host: preferences saved in main survive a reload and a
// restart of the host, and the language chosen follows the agent to a fresh browser profile.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPage, launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--demo']);
  browser = await launchChromium();
  page = await agentPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function openSettings(p: Page, url: string) {
  await p.goto(url);
  await expect.poll(() => p.getByTestId('connection').getAttribute('class')).toContain('connected');
  await p.getByTestId('nav-settings').click();
  await p.getByTestId('notify-enabled').waitFor();
}

describe('settings in the browser', () => {
  it('saves notification and general preferences in main, so they survive a reload', async () => {
    await openSettings(page, host.url);
    await page.getByTestId('notify-hideContent').check();
    await page.getByTestId('notify-dnd').check();
    await page.getByTestId('notify-dnd-start').fill('21:30');
    await page.getByTestId('notify-dnd-end').fill('07:45');
    await page.getByTestId('send-ctrlEnter').click();
    await page.getByTestId('sync-window').fill('90');
    await page.getByTestId('sync-window').press('Tab');
    await expect.poll(() => page.getByTestId('send-ctrlEnter').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('settings-nav-notifications').click();
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/settings-notifications.png') });

    await page.reload();
    await openSettings(page, host.url);
    expect(await page.getByTestId('notify-hideContent').isChecked()).toBe(true);
    expect(await page.getByTestId('notify-dnd').isChecked()).toBe(true);
    expect(await page.getByTestId('notify-dnd-start').inputValue()).toBe('21:30');
    expect(await page.getByTestId('notify-dnd-end').inputValue()).toBe('07:45');
    expect(await page.getByTestId('send-ctrlEnter').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('sync-window').inputValue()).toBe('90');
  });

  it('refuses a sync window outside 1–365 days without saving it', async () => {
    await page.getByTestId('sync-window').fill('0');
    await page.getByTestId('sync-window').press('Tab');
    await expect.poll(() => page.getByText('请输入 1 到 365 之间的整数').count()).toBe(1);
    await page.reload();
    await openSettings(page, host.url);
    expect(await page.getByTestId('sync-window').inputValue()).toBe('90');
  });

  it('keeps the preferences and the language across a restart of the host, in a fresh browser profile', async () => {
    await page.getByTestId('language-en').click();
    await expect.poll(() => page.getByTestId('version').textContent()).toContain('Version');
    const dataDir = host.dataDir;
    expect(await host.stop('SIGTERM')).toBe(0);
    host = await startHostProcess(['--ephemeral-secrets', '--demo'], dataDir);
    const fresh = await agentPage(browser);
    await openSettings(fresh, host.url);
    await expect.poll(() => fresh.getByTestId('version').textContent()).toContain('Version');
    expect(await fresh.locator('html').getAttribute('lang')).toBe('en');
    expect(await fresh.getByTestId('notify-hideContent').isChecked()).toBe(true);
    expect(await fresh.getByTestId('sync-window').inputValue()).toBe('90');
    await expect.poll(() => fresh.locator('ul.accounts > li').count()).toBe(3);
    await fresh.screenshot({ path: join(ROOT, 'docs/screenshots/settings-en.png') });
    await fresh.getByTestId('language-zh').click();
    await expect.poll(() => fresh.getByTestId('version').textContent()).toContain('版本');
    await fresh.close();
  });
});

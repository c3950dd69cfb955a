// Settings → Accounts in Chromium over the demo workspace: the list with statuses, the health
// panel, adding an account against the demo's 7moor simulator, a failing and a passing connection
// test with the vendor's own reason, and removal.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--demo']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const rows = () => page.locator('ul.accounts > li');

describe('accounts in Settings', () => {
  it('lists the three demo accounts with their status and shows one account\'s health', async () => {
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(3);
    const vendors = await rows().locator('.vendor').allTextContents();
    expect(vendors.sort()).toEqual(['七陌', '友米', '诸葛'].sort());
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/settings-accounts.png') });

    const moor = rows().filter({ has: page.locator('.vendor.moor') });
    await moor.getByTestId('account-details').click();
    const health = moor.locator('[data-testid^="health-"]');
    await health.waitFor();
    await expect.poll(() => health.getByTestId('health-last-success').textContent(), { timeout: 30_000 }).toMatch(/^\d{4}-\d{2}-\d{2} /);
    await health.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/health.png') });
    await moor.getByTestId('account-details').click();
  });

  it('adds a 7moor account against the demo simulator: a wrong secret fails with 7moor\'s reason, the right one passes', async () => {
    const moor = rows().filter({ has: page.locator('.vendor.moor') });
    const simulatorUrl = (await moor.locator('.url').textContent())!.trim();
    expect(simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

    await page.getByTestId('add-moor').click();
    await page.getByTestId('account-save').click();
    expect(await page.getByTestId('error-label').textContent()).toBe('必填');
    await page.locator('#account-label').fill('七陌测试账号');
    await page.locator('#account-baseUrl').fill(simulatorUrl.replace('127.0.0.1', 'example.com'));
    await page.locator('#account-clientId').fill('demo-client-id');
    await page.locator('#account-secret').fill('wrong-secret');
    await page.getByTestId('account-save').click();
    expect(await page.getByTestId('error-baseUrl').textContent()).toContain('https://');
    await page.locator('#account-baseUrl').fill(simulatorUrl);
    await page.getByTestId('account-save').click();

    const added = rows().filter({ hasText: '七陌测试账号' });
    await added.waitFor();
    const result = added.getByTestId('account-test-result');
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('连接失败');
    expect(await result.textContent()).toContain('clientId或clientSecret错误');
    expect(await page.content()).not.toContain('wrong-secret');

    await added.getByTestId('account-edit').click();
    expect(await page.locator('#account-secret').inputValue()).toBe('');
    await page.locator('#account-secret').fill('demo-client-secret-7m');
    await page.getByTestId('account-save').click();
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('连接正常');
  });

  it('removes the added account, with its cached data', async () => {
    const added = rows().filter({ hasText: '七陌测试账号' });
    await added.getByTestId('account-remove').click();
    await page.getByTestId('remove-cache').check();
    await page.getByTestId('remove-confirm').click();
    await added.waitFor({ state: 'detached' });
    expect(await rows().count()).toBe(3);
    await page.reload();
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(3);
  });
});

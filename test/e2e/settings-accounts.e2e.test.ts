// Settings → Accounts in Chromium against a real 7moor simulator over HTTP: the form refuses bad
// input before anything is sent, a wrong secret fails the connection test with 7moor's own
// reason, the right one passes and the account syncs (health panel), "my work phone" is picked
// from the agent list, and removal takes the account away for good.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { agentPage, launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let browser: Browser;
let page: Page;
let moor: MoorSimulator;

beforeAll(async () => {
  moor = await startMoorSimulator();
  host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  browser = await launchChromium();
  page = await agentPage(browser);
  await page.goto(host.url);
  await page.getByTestId('first-run').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await moor?.close();
});

const account = () => page.locator('ul.accounts > li').filter({ hasText: '七陌测试账号' });

describe('accounts in Settings', () => {
  it('"add an account" from the first run opens the 7moor form, which refuses bad input before sending', async () => {
    await page.getByTestId('add-account').click();
    await page.getByTestId('account-form').waitFor();
    expect(await page.locator('#account-baseUrl').inputValue()).toBe('https://wpapi.7moor.com');
    await page.getByTestId('account-save').click();
    expect(await page.getByTestId('error-label').textContent()).toBe('必填');
    expect(await page.getByTestId('error-clientId').textContent()).toBe('必填');
    expect(await page.getByTestId('error-secret').textContent()).toBe('必填');
    await page.locator('#account-label').fill('七陌测试账号');
    await page.locator('#account-baseUrl').fill(moor.url.replace('127.0.0.1', 'wpapi.example.com'));
    await page.locator('#account-clientId').fill(moor.credentials.clientId);
    await page.locator('#account-secret').fill('wrong-secret');
    await page.getByTestId('account-save').click();
    expect(await page.getByTestId('error-baseUrl').textContent()).toContain('https://');
    expect(moor.requests.length).toBe(0);
  });

  it("a wrong secret fails the connection test with 7moor's own reason, and is never shown back", async () => {
    await page.locator('#account-baseUrl').fill(moor.url);
    await page.getByTestId('account-save').click();
    await account().waitFor();
    const result = account().getByTestId('account-test-result');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('连接失败');
    expect(await result.textContent()).toContain('clientId或clientSecret错误');
    expect(moor.requestsTo('oauth/token/getToken').length).toBeGreaterThan(0);
    expect(await page.content()).not.toContain('wrong-secret');
  });

  it('editing in the right secret passes the test; the health panel shows the account syncing', async () => {
    await account().getByTestId('account-edit').click();
    expect(await page.locator('#account-secret').inputValue()).toBe('');
    await page.locator('#account-secret').fill(moor.credentials.clientSecret);
    await page.getByTestId('account-save').click();
    const result = account().getByTestId('account-test-result');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('连接正常');
    await expect.poll(() => account().getByTestId('account-status').textContent(), { timeout: 20_000 }).toMatch(/已连接|同步中/);

    await account().getByTestId('account-details').click();
    const health = account().getByRole('region', { name: '连接状况' });
    await expect.poll(() => health.getByTestId('health-last-success').textContent(), { timeout: 30_000 }).toMatch(/^\d{4}-\d{2}-\d{2} /);
    expect(await health.textContent()).toContain('登录凭证到期');
    await health.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/health.png') });
  });

  it('picks my work phone from the 7moor agent list', async () => {
    await page.getByTestId('settings-nav-workPhone').click();
    await page.getByTestId('load-agents').click();
    const agent = page.getByTestId('agent').filter({ hasNot: page.locator(':disabled') }).first();
    await agent.waitFor({ timeout: 15_000 });
    const phone = (await agent.locator('.muted').textContent())!.trim();
    await agent.click();
    await expect.poll(() => page.getByTestId('my-work-phone').textContent()).toContain(phone);
  });

  it('removes the account with its cached data; after a reload the welcome screen is back', async () => {
    await account().getByTestId('account-remove').click();
    await page.getByTestId('remove-cache').check();
    await page.getByTestId('remove-confirm').click();
    await account().waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('first-run').waitFor();
  });
});

// Search in Chromium against a Youmi simulator over HTTP: after the first sync, Ctrl+K and two
// Chinese characters find the customer's message as you type, grouped with the match marked;
// Enter opens its conversation scrolled to the message, highlighted; the Search view pages and
// filters the same engine.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { agentPage, launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { connectToHost, waitUntil, type HostSocket } from '../helpers/host-socket';

const QUERY = '榴莲';
const MESSAGE = '你好，榴莲味的蛋糕今天还有货吗？想订两个';
const COMMON = '发货';

let host: RunningHost;
let youmi: YoumiSimulator;
let ipc: HostSocket;
let browser: Browser;
let page: Page;
let customer: string;

beforeAll(async () => {
  youmi = await startYoumiSimulator({ seed: 5 });
  const operator = youmi.operators[0]!;
  const fan = youmi.fans().find((f) => f.wechatId === operator.wechatId && !f.wxid.endsWith('@chatroom'))!;
  customer = fan.name;
  youmi.appendInbound({ wechatId: operator.wechatId, fansKey: fan.wxid, type: 1, content: MESSAGE, atMs: Date.now() - 3_600_000 });

  host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  ipc = await connectToHost(host);
  await ipc.invoke('accounts.add', {
    vendor: 'youmi',
    label: '友米 搜索测试',
    baseUrl: youmi.url,
    settings: { apiVersion: 'v2', wechatIds: youmi.operators.map((o) => String(o.wechatId)) },
    token: youmi.token,
  });
  await waitUntil(async () => {
    const found = await ipc.invoke<AppOutput<'search.query'>>('search.query', { query: QUERY, filters: {}, limit: 10 });
    return found.messages.length > 0;
  }, 'the first sync to bring the message in');

  browser = await launchChromium();
  page = await agentPage(browser);
  await page.goto(host.url);
  await page.locator('[data-testid="connection"].connected').waitFor();
});

afterAll(async () => {
  ipc?.close();
  await browser?.close();
  await host?.stop();
  await youmi?.close();
});

describe('search', () => {
  it('Ctrl+K finds two Chinese characters as the agent types, grouped, with the match marked', async () => {
    await page.getByTestId('nav-reports').click();
    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('search-palette');
    const input = palette.getByTestId('search-input');
    await expect.poll(() => input.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);
    await input.pressSequentially(QUERY, { delay: 30 });
    const hits = palette.locator('[data-testid="search-group-messages"] [data-testid="search-hit"]');
    await expect.poll(() => hits.count(), { timeout: 15_000 }).toBe(1);
    expect(await hits.first().locator('.title').textContent()).toBe(customer);
    expect(await hits.first().locator('mark').allTextContents()).toEqual([QUERY]);
    expect(await hits.first().getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/search-palette.png') });
  });

  it('Enter opens the conversation at the message, visible and highlighted', async () => {
    await page.keyboard.press('Enter');
    await page.getByTestId('search-palette').waitFor({ state: 'detached' });
    expect(await page.getByTestId('nav-inbox').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.getByTestId('chat-title').textContent(), { timeout: 15_000 }).toBe(customer);
    const highlighted = page.locator('[data-testid="message"].highlighted');
    await highlighted.waitFor({ timeout: 15_000 });
    expect(await highlighted.isVisible()).toBe(true);
    expect(await highlighted.textContent()).toContain(MESSAGE);
  });

  it('the Search view pages through more hits and narrows them with filters', async () => {
    await page.getByTestId('nav-search').click();
    const input = page.getByTestId('search-input');
    await input.fill(COMMON);
    const hits = page.getByTestId('search-hit');
    await expect.poll(() => hits.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const first = await hits.count();
    const more = page.getByTestId('search-load-more');
    if ((await more.count()) > 0) {
      await more.click();
      await expect.poll(() => hits.count()).toBeGreaterThan(first);
    }
    for (const mark of await page.locator('[data-testid="search-hit"] mark').allTextContents()) expect(mark).toBe(COMMON);
    await page.getByTestId('search-type-contact').click();
    await expect.poll(() => page.getByTestId('search-group-messages').count()).toBe(0);
    await page.getByTestId('search-type-contact').click();
    await input.fill('没有这样的词汇组合');
    await expect.poll(() => page.getByTestId('search-empty').count()).toBe(1);
  });
});

// Search in Chromium over the demo workspace: Ctrl+K, two Chinese characters, grouped results
// with highlighted snippets, Enter jumps to the message in its conversation, highlighted there.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let browser: Browser;
let page: Page;
const QUERY = '发货';

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--demo']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await page.goto(host.url);
  // The demo's first sync has to bring messages in before there is anything to find.
  await expect.poll(() => page.getByTestId('conversation').count(), { timeout: 30_000 }).toBeGreaterThan(3);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('search', () => {
  it('Ctrl+K finds two Chinese characters as you type, grouped and highlighted', async () => {
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await expect.poll(() => input.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);
    await input.pressSequentially(QUERY);
    const palette = page.getByTestId('search-palette');
    await expect.poll(() => palette.getByTestId('search-hit').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await palette.getByTestId('search-group-messages').isVisible()).toBe(true);
    const marks = await palette.locator('[data-testid="search-group-messages"] mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark).toBe(QUERY);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/search-palette.png') });
  });

  it('↓ and Enter open the message in its conversation, scrolled to and highlighted', async () => {
    const palette = page.getByTestId('search-palette');
    const second = palette.locator('[data-testid="search-group-messages"] [data-testid="search-hit"]').nth(1);
    const hasSecond = (await second.count()) > 0;
    if (hasSecond) await page.keyboard.press('ArrowDown');
    const chosen = palette.locator('[role="option"][aria-selected="true"]');
    const title = (await chosen.locator('.title').textContent())?.trim();
    const snippet = (await chosen.locator('.snippet').textContent())?.trim() ?? '';
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    expect(await page.getByTestId('nav-inbox').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe(title);
    const highlighted = page.locator('[data-testid="message"].highlighted');
    await highlighted.waitFor({ timeout: 15_000 });
    expect(await highlighted.isVisible()).toBe(true);
    expect(await highlighted.textContent()).toContain(QUERY);
    // The snippet shown in the palette is a piece of the message the agent lands on.
    expect((await highlighted.textContent())?.replace(/\s+/g, '')).toContain(snippet.replace(/…/g, '').replace(/\s+/g, '').slice(0, 4));
  });

  it('the Search view shows the same hits with filters, and loads more', async () => {
    await page.getByTestId('nav-search').click();
    const input = page.getByTestId('search-input');
    await input.fill(QUERY);
    await expect.poll(() => page.getByTestId('search-hit').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await page.getByTestId('search-hit').count();
    const more = page.getByTestId('search-load-more');
    if ((await more.count()) > 0) {
      await more.click();
      await expect.poll(() => page.getByTestId('search-hit').count()).toBeGreaterThan(before);
    }
    await page.getByTestId('search-type-contact').click();
    await expect.poll(() => page.getByTestId('search-group-messages').count()).toBe(0);
  });
});

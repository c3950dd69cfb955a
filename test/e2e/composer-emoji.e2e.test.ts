// The composer's emoji picker in Chromium through the BUILT web host (demo workspace): the agent
// finds 微笑 by its name, its pinyin and its initials, inserts it at the caret, sees the chip in
// the preview, sends, and the sent bubble shows the chip; main remembers it as recent, so the
// picker opens with it first after a reload.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import { agentPage, launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { connectToHost, type HostSocket } from '../helpers/host-socket';

let host: RunningHost;
let socket: HostSocket;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(ROOT, 'docs/screenshots', name) });
const options = () => page.getByTestId('emoji-option');

async function openWritableConversation(): Promise<void> {
  await page.getByTestId('conversation').first().waitFor();
  const count = await page.getByTestId('conversation').count();
  for (let i = 0; i < count; i++) {
    await page.getByTestId('conversation').nth(i).click();
    await page.getByTestId('chat').waitFor();
    await page.waitForTimeout(150);
    if (await page.getByTestId('composer-input').isVisible()) return;
  }
  throw new Error('no demo conversation takes text');
}

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--demo', '--no-demo-traffic']);
  socket = await connectToHost(host);
  browser = await launchChromium();
  page = await agentPage(browser);
  await page.goto(host.url);
  await page.locator('[data-testid="connection"].connected').waitFor();
  await openWritableConversation();
});

afterAll(async () => {
  socket?.close();
  await browser?.close();
  await host?.stop();
});

describe('the emoji picker', () => {
  it('finds 微笑 by name, pinyin and initials, inserts it at the caret, and the sent bubble shows the chip', async () => {
    const input = page.getByTestId('composer-input');
    await input.fill('好的谢谢');
    await page.evaluate(`document.querySelector('[data-testid="composer-input"]').setSelectionRange(2, 2)`);
    await page.getByTestId('emoji-button').click();
    const search = page.getByTestId('emoji-search');
    await expect.poll(() => search.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await expect.poll(() => options().count()).toBeGreaterThan(100);
    for (const query of ['微笑', 'weixiao', 'wx']) {
      await search.fill(query);
      await expect.poll(() => options().first().getAttribute('data-name')).toBe('微笑');
    }
    expect(await page.getByRole('listbox').getAttribute('aria-label')).toBe('微信表情');
    await search.fill('xiao');
    await shot('emoji-picker.png');
    await search.press('ArrowRight');
    expect(await options().nth(1).getAttribute('aria-selected')).toBe('true');
    await search.press('ArrowLeft');
    await search.fill('wx');
    await search.press('Enter');

    await expect.poll(() => input.inputValue()).toBe('好的[微笑]谢谢');
    expect(await page.evaluate(`(() => { const el = document.querySelector('[data-testid="composer-input"]'); return [document.activeElement === el, el.selectionStart]; })()`)).toEqual([true, 6]);
    expect(await page.getByTestId('composer-preview').getByTestId('emoji').textContent()).toBe('[微笑]');

    await input.press('Enter');
    const mine = page.locator('[data-testid="message"]', { hasText: '好的' }).last();
    await expect.poll(() => mine.getByTestId('emoji').first().textContent()).toBe('[微笑]');
    expect(await mine.textContent()).toContain('好的[微笑]谢谢');
  });

  it('keeps the recent emoji in main, so the picker opens with it first after a reload', async () => {
    const settings = await socket.invoke<AppOutput<'settings.get'>>('settings.get', {});
    expect(settings.recentEmoji).toEqual(['微笑']);
    await page.reload();
    await page.locator('[data-testid="connection"].connected').waitFor();
    await openWritableConversation();
    await page.getByTestId('emoji-button').click();
    await expect.poll(() => options().first().getAttribute('data-name')).toBe('微笑');
    await expect.poll(() => page.getByTestId('emoji-picker').textContent()).toContain('最近使用');
    await page.getByTestId('emoji-search').press('Escape');
    await expect.poll(() => page.getByTestId('emoji-picker').count()).toBe(0);
    expect(await page.getByTestId('emoji-button').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  });
});

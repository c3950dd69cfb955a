// The message menu and quoting, in Chromium through the BUILT web host (demo workspace): a right
// click on a customer's message opens the app's menu, "copy" puts the message's text on the
// clipboard; Shift+F10 opens the same menu from the keyboard, Esc closes it and focus goes back
// to the message; "quote" shows the quote above the composer, and the sent reply carries it as
// WeChat-style text that the bubble draws as a quote.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPage, launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(ROOT, 'docs/screenshots', name) });
const focusedTestId = () => page.locator('body').evaluate((el) => el.ownerDocument.activeElement?.getAttribute('data-testid') ?? null);
/** The newest text from the customer in the open conversation. */
const customerText = (): Locator => page.locator('[data-testid="message"][data-kind="text"]:has(.line.in)').last();

async function openWritableConversation(): Promise<void> {
  await page.getByTestId('conversation').first().waitFor();
  const count = await page.getByTestId('conversation').count();
  for (let i = 0; i < count; i++) {
    await page.getByTestId('conversation').nth(i).click();
    await page.getByTestId('chat').waitFor();
    await page.waitForTimeout(150);
    if ((await page.getByTestId('composer-input').isVisible()) && (await customerText().count()) > 0) return;
  }
  throw new Error('no demo conversation takes text and has a customer text');
}

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--demo', '--no-demo-traffic']);
  browser = await launchChromium();
  page = await agentPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
  await page.goto(host.url);
  await page.locator('[data-testid="connection"].connected').waitFor();
  await openWritableConversation();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the message menu', () => {
  it('opens on a right click, and "copy" puts the message text on the clipboard', async () => {
    const message = customerText();
    const text = (await message.getByTestId('rich-text').innerText()).trim();
    await message.getByTestId('bubble').click({ button: 'right' });
    const menu = page.getByTestId('message-menu');
    await menu.waitFor();
    expect(await menu.getAttribute('role')).toBe('menu');
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['复制', '引用', '全选']);
    await shot('message-menu.png');
    await page.getByTestId('menu-copy').click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(text);
    expect(await menu.count()).toBe(0);
  });

  it('opens from the keyboard with Shift+F10, moves with the arrows, closes on Esc with focus back on the message', async () => {
    const bubble = customerText().getByTestId('bubble');
    await bubble.focus();
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('message-menu').waitFor();
    await expect.poll(focusedTestId).toBe('menu-copy');
    await page.keyboard.press('ArrowDown');
    expect(await focusedTestId()).toBe('menu-quote');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('message-menu').count()).toBe(0);
    expect(await bubble.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    // The ContextMenu key opens it too.
    await page.keyboard.press('ContextMenu');
    await page.getByTestId('message-menu').waitFor();
    await page.keyboard.press('Escape');
  });

  it('quotes a message: shown above the composer, sent as WeChat-style text, drawn as a quote', async () => {
    const message = customerText();
    const text = (await message.getByTestId('rich-text').innerText()).trim();
    await message.getByTestId('bubble').focus();
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('message-menu').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const quote = page.getByTestId('composer-quote');
    await quote.waitFor();
    expect(await quote.textContent()).toContain(text.slice(0, 20));
    expect(await quote.textContent()).toContain('以文字发送');
    await expect.poll(focusedTestId).toBe('composer-input');
    await page.keyboard.type('有的，今天下午就发');
    await shot('message-quote.png');
    await page.keyboard.press('Enter');

    const mine = page.locator('[data-testid="message"]', { hasText: '有的，今天下午就发' }).last();
    await mine.getByTestId('quoted').waitFor();
    expect(await mine.getByTestId('quoted').textContent()).toContain(text.slice(0, 20));
    expect(await mine.getByTestId('rich-text').innerText()).toBe('有的，今天下午就发');
    expect(await quote.count()).toBe(0);
  });

  it('lets the agent remove a quote before sending', async () => {
    await customerText().getByTestId('bubble').click({ button: 'right' });
    await page.getByTestId('menu-quote').click();
    await page.getByTestId('composer-quote').waitFor();
    await page.getByTestId('remove-quote').click();
    expect(await page.getByTestId('composer-quote').count()).toBe(0);
    await expect.poll(focusedTestId).toBe('composer-input');
  });
});

describe('a picture in the message menu', () => {
  async function openConversationWithImage(): Promise<Locator> {
    const count = await page.getByTestId('conversation').count();
    for (let i = 0; i < count; i++) {
      await page.getByTestId('conversation').nth(i).click();
      await page.getByTestId('chat').waitFor();
      await page.waitForTimeout(150);
      const image = page.locator('[data-testid="message"][data-kind="image"]:has([data-testid="image-thumb"])').last();
      if ((await image.count()) > 0) return image;
    }
    throw new Error('no demo conversation has a picture');
  }

  it('copies the picture itself (as PNG) and saves it through a one-time download', async () => {
    const image = await openConversationWithImage();
    await image.getByTestId('bubble').click({ button: 'right' });
    const menu = page.getByTestId('message-menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['复制', '复制图片', '另存为…', '复制图片地址（不是图片本身）', '在浏览器中打开图片', '全选']);
    await shot('message-menu-image.png');
    await page.getByTestId('menu-copyImage').click();
    // What the clipboard holds now is a picture, drawn from the bytes main fetched.
    await expect
      .poll(() =>
        // A string: these tests compile without the DOM library.
        page.evaluate(`(async () => {
          const items = await navigator.clipboard.read();
          const png = items.find((item) => item.types.includes('image/png'));
          if (!png) return null;
          const bitmap = await createImageBitmap(await png.getType('image/png'));
          return bitmap.width + 'x' + bitmap.height;
        })()`),
      )
      .toBe('96x96');

    await image.getByTestId('bubble').click({ button: 'right' });
    const download = page.waitForEvent('download');
    await page.getByTestId('menu-saveAs').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.(png|jpe?g|gif|webp|bmp)$/i);
    const path = await file.path();
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

// The agent's day in the inbox, in Chromium through the web host's demo workspace: a customer
// writes and it shows unread; the agent opens it, replies and the vendor simulator receives the
// reply; a send that fails shows failed and goes out on retry; a number inside a message dials
// through the work phone (the simulator received callPhone with the agent's userPhone and the
// customer's callPhone) and adds the customer on WeChat (autoAddWx).
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let browser: Browser;
let page: Page;
const shot = (name: string) => page.screenshot({ path: join(ROOT, 'docs/screenshots', name) });

/** The demo-only test endpoints of the web host (docs/demo.md), with the launch token. */
async function demo(path: 'requests' | 'fault' | 'inbound', body?: unknown): Promise<unknown> {
  const token = new URLSearchParams(new URL(host.url).hash.slice(1)).get('token') ?? '';
  const response = await fetch(`${host.origin}/__demo/${path}?token=${encodeURIComponent(token)}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

/** Every recorded simulator request whose address mentions `endpoint`, whatever the record's shape. */
async function requestsTo(endpoint: string): Promise<string[]> {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const address = [record['path'], record['url'], record['endpoint'], record['pathname']].find((v) => typeof v === 'string') as string | undefined;
      if (address?.includes(endpoint)) found.push(JSON.stringify(record));
      else Object.values(record).forEach(walk);
    }
  };
  walk(await demo('requests'));
  return found;
}

const conversations = () => page.getByTestId('conversation');
const composer = () => page.getByTestId('composer-input');
const lastOutgoing = (text: string): Locator => page.locator('[data-testid="message"]', { hasText: text }).last();

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--demo', '--no-demo-traffic']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await page.goto(host.url);
  await expect.poll(() => conversations().count(), { timeout: 45_000 }).toBeGreaterThan(3);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the inbox over the demo workspace', () => {
  const CUSTOMER_TEXT = '你好，我想问下上次那款还有货吗？电话 13912345678';
  let customerRow: Locator;

  it('shows a new customer message as unread at the top', async () => {
    await demo('inbound', { vendor: 'youmi', text: CUSTOMER_TEXT });
    customerRow = conversations().filter({ hasText: '上次那款还有货吗' }).first();
    await customerRow.waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number(await customerRow.getAttribute('data-unread'))).toBeGreaterThan(0);
    expect(await conversations().first().textContent()).toContain('上次那款还有货吗');
    await shot('inbox-zh.png');
  });

  it('opens it, shows the message and marks it read', async () => {
    await customerRow.click();
    await page.getByTestId('chat').waitFor();
    await page.locator('[data-testid="message"]', { hasText: '上次那款还有货吗' }).last().waitFor();
    await expect.poll(async () => Number(await customerRow.getAttribute('data-unread'))).toBe(0);
  });

  it('replies with Enter and the reply reaches the vendor', async () => {
    const reply = `有货的，马上给您安排 ${Date.now() % 10_000}`;
    await composer().fill(reply);
    await composer().press('Enter');
    await expect.poll(() => lastOutgoing(reply).getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    await expect.poll(async () => (await requestsTo('send')).concat(await requestsTo('Send')).some((r) => r.includes(reply))).toBe(true);
  });

  it('shows a failed send as failed, and the retry goes out', async () => {
    await demo('fault', { vendor: 'youmi', endpoint: 'send', times: 1 });
    const reply = `稍等，我查一下库存 ${Date.now() % 10_000}`;
    await composer().fill(reply);
    await composer().press('Enter');
    const row = lastOutgoing(reply);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    await row.getByTestId('retry').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
  });

  it('dials a number found in the message through the work phone', async () => {
    const number = page.locator('[data-testid="phone-in-text"][data-phone="13912345678"]').last();
    await number.click();
    await page.getByTestId('dial').last().click();
    const status = page.getByTestId('dial-status').last();
    // Without the agent's own number the app says what to set, and takes them there.
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('noWorkPhone');
    await page.getByTestId('open-work-phone-settings').click();
    await page.getByTestId('load-agents').click();
    const agent = page.getByTestId('agent').first();
    await agent.waitFor();
    const agentPhone = ((await agent.locator('span').nth(1).textContent()) ?? '').trim();
    await agent.click();
    await expect.poll(() => page.getByTestId('my-work-phone').textContent()).toContain(agentPhone);

    await page.getByTestId('nav-inbox').click();
    await customerRow.click();
    await page.locator('[data-testid="phone-in-text"][data-phone="13912345678"]').last().click();
    await page.getByTestId('dial').last().click();
    await expect.poll(() => page.getByTestId('dial-status').last().getAttribute('data-state'), { timeout: 15_000 }).toBe('placed');
    const calls = await requestsTo('callPhone');
    expect(calls.some((r) => r.includes(agentPhone) && r.includes('13912345678'))).toBe(true);
  });

  it('adds the customer on WeChat and reports whether they appeared', async () => {
    await page.getByTestId('add-wechat').last().click();
    const status = page.getByTestId('wechat-status').last();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/^(found|notYet)$/);
    expect((await requestsTo('autoAddWx')).some((r) => r.includes('13912345678'))).toBe(true);
  });

  it('shows the contact panel with numbers, WeChat id and CRM record', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('toggle-contact').click();
    const panel = page.getByTestId('contact-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('phone-actions').count()).toBeGreaterThan(0);
    await shot('contact-panel.png');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('renders the many kinds of a demo conversation', async () => {
    let best = { index: 0, kinds: 0 };
    const count = Math.min(await conversations().count(), 12);
    for (let i = 0; i < count; i++) {
      await conversations().nth(i).click();
      await page.getByTestId('message').first().waitFor({ timeout: 15_000 });
      const kinds = new Set(await page.getByTestId('message').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))));
      if (kinds.size > best.kinds) best = { index: i, kinds: kinds.size };
    }
    await conversations().nth(best.index).click();
    await page.getByTestId('message').first().waitFor();
    expect(best.kinds).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="message-list"] script').count()).toBe(0);
    await shot('chat-kinds.png');
  });

  it('keeps quick replies and inserts one on "/"', async () => {
    await page.getByTestId('manage-quick-replies').click();
    await page.getByTestId('quick-reply-new').click();
    await page.getByTestId('quick-reply-title').fill('问候');
    await page.getByTestId('field-text').fill('您好，我是您的专属顾问，有任何问题随时找我');
    await page.getByTestId('quick-reply-save').click();
    await page.getByTestId('quick-reply-editor').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByTestId('quick-reply-manager').waitFor({ state: 'detached' });
    await composer().fill('');
    await composer().pressSequentially('/问');
    await page.getByTestId('quick-reply-option').first().waitFor();
    await shot('composer-quick-replies.png');
    await composer().press('Enter');
    await expect.poll(() => composer().inputValue()).toBe('您好，我是您的专属顾问，有任何问题随时找我');
    await composer().fill('');
  });

  it('reads in English', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('nav-inbox').click();
    await customerRow.click();
    await expect.poll(() => page.getByTestId('send').textContent()).toContain('Send');
    await shot('inbox-en.png');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-zh').click();
  });
});

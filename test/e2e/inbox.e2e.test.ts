// The agent's day in the inbox, in Chromium through the BUILT web host, against a Youmi v2 and a
// 7moor simulator running in this process (so the test reads exactly what each vendor received):
// a customer writes and it shows unread; the agent opens it, replies and Youmi receives the reply;
// a send Youmi refuses shows failed and goes out on retry; a number inside the customer's message
// dials through the work phone (7moor received callPhone with the agent's userPhone and the
// customer's callPhone), says so when the work phone is offline, and adds the customer on WeChat.
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { agentPage, launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { connectToHost, waitUntil, type HostSocket } from '../helpers/host-socket';

const CUSTOMER_PHONE = '13912345678';
const CUSTOMER_TEXT = `你好，我想问下上次那款还有货吗？方便的话打我电话 ${CUSTOMER_PHONE}`;

let host: RunningHost;
let youmi: YoumiSimulator;
let moor: MoorSimulator;
let socket: HostSocket;
let browser: Browser;
let page: Page;
let youmiAccount: string;
let moorAccount: string;
let customerName: string;

const invoke = <T>(method: string, input: unknown): Promise<T> => socket.invoke<T>(method, input);

const shot = (name: string) => page.screenshot({ path: join(ROOT, 'docs/screenshots', name) });
const conversations = () => page.getByTestId('conversation');
const composer = () => page.getByTestId('composer-input');
const messageWith = (text: string): Locator => page.locator('[data-testid="message"]', { hasText: text }).last();
const rowOf = (title: string): Locator => conversations().filter({ has: page.locator('.title', { hasText: title }) }).first();

beforeAll(async () => {
  youmi = await startYoumiSimulator({ seed: 21 });
  moor = await startMoorSimulator({ rateLimit: false, seed: 13, clientSecret: 'e2e-inbox-client-secret-0123456789' });
  host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  socket = await connectToHost(host);
  youmiAccount = (
    await invoke<{ id: string }>('accounts.add', {
      vendor: 'youmi',
      label: '友米 销售一组',
      baseUrl: youmi.url,
      settings: { apiVersion: 'v2', wechatIds: youmi.operators.map((o) => String(o.wechatId)) },
      token: youmi.token,
    })
  ).id;
  moorAccount = (
    await invoke<{ id: string }>('accounts.add', {
      vendor: 'moor',
      label: '七陌 工作手机',
      baseUrl: moor.url,
      settings: { clientId: moor.credentials.clientId },
      clientSecret: moor.credentials.clientSecret,
    })
  ).id;
  await waitUntil(async () => {
    const listed = await invoke<AppOutput<'inbox.listConversations'>>('inbox.listConversations', { limit: 50 });
    return listed.items.filter((c) => c.accountId === youmiAccount).length > 3 && listed.items.some((c) => c.accountId === moorAccount);
  }, 'the first sync of both accounts');

  browser = await launchChromium();
  page = await agentPage(browser);
  await page.goto(host.url);
  await page.locator('[data-testid="connection"].connected').waitFor();
  await waitUntil(async () => (await conversations().count()) > 3, 'the conversation list');
});

afterAll(async () => {
  socket?.close();
  await browser?.close();
  await host?.stop();
  await youmi?.close();
  await moor?.close();
});

describe('the inbox in Chromium against the vendors', () => {
  it('shows a new customer message at the top, unread', async () => {
    const operator = youmi.operators[0]!;
    const fan = youmi.fans().find((f) => f.wechatId === operator.wechatId && !f.wxid.endsWith('@chatroom'))!;
    customerName = fan.name;
    youmi.appendInbound({ wechatId: operator.wechatId, fansKey: fan.wxid, type: 1, content: CUSTOMER_TEXT, atMs: Date.now() });
    await invoke('sync.syncNow', { accountId: youmiAccount });
    const row = rowOf(customerName);
    await expect.poll(async () => (await row.count()) > 0 && Number(await row.getAttribute('data-unread')), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await conversations().first().locator('.title').textContent()).toBe(customerName);
    expect(await row.locator('.preview').textContent()).toContain('上次那款还有货吗');
    await shot('inbox-zh.png');
  });

  it('opens it, shows the message and marks the conversation read', async () => {
    await rowOf(customerName).click();
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe(customerName);
    await messageWith('上次那款还有货吗').waitFor();
    await expect.poll(async () => Number(await rowOf(customerName).getAttribute('data-unread'))).toBe(0);
  });

  it('replies with Enter; the reply is sent and Youmi received it', async () => {
    const reply = `有货的，马上给您安排 ${Date.now() % 10_000}`;
    await composer().fill(reply);
    await composer().press('Enter');
    await expect.poll(() => composer().inputValue()).toBe('');
    await expect.poll(() => messageWith(reply).getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    expect(youmi.v2Sends().some((s) => JSON.stringify(s.body).includes(reply))).toBe(true);
  });

  it('shows a send Youmi refuses as failed, and the retry goes out', async () => {
    youmi.injectFault('v2.send', { kind: 'succeedFalse', times: 1 });
    const reply = `稍等，我查一下库存 ${Date.now() % 10_000}`;
    await composer().fill(reply);
    await composer().press('Enter');
    const row = messageWith(reply);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    expect(youmi.v2Sends().some((s) => JSON.stringify(s.body).includes(reply))).toBe(false);
    await row.getByTestId('retry').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    expect(youmi.v2Sends().some((s) => JSON.stringify(s.body).includes(reply))).toBe(true);
  });

  it('dials the number in the message: first it asks for my work phone, then 7moor gets the call', async () => {
    const number = page.locator(`[data-testid="phone-in-text"][data-phone="${CUSTOMER_PHONE}"]`).last();
    await number.click();
    await page.getByTestId('dial').last().click();
    await expect.poll(() => page.getByTestId('dial-status').last().getAttribute('data-state'), { timeout: 15_000 }).toBe('noWorkPhone');
    expect(moor.dials).toHaveLength(0);

    await page.getByTestId('open-work-phone-settings').click();
    await page.getByTestId('load-agents').click();
    const me = moor.dataset.agents[0]!;
    await page.getByTestId('agent').filter({ hasText: me.name }).first().click();
    await expect.poll(() => page.getByTestId('my-work-phone').textContent()).toContain(me.phone);

    await page.getByTestId('nav-inbox').click();
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe(customerName);
    await page.locator(`[data-testid="phone-in-text"][data-phone="${CUSTOMER_PHONE}"]`).last().click();
    await page.getByTestId('dial').last().click();
    await expect.poll(() => page.getByTestId('dial-status').last().getAttribute('data-state'), { timeout: 15_000 }).toBe('placed');
    expect(moor.dials.map((d) => ({ callPhone: d.callPhone, userPhone: d.userPhone }))).toEqual([{ callPhone: CUSTOMER_PHONE, userPhone: me.phone }]);
  });

  it('says so when the work phone is offline (7moor 4001)', async () => {
    const me = moor.dataset.agents[0]!;
    moor.setPhoneOnline(me.phone, false);
    try {
      await page.getByTestId('dial').last().click();
      const status = page.getByTestId('dial-status').last();
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
      expect(await status.textContent()).toContain('工作手机不在线');
      expect(moor.requestsTo('api/crm/callPhone').at(-1)?.outcome).toBe('failed');
    } finally {
      moor.setPhoneOnline(me.phone, true);
    }
  });

  it('adds the customer on WeChat and reports whether they appeared among the contacts', async () => {
    const me = moor.dataset.agents[0]!;
    await page.getByTestId('add-wechat').last().click();
    await expect.poll(() => moor.weChatAdds.map((a) => ({ phone: a.phone, userPhone: a.userPhone })), { timeout: 15_000 }).toEqual([{ phone: CUSTOMER_PHONE, userPhone: me.phone }]);
    await expect.poll(() => page.getByTestId('wechat-status').last().getAttribute('data-state'), { timeout: 60_000 }).toMatch(/^(found|notYet)$/);
    await page.keyboard.press('Escape');
  });

  it('renders a conversation of many message kinds', async () => {
    const listed = await invoke<AppOutput<'inbox.listConversations'>>('inbox.listConversations', { accountId: youmiAccount, limit: 50 });
    let best = { title: '', kinds: 0 };
    for (const c of listed.items) {
      const messages = await invoke<AppOutput<'inbox.listMessages'>>('inbox.listMessages', { conversationId: c.id, limit: 50 });
      const kinds = new Set(messages.items.map((m) => m.kind)).size;
      if (kinds > best.kinds) best = { title: c.title, kinds };
    }
    expect(best.kinds).toBeGreaterThan(3);
    await page.getByTestId('filter-account').selectOption(youmiAccount);
    await rowOf(best.title).click();
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe(best.title);
    await page.getByTestId('message').first().waitFor();
    // The chat opens at its newest message, fully in view once the rows' real heights are known.
    const lastInView = () =>
      page.getByTestId('message-list').evaluate((list) => {
        const rows = list.querySelectorAll('[data-testid="message"]');
        const last = rows[rows.length - 1]?.getBoundingClientRect();
        const box = list.getBoundingClientRect();
        return last !== undefined && last.bottom <= box.bottom + 1 && last.bottom > box.top;
      });
    await expect.poll(lastInView).toBe(true);
    expect(await page.locator('[data-testid="message-list"] script').count()).toBe(0);
    await shot('chat-kinds.png');
    await page.getByTestId('filter-account').selectOption('');
  });

  it('keeps quick replies and inserts one on "/"', async () => {
    await page.getByTestId('manage-quick-replies').click();
    await page.getByTestId('quick-reply-new').click();
    await page.getByTestId('quick-reply-title').fill('问候');
    await page.getByTestId('field-text').fill('您好，我是您的专属顾问，有任何问题随时找我');
    await page.getByTestId('quick-reply-save').click();
    await page.getByTestId('quick-reply-editor').waitFor({ state: 'detached' });
    await page.getByTestId('quick-reply-new').click();
    await page.getByTestId('quick-reply-title').fill('问地址');
    await page.getByTestId('field-text').fill('请问您的收货地址是？我这边安排发货');
    await page.getByTestId('quick-reply-save').click();
    await page.getByTestId('quick-reply-editor').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByTestId('quick-reply-manager').waitFor({ state: 'detached' });

    await composer().click();
    await composer().pressSequentially('/问');
    await expect.poll(() => page.getByTestId('quick-reply-option').count()).toBe(2);
    await shot('composer-quick-replies.png');
    const snippets: Record<string, string> = { 问候: '您好，我是您的专属顾问，有任何问题随时找我', 问地址: '请问您的收货地址是？我这边安排发货' };
    // Both searches ("/" and "/问") have answered once the list is the one for "问".
    await expect.poll(() => page.getByTestId('quick-reply-option').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('问候'), expect.stringContaining('问地址')]));
    await page.waitForTimeout(300);
    await page.keyboard.press('ArrowDown');
    const selected = page.locator('[data-testid="quick-reply-option"][aria-selected="true"]');
    expect(await page.getByTestId('quick-reply-option').nth(1).getAttribute('aria-selected')).toBe('true');
    const chosen = (await selected.locator('.title').textContent()) ?? '';
    await page.keyboard.press('Enter');
    await expect.poll(() => composer().inputValue()).toBe(snippets[chosen]);
    await composer().fill('');
  });

  it('shows the contact panel of a 7moor WeChat customer, read-only with the number to dial instead', async () => {
    const listed = await invoke<AppOutput<'inbox.listConversations'>>('inbox.listConversations', { accountId: moorAccount, limit: 50 });
    const withPhone = listed.items.find((c) => c.phones.length > 0 && c.kind === 'direct') ?? listed.items[0]!;
    await page.getByTestId('filter-account').selectOption(moorAccount);
    await rowOf(withPhone.title).click();
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe(withPhone.title);
    expect(await page.getByTestId('composer-input').count()).toBe(0);
    expect((await page.getByTestId('readonly-reason').textContent())?.length).toBeGreaterThan(0);
    await page.getByTestId('toggle-contact').click();
    const panel = page.getByTestId('contact-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('phone-actions').count()).toBe(withPhone.phones.length);
    await page.waitForTimeout(300);
    await shot('contact-panel.png');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.getByTestId('filter-account').selectOption('');
  });

  it('reads in English', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('nav-inbox').click();
    await rowOf(customerName).click();
    await expect.poll(() => page.getByTestId('send').textContent()).toContain('Send');
    expect(await page.getByTestId('filter-unread').locator('..').textContent()).toContain('Unread only');
    await shot('inbox-en.png');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-zh').click();
  });
});

// Youmi first contact in Chromium through the BUILT web host, against a Youmi simulator in this
// process whose token reads no v1 records at all: the v2 account's health panel says no
// conversations were found through the change feed, what that means and what to check; the
// agent adds the fan by its key there, the conversation syncs, the Moments notice shows as a
// notice line with its line break and emoji chips, and our reply, once Youmi echoes it, says
// "由 10000 发送" (the token's staff number).
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { agentPage, launchChromium } from '../helpers/browser';
import { connectToHost, waitUntil, type HostSocket } from '../helpers/host-socket';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const FAN = 'wxid_ujwy4r6nkjdb22';
const FAN_NAME = '心赠于你w';
const OPERATOR = 1906;
const MOMENTS = '给你04月26日的朋友圈<[抓狂][吐][吐][冷汗]>\n点赞';

let host: RunningHost;
let youmi: YoumiSimulator;
let socket: HostSocket;
let browser: Browser;
let page: Page;
let accountId: string;

const shot = (name: string) => page.screenshot({ path: join(ROOT, 'docs/screenshots', name) });
const messageWith = (text: string): Locator => page.locator('[data-testid="message"]', { hasText: text }).last();
const health = () => page.getByTestId(`health-${accountId}`);

beforeAll(async () => {
  youmi = await startYoumiSimulator({ v1Scope: [] });
  // The doc's own Moments notice, as the newest row of the doc's own fan.
  youmi.appendInbound({ wechatId: OPERATOR, fansKey: FAN, type: 1, content: MOMENTS, atMs: Date.now() - 60_000 });
  host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  socket = await connectToHost(host);
  // The operating account's id as Youmi types it: an integer.
  accountId = (
    await socket.invoke<{ id: string }>('accounts.add', { vendor: 'youmi', label: '友米 新租户', baseUrl: youmi.url, settings: { apiVersion: 'v2', wechatIds: [OPERATOR] }, token: youmi.token })
  ).id;
  await waitUntil(async () => {
    const statuses = await socket.invoke<AppOutput<'sync.getStatus'>>('sync.getStatus', {});
    return statuses.some((s) => s.accountId === accountId && s.streams.some((st) => st.notice?.code === 'noConversationsFound'));
  }, 'the first sync to find nothing');

  browser = await launchChromium();
  page = await agentPage(browser);
  await page.goto(host.url);
  await page.locator('[data-testid="connection"].connected').waitFor();
});

afterAll(async () => {
  socket?.close();
  await browser?.close();
  await host?.stop();
  await youmi?.close();
});

describe('a Youmi v2 account whose change feed finds nothing, in Chromium', () => {
  it('connects, but its health panel says no conversations were found through the change feed, and what to check', async () => {
    await page.getByTestId('nav-settings').click();
    const account = page.getByTestId(`account-${accountId}`);
    await expect.poll(() => account.getByTestId('account-status').textContent(), { timeout: 30_000 }).toBe('已连接');
    await account.getByTestId('account-details').click();
    const notice = health().getByTestId('health-notice');
    await notice.waitFor();
    expect(await notice.locator('strong').textContent()).toBe('通过变更记录未找到任何会话');
    expect(await notice.textContent()).toContain('友米聚合 v2 接口不能列出会话，本应用靠 v1 的全部聊天记录（变更记录）发现会话');
    expect(await notice.textContent()).toContain('现在是 1906');
    expect(await notice.getByTestId('health-notice-seen').textContent()).toContain('Token 很可能读不到 v1 聊天记录');
    expect(await page.getByTestId('conversation').count()).toBe(0);
    await health().getByTestId('add-conversation').scrollIntoViewIfNeeded();
    await health().getByTestId('add-conversation-key').fill(FAN);
    await shot('youmi-no-conversations.png');
  });

  it('refuses a key Youmi has no chat for, then adds the fan by its key; the conversation syncs', async () => {
    const form = health().getByTestId('add-conversation');
    await form.getByTestId('add-conversation-key').fill('wxid_nobody_here');
    await form.getByTestId('add-conversation-submit').click();
    await expect.poll(() => form.getByTestId('add-conversation-error').textContent(), { timeout: 15_000 }).toContain('请核对粉丝标识');

    await form.getByTestId('add-conversation-key').fill(` ${FAN} `);
    await form.getByTestId('add-conversation-submit').click();
    await expect.poll(() => page.getByTestId('notices').textContent(), { timeout: 15_000 }).toContain(`已添加会话“${FAN_NAME}”`);
    await expect.poll(() => health().getByTestId('health-notice').textContent(), { timeout: 30_000 }).toContain('已按标识添加 1 个会话');

    await page.getByTestId('nav-inbox').click();
    const row = page.getByTestId('conversation').filter({ hasText: FAN_NAME }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe(FAN_NAME);
    const fanRows = youmi.rows().filter((r) => r.ad_wechat_id === OPERATOR && r.ad_chatting_talter === FAN).length;
    const conversationId = await conversationIdOf(FAN_NAME);
    await expect
      .poll(async () => (await socket.invoke<AppOutput<'inbox.listMessages'>>('inbox.listMessages', { conversationId, limit: 200 })).items.length, { timeout: 30_000 })
      .toBe(fanRows);
  });

  it('shows the Moments notice as a notice line with its line break and emoji chips', async () => {
    const notice = page.getByTestId('notice-momentsInteraction').last();
    await notice.waitFor();
    expect(await notice.getByTestId('rich-text').textContent()).toBe(MOMENTS);
    expect(await notice.getByTestId('emoji').count()).toBe(4);
    // Drawn on two lines, as the vendor wrote it.
    const box = await notice.getByTestId('rich-text').boundingBox();
    const chip = await notice.getByTestId('emoji').first().boundingBox();
    expect(box!.height).toBeGreaterThan(chip!.height * 1.5);
  });

  it('our reply, once Youmi echoes it, says which staff number sent it: "由 10000 发送"', async () => {
    const reply = `收到您的点赞，谢谢！新款已到店 ${Date.now() % 10_000}`;
    await page.getByTestId('composer-input').fill(reply);
    await page.getByTestId('composer-input').press('Enter');
    await expect.poll(() => youmi.v2Sends().some((s) => JSON.stringify(s.body).includes(reply)), { timeout: 30_000 }).toBe(true);
    await socket.invoke('sync.syncNow', { accountId });
    const bubble = messageWith(reply);
    await expect.poll(() => bubble.getByTestId('sent-by').count(), { timeout: 30_000 }).toBe(1);
    expect(await bubble.getByTestId('sent-by').textContent()).toBe('由 10000 发送');
    expect(await bubble.getAttribute('data-status')).toBe('sent');
    // Replies colleagues sent from Youmi carry their own numbers.
    expect(await page.getByTestId('sent-by').allTextContents()).toEqual(expect.arrayContaining(['由 10000 发送']));
    await shot('youmi-sent-by.png');
  });
});

async function conversationIdOf(title: string): Promise<number> {
  const listed = await socket.invoke<AppOutput<'inbox.listConversations'>>('inbox.listConversations', { accountId, limit: 50 });
  return listed.items.find((c) => c.title === title)?.id ?? 0;
}

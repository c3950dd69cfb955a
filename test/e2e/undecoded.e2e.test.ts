// First contact with a tenant whose data this version cannot fully read, in Chromium against the
// built web host and a real 7moor simulator over HTTP: twelve messages of a type 7moor does not
// document and a friend whose nickname comes as an object are counted in the account's health
// panel in the agent's words, and the report to copy shows the structure with people masked.
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
  moor = await startMoorSimulator({ rateLimit: false });
  const chatId = moor.dataset.messages[0]!.chatId;
  const nowSec = Math.floor(Date.now() / 1000);
  for (let n = 0; n < 12; n++) {
    moor.dataset.messages.push({
      id: `m-new-type-${n}`,
      chatId,
      from: 'wxid_customer77',
      msgType: '999',
      msg: JSON.stringify({ nickName: '周大福', phone: '13912345678', title: '新品发布会邀请' }),
      date: '2026-01-15 12:00:00',
      ts: nowSec - 600 + n,
      msgId: String(9000 + n),
      isSend: '0',
    });
  }
  const contacts = moor.dataset.contacts;
  contacts.push({ ...contacts[0]!, _id: 'odd-friend', nick: { text: '王姐 13812345678' } } as unknown as (typeof contacts)[number]);
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

describe('what this version could not read, in the health panel', () => {
  it('counts it per endpoint and kind in the agent words, with a masked report', async () => {
    await page.getByTestId('add-account').click();
    await page.getByTestId('account-form').waitFor();
    await page.locator('#account-label').fill('七陌新租户');
    await page.locator('#account-baseUrl').fill(moor.url);
    await page.locator('#account-clientId').fill(moor.credentials.clientId);
    await page.locator('#account-secret').fill(moor.credentials.clientSecret);
    await page.getByTestId('account-save').click();
    const account = page.locator('ul.accounts > li').filter({ hasText: '七陌新租户' });
    await account.waitFor();
    await account.getByTestId('account-details').click();

    const panel = account.getByTestId('undecoded');
    const sentences = () => panel.getByTestId('undecoded-sentence').allTextContents();
    await expect.poll(async () => (await sentences()).sort(), { timeout: 30_000, interval: 250 }).toEqual(
      ['12 条消息属于此版本无法显示的类型', '1 条微信好友只读出了一部分（有字段的格式与文档不符）'].sort(),
    );
    const messages = panel.getByTestId('undecoded-group').filter({ hasText: '12 条消息' });
    expect(await messages.textContent()).toContain('七陌微信聊天记录');
    expect(await messages.textContent()).toContain('类型代码：999');

    await messages.locator('summary').click();
    const report = await messages.getByTestId('undecoded-report').inputValue();
    expect(report).toContain('"msgType": "999"');
    expect(report).toContain('count:      12');
    for (const leak of ['周大福', '13912345678', 'wxid_customer77', '新品发布会', moor.credentials.clientSecret]) expect(report, leak).not.toContain(leak);
    expect(await page.content()).not.toContain('周大福');

    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/health-undecoded.png') });
  });
});

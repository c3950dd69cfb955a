// Zhuge's reads are destructive (getmsg clears the unread flags, the history clears the chat):
// whatever a crash or a lost answer swallows must come back from the history, stored once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZhugeClient } from '../../electron/main/vendors/zhuge/client';
import { startZhugeSimulator, type ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';
import { caughtUp, statusOf, syncRig, waitFor, type SyncRig } from './sync-harness';

const ACCOUNT = 'zhuge-1';
const CUSTOMER = 2;
let sim: ZhugeSimulator;
let rig: SyncRig;

const stored = () => rig.count('SELECT count(*) FROM messages WHERE account_id = ?', ACCOUNT);
const storedText = (text: string) => rig.count('SELECT count(*) FROM messages WHERE account_id = ? AND text = ?', ACCOUNT, text);
const write = (msg: string) => sim.appendInbound({ customerId: CUSTOMER, content: { info_type: 1, msg } });

beforeAll(async () => {
  sim = await startZhugeSimulator();
  rig = await syncRig();
  const account = sim.account(CUSTOMER);
  rig.store.accounts.upsert({ id: ACCOUNT, vendor: 'zhuge', label: '诸葛', baseUrl: account.baseUrl, settings: { userId: String(account.customerId), uId: String(account.radarUserId) } });
  await rig.secrets.set(ACCOUNT, 'token', account.token);
  await rig.sync.startAccount(ACCOUNT);
  await waitFor(() => caughtUp(statusOf(rig, ACCOUNT)), 'the first sync', 15_000, () => statusOf(rig, ACCOUNT));
});

afterAll(async () => {
  await rig?.close();
  await sim?.close();
});

describe('Zhuge sync', () => {
  it('stores the whole conversation, read-only with the reason', () => {
    expect(stored()).toBe(sim.messages(CUSTOMER).length);
    const [conversation] = rig.store.conversations.page({ accountId: ACCOUNT }).items;
    expect(conversation).toMatchObject({ readOnly: true, readOnlyReason: '诸葛雷达公众号会话只能查看，请在诸葛雷达中回复客户', title: '李雪 🌸' });
    expect(sim.unreadCount(CUSTOMER)).toBe(0);
  });

  it('a new customer message arrives once, though both getmsg and the history carry it', async () => {
    write('请问今天能发货吗？');
    rig.sync.syncNow(ACCOUNT);
    await waitFor(() => storedText('请问今天能发货吗？') === 1, 'the message');
    await waitFor(() => caughtUp(statusOf(rig, ACCOUNT)), 'the poll to end');
    expect(stored()).toBe(sim.messages(CUSTOMER).length);
    const arrivals = rig.events.filter((e) => e.name === 'inbox.onDidArriveMessages').flatMap((e) => (e.payload as { messages: { text: string }[] }).messages);
    expect(arrivals.map((m) => m.text)).toEqual(['请问今天能发货吗？']);
  });

  it('messages taken by a getmsg whose answer never reached the cache (a crash) come back from the history', async () => {
    await rig.sync.stopAccount(ACCOUNT);
    // A poll aborted by the stop may still reach the server; let it land before the customer writes.
    await new Promise((r) => setTimeout(r, 200));
    for (const text of ['第一条：地址改一下', '第二条：改到公司', '第三条：谢谢']) write(text);
    // What a crash right after the vendor answered looks like: the rows are flagged read, nothing is stored.
    const account = sim.account(CUSTOMER);
    const thief = new ZhugeClient({ baseUrl: account.baseUrl, customerId: account.customerId, radarUserId: account.radarUserId, getToken: async () => account.token });
    expect((await thief.fetchLatest()).messages).toHaveLength(3);
    expect(sim.unreadCount(CUSTOMER)).toBe(0);
    await rig.restart();
    await rig.sync.startAccount(ACCOUNT);
    await waitFor(() => storedText('第三条：谢谢') === 1, 'the swallowed messages');
    for (const text of ['第一条：地址改一下', '第二条：改到公司']) expect(storedText(text)).toBe(1);
    expect(stored()).toBe(sim.messages(CUSTOMER).length);
  });

  it('a getmsg answer lost on the way (after the server flagged the rows) is recovered in the same poll, without a second getmsg', async () => {
    await waitFor(() => caughtUp(statusOf(rig, ACCOUNT)), 'a quiet moment');
    write('丢失的回答里的消息');
    sim.clearRequests();
    sim.injectFault('getmsg', { kind: 'drop', afterHandling: true });
    rig.sync.syncNow(ACCOUNT);
    await waitFor(() => storedText('丢失的回答里的消息') === 1, 'the recovered message');
    await waitFor(() => statusOf(rig, ACCOUNT)?.streams[0]?.phase === 'error', 'the failure to show');
    expect(sim.requests().filter((r) => r.endpoint === 'getmsg')).toHaveLength(1);
    expect(stored()).toBe(sim.messages(CUSTOMER).length);
  });
});

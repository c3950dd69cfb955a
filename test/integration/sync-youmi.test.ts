// Youmi v2 (conversations discovered through v1's all-records query, then GetChat with
// minChattingId) and v1 (chat-record windows), against the simulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { youmiV2ReplyKinds, YOUMI_V1_REPLY_KINDS } from '../../electron/main/vendors/youmi/send';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { caughtUp, statusOf, syncRig, waitFor, type SyncRig } from './sync-harness';

let sim: YoumiSimulator;
let rig: SyncRig;

async function addYoumi(id: string, apiVersion: 'v1' | 'v2'): Promise<void> {
  rig.store.accounts.upsert({
    id,
    vendor: 'youmi',
    label: `友米 ${apiVersion}`,
    baseUrl: sim.url,
    settings: { apiVersion, wechatIds: sim.operators.map((o) => String(o.wechatId)) },
  });
  await rig.secrets.set(id, 'token', sim.token);
  await rig.sync.startAccount(id);
  await waitFor(() => caughtUp(statusOf(rig, id)), `the first sync of ${id}`, 20_000, () => statusOf(rig, id));
}

const rows = (table: string, account: string) => rig.count(`SELECT count(*) FROM ${table} WHERE account_id = ?`, account);
const conversationKeys = (account: string) => rig.store.conversations.page({ accountId: account }, { limit: 200 }).items.map((c) => c.vendorConversationId);

beforeAll(async () => {
  sim = await startYoumiSimulator();
  rig = await syncRig();
});

afterAll(async () => {
  await rig?.close();
  await sim?.close();
});

describe('Youmi v2 sync', () => {
  const ACCOUNT = 'youmi-v2';
  beforeAll(() => addYoumi(ACCOUNT, 'v2'));

  it('discovers every conversation and reads each through GetChat: the cache equals the tenant', () => {
    const ids = new Set(sim.rows().map((r) => String(r.ad_chatting_id)));
    expect(rows('messages', ACCOUNT)).toBe(ids.size);
    expect(rig.count('SELECT count(*) FROM messages WHERE account_id = ? AND vendor_msg_id GLOB ?', ACCOUNT, '[0-9]*')).toBe(ids.size);
    const fans = new Set(sim.rows().map((r) => `${r.ad_wechat_id}:${r.ad_chatting_talter}`));
    expect(new Set(conversationKeys(ACCOUNT))).toEqual(fans);
    const conversations = rig.store.conversations.page({ accountId: ACCOUNT }, { limit: 200 }).items;
    expect(conversations.every((c) => !c.readOnly && c.capabilities.join() === youmiV2ReplyKinds(0).join())).toBe(true);
    expect(conversations.find((c) => c.vendorConversationId.endsWith('@chatroom'))).toMatchObject({ kind: 'group', title: '友米VIP客户群' });
    expect(conversations.find((c) => c.vendorConversationId.endsWith(':wxid_ujwy4r6nkjdb22'))?.title).toBe('心赠于你w');
    // Every conversation's cursor is its highest ad_chatting_id.
    const newest = Math.max(...sim.rows().filter((r) => r.ad_chatting_talter === 'wxid_ujwy4r6nkjdb22').map((r) => r.ad_chatting_id ?? 0));
    const key = conversations.find((c) => c.vendorConversationId.endsWith(':wxid_ujwy4r6nkjdb22'))!.vendorConversationId;
    expect(rig.store.cursors.get(ACCOUNT, `messages:conv:${key}`)?.value).toEqual({ minChattingId: newest });
  });

  it('picks up a known fan writing and a fan never seen before, through the change feed', async () => {
    const operator = sim.operators[0]!;
    const known = sim.fans().find((f) => f.wechatId === operator.wechatId && !f.wxid.endsWith('@chatroom'))!;
    const seen = rig.events.length;
    sim.appendInbound({ wechatId: operator.wechatId, fansKey: known.wxid, type: 1, content: '在吗？我想再订两箱' });
    sim.appendInbound({ wechatId: operator.wechatId, fansKey: 'wxid_newfan2026', fanName: '新客户小周', type: 1, content: '你好，朋友推荐来的，电话 13912345678' });
    rig.sync.syncNow(ACCOUNT);
    const arrived = () =>
      rig.events
        .slice(seen)
        .filter((e) => e.name === 'inbox.onDidArriveMessages')
        .flatMap((e) => (e.payload as { messages: { text: string }[] }).messages.map((m) => m.text));
    await waitFor(() => arrived().length === 2, 'both messages', 15_000, arrived);
    expect(arrived().sort()).toEqual(['你好，朋友推荐来的，电话 13912345678', '在吗？我想再订两箱'].sort());
    expect(conversationKeys(ACCOUNT)[0]).toBe(`${operator.wechatId}:wxid_newfan2026`);
    expect(rig.store.conversations.unreadTotals().byAccount[ACCOUNT]).toBe(2);
  });

  it('a second sync from scratch (discovery and every conversation cursor cleared) adds nothing', async () => {
    const before = rows('messages', ACCOUNT);
    const keys = conversationKeys(ACCOUNT);
    rig.store.cursors.clear(ACCOUNT, 'messages');
    for (const key of keys) rig.store.cursors.clear(ACCOUNT, `messages:conv:${key}`);
    const seen = rig.events.length;
    await rig.sync.startAccount(ACCOUNT);
    await waitFor(() => caughtUp(statusOf(rig, ACCOUNT)), 'the second sync', 20_000, () => statusOf(rig, ACCOUNT));
    expect(rows('messages', ACCOUNT)).toBe(before);
    expect(rig.events.slice(seen).filter((e) => !e.name.startsWith('sync.'))).toEqual([]);
  });
});

describe('Youmi v1 sync', () => {
  const ACCOUNT = 'youmi-v1';
  beforeAll(() => addYoumi(ACCOUNT, 'v1'));

  it('reads the chat records window by window: every row once, under v1 ids', () => {
    const serverIds = new Set(sim.rows().map((r) => r.ad_sermsgid));
    expect(rows('messages', ACCOUNT)).toBe(serverIds.size);
    const conversations = rig.store.conversations.page({ accountId: ACCOUNT }, { limit: 200 }).items;
    expect(conversations.length).toBe(new Set(sim.rows().map((r) => `${r.ad_wechat_id}:${r.ad_chatting_talter}`)).size);
    expect(conversations.every((c) => c.capabilities.join() === YOUMI_V1_REPLY_KINDS.join())).toBe(true);
  });

  it('follows new rows with the head and stores nothing twice on a rerun', async () => {
    const operator = sim.operators[1]!;
    const fan = sim.fans().find((f) => f.wechatId === operator.wechatId)!;
    const row = sim.appendInbound({ wechatId: operator.wechatId, fansKey: fan.wxid, type: 1, content: '发票开好了吗' });
    rig.sync.syncNow(ACCOUNT);
    await waitFor(() => rig.count('SELECT count(*) FROM messages WHERE account_id = ? AND vendor_msg_id = ?', ACCOUNT, row.ad_sermsgid) === 1, 'the new row');
    const before = rows('messages', ACCOUNT);
    rig.store.cursors.clear(ACCOUNT, 'messages');
    await rig.sync.startAccount(ACCOUNT);
    await waitFor(() => caughtUp(statusOf(rig, ACCOUNT)), 'the rerun', 20_000, () => statusOf(rig, ACCOUNT));
    expect(rows('messages', ACCOUNT)).toBe(before);
  });
});

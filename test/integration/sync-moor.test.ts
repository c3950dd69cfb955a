// The 7moor streams against the simulator over HTTP, into a real store: a full first sync equals
// the simulator's tenant, a second run from scratch adds nothing, live traffic arrives as news.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '@shared/model';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { caughtUp, statusOf, syncRig, waitFor, type SyncRig } from './sync-harness';

const ACCOUNT = 'moor-1';
let sim: MoorSimulator;
let rig: SyncRig;

beforeAll(async () => {
  sim = await startMoorSimulator();
  rig = await syncRig();
  rig.store.accounts.upsert({ id: ACCOUNT, vendor: 'moor', label: '七陌', baseUrl: sim.url, settings: { clientId: sim.credentials.clientId } });
  await rig.secrets.set(ACCOUNT, 'clientSecret', sim.credentials.clientSecret);
  await rig.sync.startAccount(ACCOUNT);
  await waitFor(() => caughtUp(statusOf(rig, ACCOUNT)), 'the first sync', 20_000, () => statusOf(rig, ACCOUNT));
});

afterAll(async () => {
  await rig?.close();
  await sim?.close();
});

const rows = (table: string) => rig.count(`SELECT count(*) FROM ${table} WHERE account_id = ?`, ACCOUNT);

describe('7moor sync', () => {
  it('brings the whole tenant into the cache on the first sync', () => {
    const data = sim.dataset;
    expect(rows('messages')).toBe(data.messages.length);
    expect(rows('calls')).toBe(data.calls.length);
    expect(rows('sms')).toBe(data.sms.length);
    expect(rows('contacts')).toBe(data.contacts.length);
    expect(rows('conversations')).toBe(data.sessions.length);
    expect(rows('agents')).toBe(data.agents.length);
    expect(rows('wechat_accounts')).toBe(data.accounts.length);
    expect(rows('wechat_groups')).toBe(data.groups.length);
    expect(rows('wechat_group_members')).toBe(data.members.length);
    expect(rig.store.customers.fields(ACCOUNT).map((f) => f.key)).toEqual(Object.keys(data.template));
    const ids = new Set(data.messages.map((m) => m.id));
    expect(rig.count('SELECT count(DISTINCT vendor_msg_id) FROM messages WHERE account_id = ?', ACCOUNT)).toBe(ids.size);
  });

  it('makes every WeChat conversation read-only with the reason, titles from friends and groups, and phones', () => {
    const all: Conversation[] = rig.store.conversations.page({ accountId: ACCOUNT }, { limit: 200 }).items;
    expect(all.every((c) => c.readOnly && c.readOnlyReason === '七陌工作手机的微信会话只能查看，可以直接拨打客户电话' && c.capabilities.length === 0)).toBe(true);
    const groups = all.filter((c) => c.kind === 'group');
    expect(groups.map((c) => c.title).sort()).toEqual(sim.dataset.groups.map((g) => g.name).sort());
    const withPhone = sim.dataset.contacts.filter((c) => /1\d{10}/.test(c.nick));
    const session = sim.dataset.sessions.find((s) => s.contactWxNo === withPhone[0]!.wxNo)!;
    const conversation = all.find((c) => c.vendorConversationId === session.id)!;
    expect(conversation.title).toBe(withPhone[0]!.nick);
    expect(conversation.phones).toEqual([/1\d{10}/.exec(withPhone[0]!.nick)![0]]);
    expect(conversation.contactId).toBeDefined();
  });

  it('treats thirty days of history as history: nothing unread, nothing announced as new', () => {
    expect(rig.store.conversations.unreadTotals().total).toBe(0);
    expect(rig.events.filter((e) => e.name === 'inbox.onDidArriveMessages')).toEqual([]);
    expect(rig.events.some((e) => e.name === 'inbox.onDidChangeConversations')).toBe(true);
    expect(rig.events.some((e) => e.name === 'sync.onDidProgress' && (e.payload as { streams: { phase: string }[] }).streams.some((s) => s.phase === 'backfill'))).toBe(true);
  });

  it('announces a customer writing, counts it unread and moves the conversation to the top', async () => {
    const session = sim.dataset.sessions.filter((s) => s.chatType === 'single')[5]!;
    const written = sim.appendMessage({ chatId: session.id, msg: '王经理您好，门锁什么时候能安装？我电话13800138000' });
    rig.sync.syncNow(ACCOUNT);
    await waitFor(() => rig.events.some((e) => e.name === 'inbox.onDidArriveMessages'), 'the new message');
    const arrived = rig.events.find((e) => e.name === 'inbox.onDidArriveMessages')!.payload as { messages: { vendorMsgId: string; direction: string; id: number }[] };
    expect(arrived.messages).toEqual([expect.objectContaining({ vendorMsgId: written.id, direction: 'in' })]);
    expect(rig.store.conversations.unreadTotals()).toEqual({ total: 1, byAccount: { [ACCOUNT]: 1 } });
    const top = rig.store.conversations.page({ accountId: ACCOUNT }, { limit: 1 }).items[0]!;
    expect(top).toMatchObject({ vendorConversationId: session.id, unreadCount: 1, lastMessagePreview: expect.stringContaining('门锁') });
    expect(rig.events.some((e) => e.name === 'inbox.onDidChangeUnread' && (e.payload as { total: number }).total === 1)).toBe(true);
  });

  it('a second sync from scratch of every stream adds and announces nothing', async () => {
    const before = ['messages', 'calls', 'sms', 'contacts', 'conversations', 'agents', 'wechat_groups'].map(rows);
    for (const stream of ['messages', 'calls', 'sms']) rig.store.cursors.clear(ACCOUNT, stream);
    const seen = rig.events.length;
    await rig.sync.startAccount(ACCOUNT);
    await waitFor(() => caughtUp(statusOf(rig, ACCOUNT)), 'the second sync', 20_000, () => statusOf(rig, ACCOUNT));
    expect(['messages', 'calls', 'sms', 'contacts', 'conversations', 'agents', 'wechat_groups'].map(rows)).toEqual(before);
    const news = rig.events.slice(seen).filter((e) => !e.name.startsWith('sync.'));
    expect(news).toEqual([]);
    expect(rig.store.conversations.unreadTotals().total).toBe(1);
  });
});

// Youmi first contact, through the real router, sync and store against the simulator over HTTP:
// a v2 account whose conversations v1's all-records feed does not name says so (and what it did
// see), a conversation added by its key syncs every poll (also after a restart), outgoing
// messages carry the colleague's staff number and, where the app knows it, their name, and the
// operating-account ids are accepted as integers as well as text.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSummary } from '@shared/ipc/accounts';
import type { StreamStatus } from '@shared/ipc/sync';
import type { Conversation, Message } from '@shared/model';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { MY_WORK_PHONE_KEY } from '../../electron/main/services/work-phone';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { startApp, youmiDraft, type TestApp } from './accounts-kit';
import { caughtUp, statusOf, syncRig, waitFor } from './sync-harness';

const secrets = new MemorySecretStore();
const dataDir = mkdtempSync(join(tmpdir(), 'wp-youmi-first-'));
let sim: YoumiSimulator;
let app: TestApp;
let account: AccountSummary;

const FAN = 'wxid_ujwy4r6nkjdb22';
const OPERATOR = 1906;

async function messagesStream(accountId: string): Promise<StreamStatus | undefined> {
  const statuses = await app.call('sync.getStatus', {});
  return statuses.find((s) => s.accountId === accountId)?.streams.find((s) => s.stream === 'messages');
}

async function messagesOf(conversationId: number): Promise<Message[]> {
  return (await app.call('inbox.listMessages', { conversationId, limit: 200 })).items;
}

const fanRows = () => sim.rows().filter((r) => r.ad_wechat_id === OPERATOR && r.ad_chatting_talter === FAN);

beforeAll(async () => {
  // The token's v1 records cover the other operating account only.
  sim = await startYoumiSimulator({ v1Scope: [2107] });
  app = await startApp({ secrets, dataDir, realSync: true });
  // Youmi types operating-account ids as integers; the form sends text. Both are taken.
  account = await app.call('accounts.add', { vendor: 'youmi', label: '友米聚合', baseUrl: sim.url, settings: { apiVersion: 'v2', wechatIds: [OPERATOR] }, token: sim.token });
});

afterAll(async () => {
  await app?.close();
  await sim?.close();
});

describe('a Youmi v2 account whose change feed names none of its conversations', () => {
  it('keeps the integer WeChat id as the text the rows key conversations with', () => {
    expect(account.settings).toEqual({ apiVersion: 'v2', wechatIds: ['1906'] });
  });

  it('passes its connection test, which says the v1 records hold nothing for the followed account', async () => {
    const result = await app.call('accounts.test', { id: account.id });
    expect(result.ok).toBe(true);
    expect(result.checkedZh).toContain('v1 聊天记录里没有运营号 1906 的记录');
    expect(result.checked).toContain('hold nothing for operating account 1906');
  });

  it('finishes its first sync with an empty inbox and says why: nothing found, which accounts the feed did show', async () => {
    await expect.poll(async () => (await messagesStream(account.id))?.notice, { timeout: 15_000 }).toEqual({
      code: 'noConversationsFound',
      followedWechatIds: ['1906'],
      otherWechatIds: ['2107'],
      added: 0,
    });
    expect((await messagesStream(account.id))?.phase).toMatch(/incremental|waiting/);
    expect((await app.call('inbox.listConversations', { accountId: account.id })).items).toEqual([]);
  });

  it('refuses a conversation key that cannot be one, before or after asking Youmi, and stores nothing', async () => {
    const before = sim.requestCount('v2.getChat');
    expect(await app.failure('sync.addYoumiConversation', { accountId: account.id, wechatId: 2107, fansKey: FAN })).toMatchObject({
      code: 'VALIDATION',
      details: { field: 'wechatId' },
    });
    expect(await app.failure('sync.addYoumiConversation', { accountId: account.id, wechatId: '1906', fansKey: 'wxid_ujwy 4r6' })).toMatchObject({
      code: 'VALIDATION',
      details: { field: 'fansKey' },
    });
    const control = await app.failure('sync.addYoumiConversation', { accountId: account.id, wechatId: '1906', fansKey: 'wxid_\u0007bell' });
    expect(control.code).toBe('VALIDATION');
    expect(JSON.stringify(control)).not.toContain('bell');
    expect(await app.failure('sync.addYoumiConversation', { accountId: account.id, wechatId: '1906', fansKey: '' })).toMatchObject({ code: 'VALIDATION' });
    expect(sim.requestCount('v2.getChat')).toBe(before);

    // A well-formed key Youmi has no chat for.
    const unknown = await app.failure('sync.addYoumiConversation', { accountId: account.id, wechatId: '1906', fansKey: 'wxid_nobody_here' });
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', details: { field: 'fansKey', reason: 'noChat' } });
    expect(unknown.messageZh).toContain('请核对粉丝标识');
    expect((await app.call('inbox.listConversations', { accountId: account.id })).items).toEqual([]);
  });

  let conversation: Conversation;

  it('adds a fan by its key: the conversation appears at once under the fan’s name and then syncs whole', async () => {
    conversation = await app.call('sync.addYoumiConversation', { accountId: account.id, wechatId: OPERATOR, fansKey: ` ${FAN} ` });
    expect(conversation).toMatchObject({ vendor: 'youmi', vendorConversationId: `${OPERATOR}:${FAN}`, title: '心赠于你w', kind: 'direct', readOnly: false });
    expect(conversation.capabilities).toContain('text');
    await expect.poll(async () => (await messagesOf(conversation.id)).length, { timeout: 15_000 }).toBe(fanRows().length);
    await expect.poll(async () => (await messagesStream(account.id))?.notice?.added, { timeout: 15_000 }).toBe(1);
    // Adding it again changes nothing.
    expect((await app.call('sync.addYoumiConversation', { accountId: account.id, wechatId: '1906', fansKey: FAN })).id).toBe(conversation.id);
  });

  it('carries who sent each outgoing message, with the agent’s name where getUsers or the settings know the staff number', async () => {
    const messages = await messagesOf(conversation.id);
    const outgoing = messages.filter((m) => m.direction === 'out');
    expect(outgoing.length).toBeGreaterThan(1);
    const staff = new Map(fanRows().map((r) => [String(r.ad_chatting_id), r.ad_staff_code]));
    for (const m of messages) expect(m.senderId, m.vendorMsgId).toBe(m.direction === 'out' ? staff.get(m.vendorMsgId) : FAN);
    expect(new Set(outgoing.map((m) => m.senderId))).toEqual(new Set(['10000', '10100']));
    expect(outgoing.every((m) => m.senderName === undefined)).toBe(true);

    // 7moor's getUsers lists 10100 by name; "my work phone" says the agent is 10000.
    const { store } = app.core.context;
    store.accounts.upsert({ id: 'moor-team', vendor: 'moor', label: '七陌', baseUrl: 'https://wpapi.7moor.com', settings: { clientId: 'c' } });
    store.applyAgentPage({ accountId: 'moor-team', items: [{ vendorId: '10100', name: '李娜', phone: '13800000001' }] });
    store.settings.set(MY_WORK_PHONE_KEY, { accountId: 'moor-team', agentId: '10000', agentName: '王芳', phone: '13800000002' });
    const named = (await messagesOf(conversation.id)).filter((m) => m.direction === 'out');
    for (const m of named) expect(m.senderName).toBe(m.senderId === '10100' ? '李娜' : '王芳');
    // Incoming messages keep the fan's own name.
    expect((await messagesOf(conversation.id)).filter((m) => m.direction === 'in').every((m) => m.senderName === '心赠于你w')).toBe(true);
  });

  it('reads a new message of the added conversation on the next poll, though the feed never names it', async () => {
    const row = sim.appendInbound({ wechatId: OPERATOR, fansKey: FAN, type: 1, content: '在吗？上次那款还有货吗' });
    await app.call('sync.syncNow', { accountId: account.id });
    await expect.poll(async () => (await messagesOf(conversation.id)).some((m) => m.vendorMsgId === String(row.ad_chatting_id)), { timeout: 15_000 }).toBe(true);
  });

  it('a Moments notice (type 1) arrives as text marked a notice, and the search filter "text" finds it', async () => {
    const row = sim.appendInbound({ wechatId: OPERATOR, fansKey: FAN, type: 1, content: '给你05月02日的朋友圈<[强][玫瑰]>\n点赞' });
    await app.call('sync.syncNow', { accountId: account.id });
    await expect.poll(async () => (await messagesOf(conversation.id)).find((m) => m.vendorMsgId === String(row.ad_chatting_id)), { timeout: 15_000 }).toMatchObject({
      kind: 'text',
      body: { text: '给你05月02日的朋友圈<[强][玫瑰]>\n点赞', notice: 'momentsInteraction' },
    });
    const found = await app.call('search.query', { query: '朋友圈<[强]', filters: { kind: 'text', accountId: account.id } });
    expect(found.messages.map((h) => (h.type === 'message' ? h.kind : h.type))).toEqual(['text']);
  });

  it('a reply sent from the app takes the staff number Youmi records for it once echoed', async () => {
    const changed: Message[] = [];
    app.core.bus.on('inbox.onDidChangeMessages', ({ messages }) => changed.push(...messages));
    const sent = await app.call('reply.send', { conversationId: conversation.id, content: { kind: 'text', text: '有的，今天下单明天发货' } });
    await expect.poll(() => sim.v2Sends().length, { timeout: 15_000 }).toBe(1);
    await app.call('sync.syncNow', { accountId: account.id });
    await expect
      .poll(async () => (await messagesOf(conversation.id)).find((m) => m.id === sent.id), { timeout: 15_000 })
      .toMatchObject({ status: 'sent', senderId: '10000', senderName: '王芳', vendorMsgId: String(sim.v2Sends()[0]!.rowIds[0]) });
    // The chat that shows it hears of the echo: the sender arrives without a reload.
    await expect.poll(() => changed.find((m) => m.id === sent.id && m.senderId === '10000'), { timeout: 15_000 }).toMatchObject({ senderName: '王芳', status: 'sent' });
  });

  it('keeps following the added conversation after a restart', async () => {
    await app.close();
    app = await startApp({ secrets, dataDir, realSync: true });
    const row = sim.appendInbound({ wechatId: OPERATOR, fansKey: FAN, type: 1, content: '重启之后还能收到吗' });
    await expect.poll(async () => (await messagesOf(conversation.id)).some((m) => m.vendorMsgId === String(row.ad_chatting_id)), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await messagesStream(account.id))?.notice, { timeout: 15_000 }).toMatchObject({ code: 'noConversationsFound', added: 1 });
  });

  it('a v1 account is told it has no need of keys', async () => {
    const v1 = await app.call('accounts.add', { ...youmiDraft(sim, { apiVersion: 'v1' }), label: '友米 v1' });
    expect(await app.failure('sync.addYoumiConversation', { accountId: v1.id, wechatId: '1906', fansKey: FAN })).toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('a token whose v1 records cover no account at all', () => {
  let empty: YoumiSimulator;
  beforeAll(async () => {
    empty = await startYoumiSimulator({ v1Scope: [] });
  });
  afterAll(() => empty?.close());

  it('says nothing was found and names no other account, with two followed accounts (one unfiltered feed)', async () => {
    const second = await app.call('accounts.add', { ...youmiDraft(empty), label: '友米 空' });
    expect(second.settings).toEqual({ apiVersion: 'v2', wechatIds: ['1906', '2107'] });
    await expect.poll(async () => (await messagesStream(second.id))?.notice, { timeout: 15_000 }).toEqual({
      code: 'noConversationsFound',
      followedWechatIds: ['1906', '2107'],
      otherWechatIds: [],
      added: 0,
    });
  });
});

describe('Youmi v2 rows with the operating account as text, and the periodic re-check', () => {
  it('keys, follows and syncs them like integer ids; the sweep re-reads known conversations with nothing new', async () => {
    const textual = await startYoumiSimulator({ wechatIdsAsText: true });
    const rig = await syncRig({ sync: { intervals: { sweepMs: 1 } } });
    try {
      rig.store.accounts.upsert({ id: 'ym', vendor: 'youmi', label: '友米', baseUrl: textual.url, settings: { apiVersion: 'v2', wechatIds: ['1906', '2107'] } });
      await rig.secrets.set('ym', 'token', textual.token);
      await rig.sync.startAccount('ym');
      await waitFor(() => caughtUp(statusOf(rig, 'ym')), 'the first sync', 20_000, () => statusOf(rig, 'ym'));
      expect(rig.count('SELECT count(*) FROM messages WHERE account_id = ?', 'ym')).toBe(textual.rows().length);
      expect(new Set(rig.store.conversations.page({ accountId: 'ym' }, { limit: 200 }).items.map((c) => c.vendorConversationId))).toEqual(
        new Set(textual.rows().map((r) => `${r.ad_wechat_id}:${r.ad_chatting_talter}`)),
      );
      expect(statusOf(rig, 'ym')?.streams[0]?.notice).toBeUndefined();

      // Nothing moved, so only the sweep asks GetChat: ten known conversations a poll.
      const before = textual.requestCount('v2.getChat');
      const polled = statusOf(rig, 'ym')!.streams[0]!.lastSuccessAt!;
      rig.sync.syncNow('ym');
      await waitFor(() => (statusOf(rig, 'ym')?.streams[0]?.lastSuccessAt ?? 0) > polled && caughtUp(statusOf(rig, 'ym')), 'the next poll');
      expect(textual.requestCount('v2.getChat') - before).toBeGreaterThanOrEqual(10);
    } finally {
      await rig.close();
      await textual.close();
    }
  });
});

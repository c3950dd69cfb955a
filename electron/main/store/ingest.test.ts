import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@shared/errors';
import type { DecodedMessage } from '@shared/model';
import { addAccount, callRecord, smsRecord, T0, tempStore, textMessage, type TempStore } from './test-kit';

let temp: TempStore;
beforeEach(() => {
  temp = tempStore();
  addAccount(temp.store);
});
afterEach(() => temp.dispose());

const MINUTE = 60_000;

function page(messages: DecodedMessage[], cursor?: unknown) {
  return {
    accountId: 'youmi-1',
    vendor: 'youmi' as const,
    messages,
    ...(cursor === undefined ? {} : { cursor: { stream: 'messages', value: cursor } }),
  };
}

describe('applyMessagePage', () => {
  it('inserts new messages with local ids, creates the conversation from the message, and saves the cursor', () => {
    const { store } = temp;
    const result = store.applyMessagePage(
      page(
        [
          textMessage('m1', '你好,请问有货吗', { peerName: '李女士', peerAvatarUrl: 'https://img/a.png' }),
          textMessage('m2', '有的', { direction: 'out', sentAt: T0 + MINUTE }),
        ],
        { minChattingId: 2 },
      ),
    );
    expect(result.updated).toBe(0);
    expect(result.inserted.map((m) => [m.vendorMsgId, m.status, m.kind])).toEqual([
      ['m1', 'received', 'text'],
      ['m2', 'sent', 'text'],
    ]);
    const conversation = store.conversations.get(result.inserted[0]!.conversationId)!;
    expect(conversation).toMatchObject({
      title: '李女士',
      avatarUrl: 'https://img/a.png',
      kind: 'direct',
      vendor: 'youmi',
      vendorConversationId: 'fan-1',
      unreadCount: 1,
      lastMessageAt: T0 + MINUTE,
      lastMessagePreview: '有的',
    });
    expect(store.cursors.get('youmi-1', 'messages')?.value).toEqual({ minChattingId: 2 });
    expect(store.messages.get(result.inserted[0]!.id)).toEqual(result.inserted[0]);
  });

  it('is idempotent: applying the same page again inserts nothing, updates nothing and leaves counts alone', () => {
    const { store } = temp;
    const messages = [textMessage('m1', '在吗'), textMessage('m2', '想问下价格', { sentAt: T0 + MINUTE })];
    const first = store.applyMessagePage(page(messages, { minChattingId: 2 }));
    const again = store.applyMessagePage(page(messages, { minChattingId: 2 }));
    expect(again).toEqual({ inserted: [], updated: 0, echoed: [] });
    const conversation = store.conversations.get(first.inserted[0]!.conversationId)!;
    expect(conversation.unreadCount).toBe(2);
    expect(store.messages.page(conversation.id).items).toHaveLength(2);
    expect(store.search.messages('价格').items).toHaveLength(1);
  });

  it('updates a re-delivered message whose content changed, without counting it unread again', () => {
    const { store } = temp;
    const first = store.applyMessagePage(page([textMessage('m1', '这条消息会被撤回')]));
    const recalled: DecodedMessage = {
      ...textMessage('m1', '对方撤回了一条消息'),
      content: { kind: 'recall', body: { text: '对方撤回了一条消息' } },
    };
    const second = store.applyMessagePage(page([recalled]));
    expect(second).toEqual({ inserted: [], updated: 1, echoed: [] });
    const id = first.inserted[0]!.id;
    expect(store.messages.get(id)).toMatchObject({ id, kind: 'recall', text: '对方撤回了一条消息' });
    expect(store.conversations.get(first.inserted[0]!.conversationId)).toMatchObject({
      unreadCount: 1,
      lastMessagePreview: '对方撤回了一条消息',
    });
    expect(store.search.messages('会被撤回').items).toHaveLength(0);
    expect(store.search.messages('撤回').items.map((hit) => hit.messageId)).toEqual([id]);
  });

  it('saves neither the page nor its cursor when the page fails halfway (the crash case)', () => {
    const { store } = temp;
    store.applyMessagePage(page([textMessage('m0', '之前的消息')], { minChattingId: 0 }));
    const poisoned: DecodedMessage = {
      ...textMessage('m2', 'bad'),
      // JSON cannot hold a BigInt: the throw happens inside the transaction, after m1 was written.
      content: { kind: 'unknown', body: { reason: 'x', vendorType: 1n as unknown as string } },
    };
    expect(() =>
      store.applyMessagePage(page([textMessage('m1', '第一条', { sentAt: T0 + MINUTE }), poisoned], { minChattingId: 2 })),
    ).toThrow();
    expect(store.cursors.get('youmi-1', 'messages')?.value).toEqual({ minChattingId: 0 });
    expect(store.search.messages('第一条').items).toHaveLength(0);
    const [conversation] = store.conversations.page().items;
    expect(conversation).toMatchObject({ unreadCount: 1, lastMessagePreview: '之前的消息' });
    expect(store.messages.page(conversation!.id).items.map((m) => m.vendorMsgId)).toEqual(['m0']);
  });

  it('moves the preview only forward in time and orders the inbox by the newest activity', () => {
    const { store } = temp;
    store.applyMessagePage(page([textMessage('a2', 'A 最新', { conversationKey: 'fan-a', sentAt: T0 + 10 * MINUTE })]));
    store.applyMessagePage(page([textMessage('b1', 'B 最新', { conversationKey: 'fan-b', sentAt: T0 + 20 * MINUTE })]));
    // Backfill of older history of A arrives later and must not replace its preview.
    store.applyMessagePage(page([textMessage('a1', 'A 旧消息', { conversationKey: 'fan-a', sentAt: T0 })], undefined));
    const inbox = store.conversations.page().items;
    expect(inbox.map((c) => [c.vendorConversationId, c.lastMessagePreview])).toEqual([
      ['fan-b', 'B 最新'],
      ['fan-a', 'A 最新'],
    ]);
    store.applyMessagePage(page([textMessage('a3', 'A 又来了', { conversationKey: 'fan-a', sentAt: T0 + 30 * MINUTE })]));
    expect(store.conversations.page().items.map((c) => c.vendorConversationId)).toEqual(['fan-a', 'fan-b']);
  });

  it('counts unread per new inbound message only, resets on markRead and totals per account for the badge', () => {
    const { store } = temp;
    addAccount(store, 'youmi-2');
    store.applyMessagePage(page([textMessage('1', '一'), textMessage('2', '二', { sentAt: T0 + 1 }), textMessage('3', '回', { direction: 'out', sentAt: T0 + 2 })]));
    store.applyMessagePage({ ...page([textMessage('x', '别的账号')]), accountId: 'youmi-2' });
    store.applyMessagePage({ ...page([textMessage('old', '历史消息', { conversationKey: 'fan-h', sentAt: T0 - 1000 })]), countsAsUnread: false });
    expect(store.conversations.unreadTotals()).toEqual({ total: 3, byAccount: { 'youmi-1': 2, 'youmi-2': 1 } });
    expect(store.conversations.page({ unreadOnly: true }).items).toHaveLength(2);
    expect(store.conversations.page({ accountId: 'youmi-1', unreadOnly: true }).items).toHaveLength(1);
    const [first] = store.conversations.page({ accountId: 'youmi-1', unreadOnly: true }).items;
    expect(store.conversations.markRead(first!.id)).toBe(true);
    expect(store.conversations.markRead(first!.id)).toBe(false);
    expect(store.conversations.unreadTotals()).toEqual({ total: 1, byAccount: { 'youmi-2': 1 } });
  });

  it('applies explicit conversation facts (group title, read-only) and keeps the peer nickname current', () => {
    const { store } = temp;
    store.applyMessagePage({
      ...page([textMessage('g1', '群里有人吗', { conversationKey: 'room@chatroom', conversationKind: 'group', peerName: '张三' })]),
      conversations: [{ conversationKey: 'room@chatroom', kind: 'group', title: '客户交流群', readOnly: true, readOnlyReason: '群聊只能查看' }],
    });
    store.applyMessagePage(page([textMessage('d1', '你好', { peerName: '旧昵称' })]));
    store.applyMessagePage(page([textMessage('d2', '我改名了', { peerName: '新昵称', sentAt: T0 + MINUTE })]));
    store.applyMessagePage(page([textMessage('d0', '很早的消息', { peerName: '更旧的昵称', sentAt: T0 - MINUTE })]));
    const byKey = new Map(store.conversations.page().items.map((c) => [c.vendorConversationId, c]));
    expect(byKey.get('room@chatroom')).toMatchObject({ kind: 'group', title: '客户交流群', readOnly: true, readOnlyReason: '群聊只能查看' });
    expect(byKey.get('fan-1')?.title).toBe('新昵称');
  });

  it('refuses a page for a missing account or the wrong vendor, writing nothing', () => {
    const { store } = temp;
    const missing = (() => {
      try {
        store.applyMessagePage({ ...page([textMessage('m', 'x')]), accountId: 'nobody' });
      } catch (error) {
        return error;
      }
    })();
    expect(isAppError(missing) && missing.code).toBe('NOT_FOUND');
    expect(() => store.applyMessagePage({ ...page([textMessage('m', 'x')]), vendor: 'moor' })).toThrow(/does not match/);
    expect(store.conversations.page().items).toHaveLength(0);
  });

  it('gives the same millisecond many distinct ids in time order (a mass send with one-second timestamps)', () => {
    const { store } = temp;
    const burst = Array.from({ length: 5000 }, (_, i) => textMessage(`burst-${i}`, `群发 ${i}`, { direction: 'out', conversationKey: `fan-${i % 50}` }));
    const later = textMessage('later', '一秒之后', { sentAt: T0 + 1000, conversationKey: 'fan-0' });
    const { inserted } = store.applyMessagePage(page([...burst, later]));
    const ids = inserted.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.max(...ids.slice(0, 5000))).toBeLessThan(ids[5000]!);
    // The spill past the millisecond's 4096 slots is remembered: a date filter still finds them all.
    const found = store.search.messages('群发', { from: T0, to: T0 + 1 }, { limit: 200 });
    expect(found.items).toHaveLength(200);
    let total = found.items.length;
    let next = found.next;
    while (next !== undefined) {
      const more = store.search.messages('群发', { from: T0, to: T0 + 1 }, { limit: 200, after: next });
      total += more.items.length;
      next = more.next;
    }
    expect(total).toBe(5000);
  });
});

describe('record pages', () => {
  it('upserts contacts idempotently, indexes them for search and links their direct conversation', () => {
    const { store } = temp;
    store.applyMessagePage(page([textMessage('m1', '你好', { conversationKey: 'wxid_li' })]));
    const contact = { vendorContactId: 'wxid_li', name: '李四', remark: 'VIP 老客户', wxNo: 'lisi_88', phones: ['13912345678'] };
    expect(store.applyContactPage({ accountId: 'youmi-1', items: [contact], cursor: { stream: 'contacts', value: 1 } })).toEqual({ inserted: 1, updated: 0 });
    expect(store.applyContactPage({ accountId: 'youmi-1', items: [contact] })).toEqual({ inserted: 0, updated: 0 });
    expect(store.applyContactPage({ accountId: 'youmi-1', items: [{ ...contact, remark: '已成交' }] })).toEqual({ inserted: 0, updated: 1 });
    expect(store.search.contacts('老客户').items).toHaveLength(0);
    expect(store.search.contacts('成交').items[0]?.matches).toEqual([
      { field: 'remark', snippet: { text: '已成交', highlights: [{ start: 1, end: 3 }], clippedStart: false, clippedEnd: false } },
    ]);
    expect(store.conversations.page().items[0]?.contactId).toBe(store.search.contacts('李四').items[0]?.contact.id);
    expect(store.cursors.get('youmi-1', 'contacts')?.value).toBe(1);
  });

  it('upserts calls and SMS idempotently, returning only the new ones', () => {
    const { store } = temp;
    addAccount(store, 'moor-1', 'moor');
    const calls = [callRecord('c1'), callRecord('c2', { connected: false, beganAt: T0 + MINUTE })];
    const first = store.applyCallPage({ accountId: 'moor-1', items: calls, cursor: { stream: 'calls', value: { page: 1 } } });
    expect(first.inserted.map((c) => c.vendorId)).toEqual(['c1', 'c2']);
    expect(store.applyCallPage({ accountId: 'moor-1', items: calls })).toEqual({ inserted: [], updated: 0 });
    expect(store.applyCallPage({ accountId: 'moor-1', items: [callRecord('c1', { recordingState: 'available', recordingUrl: 'https://rec/1.mp3' })] })).toEqual({
      inserted: [],
      updated: 1,
    });
    expect(store.calls.get(first.inserted[0]!.id)).toMatchObject({ recordingState: 'available', recordingUrl: 'https://rec/1.mp3' });
    const sms = store.applySmsPage({ accountId: 'moor-1', items: [smsRecord('s1')] });
    expect(sms.inserted).toHaveLength(1);
    expect(store.applySmsPage({ accountId: 'moor-1', items: [smsRecord('s1')] })).toEqual({ inserted: [], updated: 0 });
    expect(store.cursors.get('moor-1', 'calls')?.value).toEqual({ page: 1 });
  });

  it('upserts customers, their field template and agents', () => {
    const { store } = temp;
    addAccount(store, 'moor-1', 'moor');
    const customer = { vendorId: 'cu1', name: '赵六', phone: '+86 139-0000-1111', fields: { 来源: '抖音' } };
    expect(store.applyCustomerPage({ accountId: 'moor-1', items: [customer] })).toEqual({ inserted: 1, updated: 0 });
    expect(store.applyCustomerPage({ accountId: 'moor-1', items: [customer] })).toEqual({ inserted: 0, updated: 0 });
    expect(store.applyCustomerPage({ accountId: 'moor-1', items: [{ ...customer, fields: { 来源: '朋友介绍' } }] })).toEqual({ inserted: 0, updated: 1 });
    expect(store.customers.byPhone('13900001111').map((c) => c.fields)).toEqual([{ 来源: '朋友介绍' }]);
    store.setCustomerFields('moor-1', [{ key: 'source', label: '来源' }, { key: 'level', label: '等级' }]);
    expect(store.customers.fields('moor-1')).toEqual([{ key: 'source', label: '来源' }, { key: 'level', label: '等级' }]);
    expect(store.applyAgentPage({ accountId: 'moor-1', items: [{ vendorId: 'a1', name: '张三', phone: '13899999999' }] })).toEqual({ inserted: 1, updated: 0 });
    expect(store.agents.list('moor-1')).toEqual([{ vendorId: 'a1', name: '张三', phone: '13899999999' }]);
  });
});

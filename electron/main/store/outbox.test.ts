import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnqueueReply } from './types';
import { addAccount, T0, tempStore, textMessage, type TempStore } from './test-kit';

let temp: TempStore;
let conversationId: number;
beforeEach(() => {
  temp = tempStore();
  addAccount(temp.store);
  const { inserted } = temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m1', '在吗')] });
  conversationId = inserted[0]!.conversationId;
});
afterEach(() => temp.dispose());

const MINUTE = 60_000;

function reply(key: string, text = '您好,在的'): EnqueueReply {
  return {
    conversationId,
    kind: 'text',
    payload: { text },
    idempotencyKey: key,
    content: { kind: 'text', body: { text } },
    text,
  };
}

describe('outbox', () => {
  it('writes the entry and a pending message together, and shows the reply in the conversation', () => {
    temp.clock.now = T0 + MINUTE;
    const queued = temp.store.outbox.enqueue(reply('task-1'));
    expect(queued.created).toBe(true);
    expect(queued.entry).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0 + MINUTE, idempotencyKey: 'task-1', payload: { text: '您好,在的' } });
    expect(temp.store.messages.get(queued.entry.messageId)).toMatchObject({ status: 'pending', direction: 'out', text: '您好,在的' });
    expect(temp.store.conversations.get(conversationId)).toMatchObject({ lastMessagePreview: '您好,在的', lastMessageAt: T0 + MINUTE });
    expect(temp.store.outbox.listDue(T0 + MINUTE).map((e) => e.id)).toEqual([queued.entry.id]);
    expect(temp.store.outbox.ofConversation(conversationId)).toEqual([queued.entry]);
  });

  it('returns the first entry when the same key is enqueued again, and refuses it for another conversation', () => {
    const first = temp.store.outbox.enqueue(reply('task-1'));
    const again = temp.store.outbox.enqueue(reply('task-1'));
    expect(again).toEqual({ ...first, created: false });
    expect(temp.store.messages.page(conversationId).items).toHaveLength(2);
    const other = temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m2', 'hi', { conversationKey: 'fan-2' })] });
    expect(() => temp.store.outbox.enqueue({ ...reply('task-1'), conversationId: other.inserted[0]!.conversationId })).toThrow(/another conversation/);
  });

  it('marks sent on both the entry and the message, and ignores a late failure afterwards', () => {
    const { entry } = temp.store.outbox.enqueue(reply('task-1'));
    const sent = temp.store.outbox.markSent(entry.id, 'vendor-task-9');
    expect(sent).toMatchObject({ state: 'sent', vendorTaskId: 'vendor-task-9', attempts: 1 });
    expect(temp.store.messages.get(entry.messageId)?.status).toBe('sent');
    expect(temp.store.outbox.markFailed(entry.id, 'timeout')).toEqual(sent);
    expect(temp.store.outbox.listDue(T0 + 10 * MINUTE)).toEqual([]);
  });

  it('keeps a transient failure pending until its retry time, and a permanent one failed until the agent retries', () => {
    const { entry } = temp.store.outbox.enqueue(reply('task-1'));
    const retrying = temp.store.outbox.markFailed(entry.id, '网络超时', T0 + 5 * MINUTE);
    expect(retrying).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 5 * MINUTE, lastError: '网络超时' });
    expect(temp.store.messages.get(entry.messageId)).toMatchObject({ status: 'pending', failureReason: '网络超时' });
    expect(temp.store.outbox.listDue(T0 + MINUTE)).toEqual([]);
    expect(temp.store.outbox.listDue(T0 + 5 * MINUTE).map((e) => e.id)).toEqual([entry.id]);

    const failed = temp.store.outbox.markFailed(entry.id, '对方已不是好友');
    expect(failed).toMatchObject({ state: 'failed', attempts: 2, lastError: '对方已不是好友' });
    expect(temp.store.messages.get(entry.messageId)).toMatchObject({ status: 'failed', failureReason: '对方已不是好友' });
    expect(temp.store.outbox.listDue(T0 + 60 * MINUTE)).toEqual([]);

    temp.clock.now = T0 + 61 * MINUTE;
    expect(temp.store.outbox.retry(entry.id)).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 61 * MINUTE });
    expect(temp.store.messages.get(entry.messageId)?.status).toBe('pending');
    expect(temp.store.outbox.listDue(T0 + 61 * MINUTE).map((e) => e.id)).toEqual([entry.id]);
  });

  it('survives a restart: what was queued is still due', () => {
    const { entry } = temp.store.outbox.enqueue(reply('task-1'));
    temp.reopen();
    expect(temp.store.outbox.listDue(T0).map((e) => e.idempotencyKey)).toEqual(['task-1']);
    expect(temp.store.outbox.get(entry.id)?.state).toBe('pending');
  });

  it('writes nothing when enqueueing fails halfway', () => {
    const poisoned = { ...reply('task-1'), payload: { size: 1n } };
    expect(() => temp.store.outbox.enqueue(poisoned)).toThrow();
    expect(temp.store.outbox.listDue(T0 + MINUTE)).toEqual([]);
    expect(temp.store.messages.page(conversationId).items.map((m) => m.vendorMsgId)).toEqual(['m1']);
    expect(temp.store.outbox.enqueue(reply('task-1')).created).toBe(true);
  });

  it('refuses replies in read-only conversations and unknown ones', () => {
    temp.store.applyConversationPage({ accountId: 'youmi-1', items: [{ conversationKey: 'fan-1', kind: 'direct', readOnly: true, readOnlyReason: '公众号会话只能查看' }] });
    expect(() => temp.store.outbox.enqueue(reply('task-1'))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', messageZh: '公众号会话只能查看' }));
    expect(() => temp.store.outbox.enqueue({ ...reply('task-2'), conversationId: 999 })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => temp.store.outbox.markSent(999, 'x')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('drafts', () => {
  it('are saved per conversation, replaced, and cleared by an empty text', () => {
    expect(temp.store.drafts.get(conversationId)).toBeUndefined();
    temp.store.drafts.set(conversationId, '稍等我查一下');
    temp.clock.now = T0 + MINUTE;
    temp.store.drafts.set(conversationId, '稍等我查一下库存');
    expect(temp.store.drafts.get(conversationId)).toEqual({ conversationId, text: '稍等我查一下库存', updatedAt: T0 + MINUTE });
    temp.store.drafts.set(conversationId, '');
    expect(temp.store.drafts.get(conversationId)).toBeUndefined();
    temp.store.drafts.set(conversationId, 'x');
    temp.store.drafts.clear(conversationId);
    expect(temp.store.drafts.get(conversationId)).toBeUndefined();
  });
});

describe('quick replies', () => {
  it('are created in order, updated, removed and found by folded title or text', () => {
    const greet = temp.store.quickReplies.create({ kind: 'text', title: '开场白', text: '您好，欢迎咨询 iPhone 16' });
    const price = temp.store.quickReplies.create({ kind: 'image', title: '价目表', media: { key: 'img-1', name: 'price.png' } });
    expect(temp.store.quickReplies.list().map((q) => [q.title, q.position])).toEqual([['开场白', 0], ['价目表', 1]]);
    expect(price.media).toEqual({ key: 'img-1', name: 'price.png' });
    expect(temp.store.quickReplies.search('ＩＰＨＯＮＥ').map((q) => q.id)).toEqual([greet.id]);
    expect(temp.store.quickReplies.search('价目').map((q) => q.id)).toEqual([price.id]);
    expect(temp.store.quickReplies.search('  ')).toHaveLength(2);
    const updated = temp.store.quickReplies.update(greet.id, { kind: 'text', title: '开场白', text: '您好', position: 5 });
    expect(updated).toMatchObject({ text: '您好', position: 5 });
    expect(temp.store.quickReplies.list().map((q) => q.title)).toEqual(['价目表', '开场白']);
    expect(temp.store.quickReplies.remove(price.id)).toBe(true);
    expect(temp.store.quickReplies.remove(price.id)).toBe(false);
    expect(() => temp.store.quickReplies.update(price.id, { kind: 'text', title: 'x' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('dial attempts', () => {
  it('record every attempt with its outcome, newest first', () => {
    temp.store.dialAttempts.record({ accountId: 'youmi-1', phone: '13812345678', userPhone: '13300000000', at: T0, result: 'ok' });
    temp.store.dialAttempts.record({ phone: '13812345678', userPhone: '13300000000', at: T0 + MINUTE, result: 'failed', errorCode: '4001', errorMessage: '工作手机不在线' });
    expect(temp.store.dialAttempts.recent().map((a) => [a.result, a.errorCode ?? null])).toEqual([['failed', '4001'], ['ok', null]]);
  });
});

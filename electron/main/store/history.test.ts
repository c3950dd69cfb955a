import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount, callRecord, smsRecord, T0, tempStore, textMessage, type TempStore } from './test-kit';
import type { ConversationCursor } from './types';
import type { TimelineCursor } from './history';

let temp: TempStore;
beforeEach(() => {
  temp = tempStore();
  addAccount(temp.store);
});
afterEach(() => temp.dispose());

const SECOND = 1000;

/** 120 messages of one conversation, applied newest page first as a backfill does. */
function seedConversation(): number[] {
  const all = Array.from({ length: 120 }, (_, i) => textMessage(`m${i}`, `第${i}条`, { sentAt: T0 + i * SECOND }));
  for (let end = all.length; end > 0; end -= 25) {
    temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: all.slice(Math.max(0, end - 25), end) });
  }
  const [conversation] = temp.store.conversations.page().items;
  return temp.store.messages.page(conversation!.id, { limit: 500 }).items.map((m) => m.id);
}

describe('conversation pages', () => {
  it('open on the latest messages and scroll back page by page until the first, in time order', () => {
    const ids = seedConversation();
    expect(ids).toHaveLength(120);
    const conversationId = temp.store.conversations.page().items[0]!.id;
    const latest = temp.store.messages.page(conversationId);
    expect(latest.items.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `第${70 + i}条`));
    expect(latest).toMatchObject({ hasOlder: true, hasNewer: false });
    const seen = [...latest.items];
    let window = latest;
    while (window.hasOlder) {
      window = temp.store.messages.page(conversationId, { before: window.items[0]!.id, limit: 30 });
      seen.unshift(...window.items);
    }
    expect(seen.map((m) => m.vendorMsgId)).toEqual(Array.from({ length: 120 }, (_, i) => `m${i}`));
    expect(seen.map((m) => m.sentAt)).toEqual([...seen.map((m) => m.sentAt)].sort((a, b) => a - b));
  });

  it('catch up forward from a message and jump to a message with its neighbours', () => {
    const ids = seedConversation();
    const conversationId = temp.store.conversations.page().items[0]!.id;
    const newer = temp.store.messages.page(conversationId, { after: ids[100]!, limit: 10 });
    expect(newer.items.map((m) => m.id)).toEqual(ids.slice(101, 111));
    expect(newer).toMatchObject({ hasNewer: true, hasOlder: true });
    const tail = temp.store.messages.page(conversationId, { after: ids[115]!, limit: 10 });
    expect(tail.items.map((m) => m.id)).toEqual(ids.slice(116));
    expect(tail.hasNewer).toBe(false);
    const around = temp.store.messages.around(ids[60]!, 11)!;
    expect(around.items.map((m) => m.id)).toEqual(ids.slice(55, 66));
    expect(around).toMatchObject({ hasOlder: true, hasNewer: true });
    const atStart = temp.store.messages.around(ids[1]!, 11)!;
    expect(atStart.items.map((m) => m.id)).toEqual(ids.slice(0, 7));
    expect(atStart.hasOlder).toBe(false);
    expect(temp.store.messages.around(123)).toBeUndefined();
  });
});

describe('inbox', () => {
  it('pages every conversation once, newest activity first, ties broken by id', () => {
    for (let i = 0; i < 23; i++) {
      // Every third conversation shares its time with the previous one.
      const at = T0 + Math.floor(i / 3) * SECOND;
      temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage(`m${i}`, `会话${i}`, { conversationKey: `fan-${i}`, sentAt: at })] });
    }
    temp.store.applyConversationPage({ accountId: 'youmi-1', items: [{ conversationKey: 'silent', kind: 'direct', title: '还没聊过' }] });
    const seen: Array<{ id: number; activity: number }> = [];
    let after: ConversationCursor | undefined;
    do {
      const page = temp.store.conversations.page({}, { limit: 5, ...(after ? { after } : {}) });
      seen.push(...page.items.map((c) => ({ id: c.id, activity: c.lastMessageAt ?? 0 })));
      after = page.next;
    } while (after);
    expect(seen).toHaveLength(24);
    expect(new Set(seen.map((s) => s.id)).size).toBe(24);
    const sorted = [...seen].sort((a, b) => b.activity - a.activity || b.id - a.id);
    expect(seen).toEqual(sorted);
    expect(seen.at(-1)?.activity).toBe(0);
  });
});

describe('calls and SMS lists', () => {
  const phoneOf = (i: number) => (i % 3 === 0 ? '13812345678' : `1590000${String(i).padStart(4, '0')}`);
  beforeEach(() => {
    addAccount(temp.store, 'moor-1', 'moor');
    temp.store.applyCallPage({
      accountId: 'moor-1',
      items: Array.from({ length: 40 }, (_, i) =>
        callRecord(`c${i}`, {
          beganAt: T0 + i * 60 * SECOND,
          direction: i % 2 ? 'in' : 'out',
          connected: i % 4 !== 0,
          ...(i % 5 === 0 ? { agentId: 'agent-7', agentName: '小周' } : {}),
          contactPhone: phoneOf(i),
        }),
      ),
    });
  });

  it('filter by direction, connection, agent and date range, newest first, page by page', () => {
    const collect = (filter: Parameters<typeof temp.store.calls.page>[0]) => {
      const out: string[] = [];
      let after: number | undefined;
      do {
        const page = temp.store.calls.page(filter, { limit: 3, ...(after === undefined ? {} : { after }) });
        out.push(...page.items.map((c) => c.vendorId));
        after = page.next;
      } while (after !== undefined);
      return out;
    };
    const expected = (keep: (i: number) => boolean) =>
      Array.from({ length: 40 }, (_, i) => i)
        .filter(keep)
        .reverse()
        .map((i) => `c${i}`);
    expect(collect({})).toEqual(expected(() => true));
    expect(collect({ direction: 'in', connected: true })).toEqual(expected((i) => i % 2 === 1 && i % 4 !== 0));
    expect(collect({ agentId: 'agent-7' })).toEqual(expected((i) => i % 5 === 0));
    expect(collect({ from: T0 + 10 * 60 * SECOND, to: T0 + 20 * 60 * SECOND })).toEqual(expected((i) => i >= 10 && i < 20));
    expect(collect({ number: '0000001' })).toEqual(expected((i) => phoneOf(i).includes('0000001')));
    expect(collect({ number: '38', direction: 'out' })).toEqual(expected((i) => phoneOf(i).includes('38') && i % 2 === 0));
  });

  it('merge calls, SMS and chat messages of one customer into a timeline', () => {
    temp.store.applySmsPage({ accountId: 'moor-1', items: [smsRecord('s1', { sentAt: T0 + 90 * SECOND, contactPhone: '+86 138 1234 5678' })] });
    temp.store.applyMessagePage({
      accountId: 'youmi-1',
      vendor: 'youmi',
      messages: [textMessage('w1', '微信上聊', { sentAt: T0 + 30 * SECOND, conversationKey: 'wx-cust' })],
      conversations: [{ conversationKey: 'wx-cust', kind: 'direct', phones: ['13812345678'] }],
    });
    const items: string[] = [];
    let after: TimelineCursor | undefined;
    do {
      const page = temp.store.timeline('138-1234-5678', { limit: 4, ...(after ? { after } : {}) });
      items.push(...page.items.map((item) => (item.type === 'call' ? item.call.vendorId : item.type === 'sms' ? item.sms.vendorId : item.message.vendorMsgId)));
      after = page.next;
    } while (after);
    const calls = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 3 === 0).reverse().map((i) => `c${i}`);
    expect(items).toEqual([...calls.slice(0, -1), 's1', 'w1', 'c0']);
  });
});

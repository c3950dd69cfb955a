// A reply we sent comes back from the vendor as an ordinary outgoing message: it must become the
// same message (sent, with the vendor's id), never a second copy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount, T0, tempStore, textMessage, type TempStore } from './test-kit';

let temp: TempStore;
let conversationId: number;

beforeEach(() => {
  temp = tempStore();
  addAccount(temp.store);
  conversationId = temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m1', '在吗')] }).inserted[0]!.conversationId;
});
afterEach(() => temp.dispose());

const queue = (key: string, text: string) =>
  temp.store.outbox.enqueue({ conversationId, kind: 'text', payload: { text }, idempotencyKey: key, content: { kind: 'text', body: { text } }, text });

describe('vendor echoes of our replies', () => {
  it('adopts the echo: one message, now sent, carrying the vendor id and payload', () => {
    const { message } = queue('k1', '报价单已发送');
    temp.clock.now = T0 + 5_000;
    const result = temp.store.applyMessagePage({
      accountId: 'youmi-1',
      vendor: 'youmi',
      messages: [textMessage('v-900', '报价单已发送', { direction: 'out', sentAt: T0 + 3_000 })],
    });
    expect(result.inserted).toEqual([]);
    expect(result.echoed.map((m) => m.id)).toEqual([message.id]);
    const stored = temp.store.messages.get(message.id)!;
    expect(stored).toMatchObject({ vendorMsgId: 'v-900', status: 'sent' });
    expect(temp.store.messages.page(conversationId).items.filter((m) => m.text === '报价单已发送')).toHaveLength(1);
    // Delivered again later: still one message.
    temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('v-900', '报价单已发送', { direction: 'out', sentAt: T0 + 3_000 })] });
    expect(temp.store.messages.page(conversationId).items.filter((m) => m.text === '报价单已发送')).toHaveLength(1);
  });

  it('turns a reply whose outcome was unknown into sent when its echo arrives', () => {
    const { entry, message } = queue('k2', '收到请回复');
    temp.store.outbox.markFailed(entry.id, 'outcome unknown');
    temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('v-901', '收到请回复', { direction: 'out', sentAt: T0 + 1_000 })] });
    expect(temp.store.messages.get(message.id)).toMatchObject({ status: 'sent', vendorMsgId: 'v-901' });
    expect(temp.store.outbox.get(entry.id)?.state).toBe('sent');
  });

  it('matches two identical replies to their two echoes in order, and leaves unrelated texts alone', () => {
    const first = queue('k3', '好的').message;
    const second = queue('k4', '好的').message;
    const result = temp.store.applyMessagePage({
      accountId: 'youmi-1',
      vendor: 'youmi',
      messages: [
        textMessage('v-1', '好的', { direction: 'out', sentAt: T0 + 1 }),
        textMessage('v-2', '好的', { direction: 'out', sentAt: T0 + 2 }),
        textMessage('v-3', '另一条', { direction: 'out', sentAt: T0 + 3 }),
      ],
    });
    expect(result.echoed.map((m) => m.id)).toEqual([first.id, second.id]);
    expect(result.inserted.map((m) => m.vendorMsgId)).toEqual(['v-3']);
  });

  it('does not adopt an echo from far outside the window', () => {
    const { message } = queue('k5', '明天见');
    const result = temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('v-5', '明天见', { direction: 'out', sentAt: T0 + 3_600_000 })] });
    expect(result.echoed).toEqual([]);
    expect(temp.store.messages.get(message.id)?.vendorMsgId).toBe('outbox:k5');
  });
});

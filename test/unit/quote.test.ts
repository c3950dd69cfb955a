// Quotes travel as WeChat-style text; the same text is drawn back as a quote.
import { describe, expect, it } from 'vitest';
import type { Message } from '@shared/model';
import { QUOTE_SEPARATOR, quoteOf, splitQuote, withQuote } from '../../renderer/src/lib/messages/quote';

const base = { id: 7, conversationId: 1, accountId: 'a', vendorMsgId: 'v', sentAt: 0, status: 'received' } as const;
const names = { me: '我', customer: '王姐' };

describe('quote formatting', () => {
  it('names the customer or the member, and the agent as me', () => {
    const fromGroup = { ...base, direction: 'in', kind: 'text', text: '明天发货吗', body: { text: '明天发货吗' }, senderName: '张三' } as unknown as Message;
    expect(quoteOf(fromGroup, names)).toEqual({ messageId: 7, sender: '张三', excerpt: '明天发货吗' });
    const direct = { ...fromGroup, senderName: undefined } as unknown as Message;
    expect(quoteOf(direct, names).sender).toBe('王姐');
    const mine = { ...fromGroup, direction: 'out' } as unknown as Message;
    expect(quoteOf(mine, names).sender).toBe('我');
  });

  it('keeps the excerpt on one line, short, and free of the brackets that delimit it', () => {
    const long = '第一行\n第二行「引号」' + '很长'.repeat(50);
    const m = { ...base, direction: 'in', kind: 'text', text: long, body: { text: long } } as unknown as Message;
    const q = quoteOf(m, names);
    expect(q.excerpt.startsWith('第一行 第二行引号很长')).toBe(true);
    expect(Array.from(q.excerpt)).toHaveLength(61);
    expect(q.excerpt.endsWith('…')).toBe(true);
  });

  it('formats as WeChat does and reads its own format back', () => {
    const text = withQuote('有的，今天下午发', { sender: '张三', excerpt: '明天发货吗' });
    expect(text).toBe(`「张三：明天发货吗」\n${QUOTE_SEPARATOR}\n有的，今天下午发`);
    expect(splitQuote(text)).toEqual({ sender: '张三', excerpt: '明天发货吗', reply: '有的，今天下午发' });
    // WeChat's own separator has a varying number of dashes.
    expect(splitQuote('「李四：好」\n- - - - - - -\n收到')?.reply).toBe('收到');
  });

  it('leaves ordinary text alone', () => {
    expect(splitQuote('「这不是引用」')).toBeNull();
    expect(splitQuote('你好\n- - - - -\n回复')).toBeNull();
    expect(splitQuote('「张三：好」 - - - - 回复')).toBeNull();
  });
});

// Quoting a message. No vendor's send API carries a reference to another message (Youmi's
// doSendPublicMes has no quote field; 7moor cannot send; Zhuge sends plain text), so a quote goes
// out as text in the form WeChat itself uses when a quoted reply is copied or sent from a client
// without quote support:
//   「张三：原文…」
//   - - - - - - - - - - - - - - -
//   回复
// and a text in that form is drawn back as a quote above the reply.
import type { Message } from '@shared/model';

export interface QuoteRef {
  messageId: number;
  sender: string;
  excerpt: string;
}

export const QUOTE_SEPARATOR = '- - - - - - - - - - - - - - -';
const EXCERPT_MAX = 60;
const SENDER_MAX = 30;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cut = (text: string, max: number) => (Array.from(text).length > max ? `${Array.from(text).slice(0, max).join('')}…` : text);

/** What a quote of `message` shows: who said it, and its text on one line, cut short. */
export function quoteOf(message: Message, names: { me: string; customer: string }): QuoteRef {
  const who = message.direction === 'out' ? names.me : (message.senderName ?? names.customer);
  // The corner brackets and the colon delimit the quote; inside it they would end it early.
  const clean = (text: string) => oneLine(text).replace(/[「」]/g, '');
  return { messageId: message.id, sender: cut(clean(who), SENDER_MAX), excerpt: cut(clean(message.text), EXCERPT_MAX) };
}

export function withQuote(reply: string, quote: Pick<QuoteRef, 'sender' | 'excerpt'>): string {
  return `「${quote.sender}：${quote.excerpt}」\n${QUOTE_SEPARATOR}\n${reply}`;
}

const QUOTED = /^「([^「」\n：]{1,40})：([^「」\n]*)」\n- (?:- ){2,}-\n/;

/** A text sent as a quote, split back into the quote and the reply; anything else is null. */
export function splitQuote(text: string): { sender: string; excerpt: string; reply: string } | null {
  const match = QUOTED.exec(text);
  if (!match) return null;
  return { sender: match[1] ?? '', excerpt: match[2] ?? '', reply: text.slice(match[0].length) };
}

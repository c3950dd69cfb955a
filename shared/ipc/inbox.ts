// The inbox: conversations from every account, their messages, unread counts.
import { z } from 'zod';
import { Contact, Conversation, Message, MessageTextPart } from '../model';
import { method } from './define';
import { AccountId, Cursor, LocalId, page, PageInput } from './common';

export const UnreadTotals = z.object({ total: z.number().int().nonnegative(), perAccount: z.record(z.string(), z.number().int().nonnegative()) });
export type UnreadTotals = z.infer<typeof UnreadTotals>;

export const MessagePage = z.object({
  items: z.array(Message),
  /** Present when older messages exist: pass as `before`. */
  olderCursor: Cursor.optional(),
  /** Present when newer messages exist: pass as `after`. */
  newerCursor: Cursor.optional(),
});
export type MessagePage = z.infer<typeof MessagePage>;

export const inboxMethods = {
  'inbox.listConversations': method(
    z.object({ accountId: AccountId.optional(), unreadOnly: z.boolean().default(false), ...PageInput }).strict(),
    page(Conversation),
  ),
  'inbox.getConversation': method(z.object({ id: LocalId }).strict(), Conversation),
  /** The contact behind a conversation (conversation.contactId): WeChat id, remark, phones, for the contact panel. */
  'inbox.getContact': method(z.object({ id: LocalId }).strict(), Contact),
  /** Latest page when neither before, after nor around is given. */
  'inbox.listMessages': method(
    z
      .object({
        conversationId: LocalId,
        before: Cursor.optional(),
        after: Cursor.optional(),
        /** Jump to a message (from search) with context on both sides. */
        around: LocalId.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    MessagePage,
  ),
  /**
   * A slice of a message's full text (what its bubble shows) or of its raw payload, for a message
   * whose `truncated` says the page carried only the start: from `offset`, at most `limit` UTF-16
   * units, never splitting a surrogate pair (`offset` in the answer is where the slice begins).
   */
  'inbox.getMessageText': method(
    z
      .object({
        id: LocalId,
        part: MessageTextPart.default('text'),
        offset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0),
        limit: z.number().int().min(1).max(100_000).default(20_000),
      })
      .strict(),
    z.object({ text: z.string(), offset: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  ),
  'inbox.markRead': method(z.object({ conversationId: LocalId }).strict(), z.object({ unreadCount: z.literal(0) })),
  'inbox.getUnreadTotals': method(z.object({}).strict(), UnreadTotals),
  /** The agent's view: the conversation in front of them (for notifications), or none. */
  'inbox.setFocusedConversation': method(z.object({ conversationId: LocalId.nullable() }).strict(), z.object({})),
};

export const inboxEvents = {
  /** New inbound customer messages, already stored. */
  'inbox.onDidArriveMessages': z.object({ messages: z.array(Message) }),
  /** Conversations whose order, preview or unread count changed. */
  'inbox.onDidChangeConversations': z.object({ conversations: z.array(Conversation) }),
  /** Outgoing messages whose status changed (pending → sent / failed). */
  'inbox.onDidChangeMessages': z.object({ messages: z.array(Message) }),
  'inbox.onDidChangeUnread': UnreadTotals,
};

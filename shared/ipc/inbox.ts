// The inbox: conversations from every account, their messages, unread counts.
import { z } from 'zod';
import { Contact, Conversation, Message } from '../model';
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

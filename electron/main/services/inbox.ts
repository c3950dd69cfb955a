// The inbox: conversations of every account, their messages by keyset, read state, and which
// conversation is in front of the agent (no notification for that one).
import { z } from 'zod';
import { appError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { inboxMethods, MessagePage } from '@shared/ipc/inbox';
import type { Handlers } from '../ipc/router';
import type { AppContext } from '../app/context';
import type { MessageWindow } from '../store';
import { decodeCursor, encodeCursor } from './cursor';
import { messageForIpc, messageTextSlice } from './message-budget';

const ConversationCursor = z.object({ activityAt: z.number(), id: z.number().int() });
const MessageCursor = z.number().int();

export class InboxService {
  private focused: number | null = null;
  private readonly focusListeners = new Set<(conversationId: number | null) => void>();

  constructor(private readonly context: AppContext) {}

  focusedConversation(): number | null {
    return this.focused;
  }

  setFocused(conversationId: number | null): void {
    this.focused = conversationId;
    for (const listener of this.focusListeners) listener(conversationId);
  }

  /** The desktop shell listens, so it does not notify about the conversation on screen. */
  onDidChangeFocus(listener: (conversationId: number | null) => void): () => void {
    this.focusListeners.add(listener);
    return () => this.focusListeners.delete(listener);
  }

  unreadTotals() {
    const totals = this.context.store.conversations.unreadTotals();
    return { total: totals.total, perAccount: totals.byAccount };
  }

  markRead(conversationId: number): void {
    const { store, bus } = this.context;
    const conversation = store.conversations.get(conversationId);
    if (!conversation) throw notFound(conversationId);
    if (store.conversations.markRead(conversationId)) {
      const updated = store.conversations.get(conversationId);
      if (updated) bus.emit('inbox.onDidChangeConversations', { conversations: [updated] });
      bus.emit('inbox.onDidChangeUnread', this.unreadTotals());
    }
  }
}

export function toMessagePage(window: MessageWindow): MessagePage {
  const first = window.items[0];
  const last = window.items[window.items.length - 1];
  return {
    items: window.items.map(messageForIpc),
    ...(window.hasOlder && first ? { olderCursor: encodeCursor(first.id) } : {}),
    ...(window.hasNewer && last ? { newerCursor: encodeCursor(last.id) } : {}),
  };
}

export function createInboxHandlers(context: AppContext, inbox: InboxService): Pick<Handlers<AppContract>, keyof typeof inboxMethods> {
  const { store } = context;
  return {
    'inbox.listConversations': ({ accountId, unreadOnly, cursor, limit }) => {
      const after = decodeCursor(cursor, ConversationCursor);
      const page = store.conversations.page({ ...(accountId ? { accountId } : {}), unreadOnly }, { limit, ...(after ? { after } : {}) });
      return { items: page.items, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
    },
    'inbox.getConversation': ({ id }) => {
      const conversation = store.conversations.get(id);
      if (!conversation) throw notFound(id);
      return conversation;
    },
    'inbox.getContact': ({ id }) => {
      const contact = store.contacts.get(id);
      if (!contact) throw appError('NOT_FOUND', '联系人不存在', 'Contact not found', { contactId: id });
      return contact;
    },
    'inbox.listMessages': ({ conversationId, before, after, around, limit }) => {
      if (!store.conversations.get(conversationId)) throw notFound(conversationId);
      if (around !== undefined) {
        const window = store.messages.around(around, limit);
        if (!window || window.items[0]?.conversationId !== conversationId) {
          throw appError('NOT_FOUND', '这条消息不在该会话中', 'That message is not in this conversation', { messageId: around });
        }
        return toMessagePage(window);
      }
      const beforeId = decodeCursor(before, MessageCursor);
      const afterId = decodeCursor(after, MessageCursor);
      return toMessagePage(
        store.messages.page(conversationId, { limit, ...(beforeId !== undefined ? { before: beforeId } : {}), ...(afterId !== undefined ? { after: afterId } : {}) }),
      );
    },
    'inbox.getMessageText': ({ id, part, offset, limit }) => {
      const message = store.messages.get(id);
      if (!message) throw appError('NOT_FOUND', '消息不存在', 'Message not found', { messageId: id });
      return messageTextSlice(message, part, offset, limit);
    },
    'inbox.markRead': ({ conversationId }) => {
      inbox.markRead(conversationId);
      return { unreadCount: 0 as const };
    },
    'inbox.getUnreadTotals': () => inbox.unreadTotals(),
    'inbox.setFocusedConversation': ({ conversationId }) => {
      inbox.setFocused(conversationId);
      return {};
    },
  };
}

function notFound(id: number) {
  return appError('NOT_FOUND', '会话不存在或已被删除', 'Conversation not found; it may have been removed', { conversationId: id });
}

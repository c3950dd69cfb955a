// Where every sync page lands: one store transaction per page (with its cursor), then the events
// the renderer, the tray and the notifier listen to. Streams never talk to the store or the bus
// directly, so "persisted before anything else happens" and "told after it is stored" hold for
// every vendor alike.
import type { AppContract } from '@shared/ipc/contract';
import type { Agent, CallRecord, Conversation, CustomerField, Message, SmsRecord, WeChatAccount, WeChatGroup, WeChatGroupMember } from '@shared/model';
import type { EventBus } from '../ipc/event-bus';
import type { ContactInput, ConversationUpsert, CursorUpdate, MessagePage, Store } from '../store';
import { messageForIpc } from '../services/message-budget';

export interface SinkContext {
  store: Store;
  bus: EventBus<AppContract>;
}

export interface StoredMessages {
  /** Messages seen for the first time. */
  inserted: Message[];
  updated: number;
}

/** Conversations found on a page of at most this many are announced one by one; bigger pages once. */
const ANNOUNCE_LIMIT = 200;
const NEWS_GRACE_MS = 5 * 60_000;

export class SyncSink {
  constructor(private readonly context: SinkContext) {}

  /**
   * Stores a page of messages. Messages sent well before the account's first sync began are
   * history: they neither raise unread counts nor notify. Later ones are news. The grace covers
   * vendors whose clock runs behind ours and times sent in whole seconds.
   * A page straddling that moment is stored as two transactions, the cursor with the second, so
   * a crash between them only repeats the first (idempotently).
   */
  messages(page: MessagePage, firstSyncAt: number): StoredMessages {
    const newSince = firstSyncAt - NEWS_GRACE_MS;
    const history = page.messages.filter((m) => m.sentAt < newSince);
    const news = history.length === page.messages.length ? [] : page.messages.filter((m) => m.sentAt >= newSince);
    const parts: MessagePage[] = [];
    if (history.length > 0 || news.length === 0) parts.push({ ...page, messages: history, countsAsUnread: false });
    if (news.length > 0) parts.push({ ...page, messages: news, countsAsUnread: true });
    const inserted: Message[] = [];
    let updated = 0;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const { cursor, conversations, ...rest } = part;
      const result = this.context.store.applyMessagePage({
        ...rest,
        ...(i === 0 && conversations ? { conversations } : {}),
        ...(last && cursor ? { cursor } : {}),
      });
      inserted.push(...result.inserted);
      updated += result.updated;
      this.announceMessages(result.inserted, part.countsAsUnread === true);
      // Our replies the vendor echoed now carry its id and who sent them (and may have left "outcome unknown").
      if (result.echoed.length > 0) this.context.bus.emit('inbox.onDidChangeMessages', { messages: result.echoed });
    });
    return { inserted, updated };
  }

  conversations(accountId: string, items: ConversationUpsert[], cursor?: CursorUpdate): number {
    const result = this.context.store.applyConversationPage({ accountId, items, ...(cursor ? { cursor } : {}) });
    if (result.inserted + result.updated > 0) this.announceConversationKeys(accountId, items.map((i) => i.conversationKey));
    return result.inserted;
  }

  /** Saves a stream's position on its own, when a step moved it without storing anything. */
  cursor(accountId: string, cursor: CursorUpdate): void {
    this.context.store.applyConversationPage({ accountId, items: [], cursor });
  }

  contacts(accountId: string, items: ContactInput[], cursor?: CursorUpdate): number {
    return this.context.store.applyContactPage({ accountId, items, ...(cursor ? { cursor } : {}) }).inserted;
  }

  calls(accountId: string, items: CallRecord[], cursor?: CursorUpdate): number {
    const result = this.context.store.applyCallPage({ accountId, items, ...(cursor ? { cursor } : {}) });
    if (result.inserted.length + result.updated > 0) this.context.bus.emit('records.onDidChange', { calls: result.inserted.length + result.updated, sms: 0 });
    return result.inserted.length;
  }

  sms(accountId: string, items: SmsRecord[], cursor?: CursorUpdate): number {
    const result = this.context.store.applySmsPage({ accountId, items, ...(cursor ? { cursor } : {}) });
    if (result.inserted.length + result.updated > 0) this.context.bus.emit('records.onDidChange', { calls: 0, sms: result.inserted.length + result.updated });
    return result.inserted.length;
  }

  agents(accountId: string, items: Agent[]): number {
    return this.context.store.applyAgentPage({ accountId, items }).inserted;
  }

  weChatAccounts(accountId: string, items: WeChatAccount[]): number {
    return this.context.store.applyWeChatAccountPage({ accountId, items }).inserted;
  }

  weChatGroups(accountId: string, items: WeChatGroup[]): number {
    return this.context.store.applyWeChatGroupPage({ accountId, items }).inserted;
  }

  weChatGroupMembers(accountId: string, items: WeChatGroupMember[]): number {
    return this.context.store.applyWeChatGroupMemberPage({ accountId, items }).inserted;
  }

  customerFields(accountId: string, fields: CustomerField[]): void {
    this.context.store.setCustomerFields(accountId, fields);
  }

  unreadTotals(): { total: number; perAccount: Record<string, number> } {
    const totals = this.context.store.conversations.unreadTotals();
    return { total: totals.total, perAccount: totals.byAccount };
  }

  private announceMessages(inserted: Message[], news: boolean): void {
    if (inserted.length === 0) return;
    const { store, bus } = this.context;
    const conversations: Conversation[] = [];
    for (const id of new Set(inserted.map((m) => m.conversationId))) {
      const conversation = store.conversations.get(id);
      if (conversation) conversations.push(conversation);
    }
    bus.emit('inbox.onDidChangeConversations', { conversations });
    // History from a first sync is not news: no notification, no unread.
    const arrived = news ? inserted.filter((m) => m.direction === 'in') : [];
    if (arrived.length > 0) {
      bus.emit('inbox.onDidArriveMessages', { messages: arrived.map(messageForIpc) });
      bus.emit('inbox.onDidChangeUnread', this.unreadTotals());
    }
  }

  /** The store answers conversation pages with counts only; find the touched ones among the newest. */
  private announceConversationKeys(accountId: string, keys: string[]): void {
    const wanted = new Set(keys);
    const page = this.context.store.conversations.page({ accountId }, { limit: ANNOUNCE_LIMIT });
    const conversations = page.items.filter((c) => wanted.has(c.vendorConversationId));
    if (conversations.length > 0) this.context.bus.emit('inbox.onDidChangeConversations', { conversations });
  }
}

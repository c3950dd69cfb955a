// The conversation list: every account's conversations, newest activity first, with the
// agent's filters, keyset pages loaded as the list scrolls, and live changes from main.
// Snapshot-then-subscribe: we listen first, and a change that lands while a page is loading
// makes that load start over, so nothing between "read" and "listen" is lost.
import type { Conversation } from '@shared/model';
import type { AppState } from './app.svelte';
import { appendPage, mergeConversations, newestFirst } from './inbox-conversations';

const PAGE = 50;

export class InboxState {
  conversations = $state.raw<Conversation[]>([]);
  accountId = $state<string | undefined>(undefined);
  unreadOnly = $state(false);
  loading = $state(false);
  error = $state.raw<unknown>(undefined);
  /** The conversation open in the chat; the list keeps it even when a filter would hide it. */
  openId = $state<number | null>(null);
  open = $derived(this.conversations.find((c) => c.id === this.openId));
  #nextCursor: string | undefined;
  #generation = 0;
  #stale = false;
  #loadingMore = false;
  readonly #unsubscribe: Array<() => void>;

  constructor(private readonly app: AppState) {
    this.#unsubscribe = [
      app.client.subscribe('inbox.onDidChangeConversations', ({ conversations }) => {
        if (this.loading) this.#stale = true;
        else this.merge(conversations);
      }),
    ];
    void this.reload();
  }

  get hasMore(): boolean {
    return this.#nextCursor !== undefined;
  }

  setFilters(filters: { accountId?: string | undefined; unreadOnly?: boolean }): void {
    if ('accountId' in filters) this.accountId = filters.accountId;
    if (filters.unreadOnly !== undefined) this.unreadOnly = filters.unreadOnly;
    void this.reload();
  }

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      let page;
      do {
        this.#stale = false;
        page = await this.app.client.invoke('inbox.listConversations', { accountId: this.accountId, unreadOnly: this.unreadOnly, limit: PAGE });
      } while (this.#stale && generation === this.#generation);
      if (generation !== this.#generation) return;
      this.#nextCursor = page.nextCursor;
      this.conversations = page.items;
      this.error = undefined;
      await this.#keepOpenListed();
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.#nextCursor;
    if (!cursor || this.loading || this.#loadingMore) return;
    const generation = this.#generation;
    this.#loadingMore = true;
    try {
      const page = await this.app.client.invoke('inbox.listConversations', { accountId: this.accountId, unreadOnly: this.unreadOnly, cursor, limit: PAGE });
      if (generation !== this.#generation) return;
      this.#nextCursor = page.nextCursor;
      this.conversations = appendPage(this.conversations, page.items);
    } catch (error) {
      this.app.notifyError(error);
    } finally {
      this.#loadingMore = false;
    }
  }

  #passes(c: Conversation): boolean {
    if (c.id === this.openId) return true;
    if (this.accountId !== undefined && c.accountId !== this.accountId) return false;
    return !this.unreadOnly || c.unreadCount > 0;
  }

  /** Applies changed conversations: updated in place, new ones placed by their latest activity. */
  merge(changed: readonly Conversation[]): void {
    this.conversations = mergeConversations(this.conversations, changed, { hasMore: this.hasMore, keep: (c) => this.#passes(c) });
  }

  /** Opening a conversation from search or a notification may need one the list has not loaded. */
  async #keepOpenListed(): Promise<void> {
    const id = this.openId;
    if (id === null || this.conversations.some((c) => c.id === id)) return;
    try {
      const conversation = await this.app.client.invoke('inbox.getConversation', { id });
      if (this.openId === id) this.conversations = [...this.conversations.filter((c) => c.id !== id), conversation].sort(newestFirst);
    } catch {
      // It may have been removed with its account; the chat pane says so.
    }
  }

  select(id: number | null): void {
    this.openId = id;
    void this.#keepOpenListed();
  }

  /** Alt+↑/↓: the conversation before or after the open one in the list as the agent sees it. */
  neighbour(delta: 1 | -1): number | null {
    const list = this.conversations;
    if (list.length === 0) return null;
    const at = list.findIndex((c) => c.id === this.openId);
    if (at === -1) return list[delta === 1 ? 0 : list.length - 1]?.id ?? null;
    return list[Math.max(0, Math.min(list.length - 1, at + delta))]?.id ?? null;
  }

  /** The read receipt is local at once; main confirms and tells every window. */
  async markRead(id: number): Promise<void> {
    this.conversations = this.conversations.map((c) => (c.id === id && c.unreadCount > 0 ? { ...c, unreadCount: 0 } : c));
    try {
      await this.app.client.invoke('inbox.markRead', { conversationId: id });
    } catch (error) {
      this.app.notifyError(error);
    }
  }

  dispose(): void {
    for (const stop of this.#unsubscribe) stop();
  }
}

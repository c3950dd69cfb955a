// The messages of the open conversation: a window of the history loaded by keyset (the latest
// page, or the context around a search hit), grown page by page towards older or newer messages,
// kept live by arrival and status events, and the agent's own replies as they go out.
import type { QuoteRef } from '../messages/quote';
import type { ReplyContent } from '@shared/ipc/reply';
import type { Message } from '@shared/model';
import type { AppState } from './app.svelte';
import { chronological, mergeMessages, withLatestPage } from './inbox-messages';

const PAGE = 50;

export class ChatState {
  messages = $state.raw<Message[]>([]);
  loading = $state(true);
  error = $state.raw<unknown>(undefined);
  loadingOlder = $state(false);
  loadingNewer = $state(false);
  /** The message the agent jumped to from search, highlighted. */
  highlightId = $state<number | null>(null);
  /** The message the agent is replying to (message menu → quote); the composer sends it with the reply. */
  quoting = $state<QuoteRef | null>(null);
  olderCursor = $state<string | undefined>(undefined);
  newerCursor = $state<string | undefined>(undefined);
  readonly #unsubscribe: Array<() => void>;
  #generation = 0;
  /** Events that arrive while a page is loading wait here and apply on top of the page. */
  #held: Message[] = [];

  constructor(
    private readonly app: AppState,
    readonly conversationId: number,
    aroundId: number | null = null,
  ) {
    const mine = (messages: Message[]) => messages.filter((m) => m.conversationId === conversationId);
    this.#unsubscribe = [
      app.client.subscribe('inbox.onDidArriveMessages', ({ messages }) => this.#receive(mine(messages))),
      app.client.subscribe('inbox.onDidChangeMessages', ({ messages }) => this.#receive(mine(messages))),
    ];
    void (aroundId === null ? this.loadLatest() : this.jumpTo(aroundId));
  }

  /** True when the newest message is loaded, so arrivals belong at the end. */
  get atLatest(): boolean {
    return this.newerCursor === undefined;
  }

  #receive(messages: Message[]): void {
    if (messages.length === 0) return;
    if (this.loading) {
      this.#held.push(...messages);
      return;
    }
    // Status changes of loaded messages always apply; new messages only when the end is loaded,
    // otherwise they would sit next to a gap in the history.
    this.messages = mergeMessages(this.messages, messages, { addNew: this.atLatest });
  }

  async #load(input: { before?: string; after?: string; around?: number }, apply: (page: { items: Message[]; olderCursor?: string | undefined; newerCursor?: string | undefined }) => void): Promise<void> {
    const generation = this.#generation;
    const page = await this.app.client.invoke('inbox.listMessages', { conversationId: this.conversationId, limit: PAGE, ...input });
    if (generation === this.#generation) apply(page);
  }

  async #replaceWith(input: { around?: number }): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      await this.#load(input, (page) => {
        this.messages = [...page.items].sort(chronological);
        this.olderCursor = page.olderCursor;
        this.newerCursor = page.newerCursor;
        this.error = undefined;
      });
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) {
        this.loading = false;
        const held = this.#held;
        this.#held = [];
        this.#receive(held);
      }
    }
  }

  loadLatest(): Promise<void> {
    this.highlightId = null;
    return this.#replaceWith({});
  }

  /**
   * After a reconnect, events may have been missed: the latest page is merged in when it meets
   * what is loaded, and replaces it when there is a gap between them.
   */
  async refresh(): Promise<void> {
    if (!this.atLatest || this.loading) return;
    try {
      await this.#load({}, (page) => {
        const next = withLatestPage(this.messages, page);
        this.messages = next.messages;
        if (next.replaced) this.olderCursor = page.olderCursor;
      });
    } catch {
      // The next event or scroll tries again.
    }
  }

  async jumpTo(messageId: number): Promise<void> {
    this.highlightId = messageId;
    await this.#replaceWith({ around: messageId });
  }

  loadOlder(): Promise<void> {
    return this.#extend('older');
  }

  loadNewer(): Promise<void> {
    return this.#extend('newer');
  }

  /** Grows the loaded window by one page towards older or newer messages. */
  async #extend(towards: 'older' | 'newer'): Promise<void> {
    const older = towards === 'older';
    const cursor = older ? this.olderCursor : this.newerCursor;
    if (!cursor || this.loading || (older ? this.loadingOlder : this.loadingNewer)) return;
    const busy = (value: boolean) => (older ? (this.loadingOlder = value) : (this.loadingNewer = value));
    busy(true);
    try {
      await this.#load(older ? { before: cursor } : { after: cursor }, (page) => {
        if (older) {
          this.messages = mergeMessages(page.items, this.messages);
          this.olderCursor = page.olderCursor;
        } else {
          this.messages = mergeMessages(this.messages, page.items);
          this.newerCursor = page.newerCursor;
        }
      });
    } catch (error) {
      this.app.notifyError(error);
    } finally {
      busy(false);
    }
  }

  /** Sends a reply: main stores it as pending at once; its status follows by event. */
  async send(content: ReplyContent): Promise<boolean> {
    try {
      const message = await this.app.client.invoke('reply.send', { conversationId: this.conversationId, content });
      if (!this.atLatest) await this.loadLatest();
      this.messages = mergeMessages(this.messages, [message]);
      return true;
    } catch (error) {
      this.app.notifyError(error);
      return false;
    }
  }

  async retry(messageId: number): Promise<void> {
    this.messages = this.messages.map((m) => (m.id === messageId ? { ...m, status: 'pending' as const } : m));
    try {
      const message = await this.app.client.invoke('reply.retry', { messageId });
      this.messages = mergeMessages(this.messages, [message]);
    } catch (error) {
      this.messages = this.messages.map((m) => (m.id === messageId && m.status === 'pending' ? { ...m, status: 'failed' as const } : m));
      this.app.notifyError(error);
    }
  }

  dispose(): void {
    this.#generation += 1;
    for (const stop of this.#unsubscribe) stop();
  }
}

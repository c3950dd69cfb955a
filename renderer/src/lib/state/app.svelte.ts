// The shell's state: which view is open, where the agent is going (a conversation, a message, a
// customer's timeline), the app info from main, the transport's connection, and passing notices.
// Views never reach into each other: they ask the AppState to navigate.
import type { AppInfo } from '@shared/ipc/app';
import { connectBridge, type ConnectionState } from '../ipc/bridge';
import { createClient, IpcError, type Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';
import { i18n } from '../i18n/i18n.svelte';

export const VIEWS = ['inbox', 'customers', 'calls', 'reports', 'search', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export interface Notice {
  id: number;
  tone: 'info' | 'success' | 'error';
  text: string;
}

export class AppState {
  readonly client: Client;
  readonly info: Synced<AppInfo, 'app.onDidChangeInfo'>;
  view = $state<View>('inbox');
  connection = $state<ConnectionState>('connecting');
  /** The conversation open in the inbox, and a message to scroll to (from search). */
  conversationId = $state<number | null>(null);
  jumpToMessageId = $state<number | null>(null);
  /** The phone number whose merged timeline the customers view shows. */
  timelinePhone = $state<string | null>(null);
  /** Whether the search palette (Ctrl+K) is open. */
  searchOpen = $state(false);
  notices = $state<Notice[]>([]);
  #nextNotice = 1;

  constructor(client: Client = createClient(connectBridge())) {
    this.client = client;
    this.connection = client.bridge.connection();
    client.bridge.onConnectionChange((state) => {
      this.connection = state;
      // After a reconnect the host may have restarted: take a fresh snapshot.
      if (state === 'connected') void this.info.refresh();
    });
    this.info = new Synced(client, () => client.invoke('app.getInfo', {}), 'app.onDidChangeInfo', (_old, next) => next);
  }

  navigate(view: View): void {
    this.view = view;
  }

  openConversation(conversationId: number, messageId?: number): void {
    this.conversationId = conversationId;
    this.jumpToMessageId = messageId ?? null;
    this.view = 'inbox';
    this.searchOpen = false;
  }

  openTimeline(phone: string): void {
    this.timelinePhone = phone;
    this.view = 'customers';
    this.searchOpen = false;
  }

  /** Shows a short notice; errors from main are shown in the agent's language. */
  notify(tone: Notice['tone'], text: string, ms = tone === 'error' ? 8000 : 3500): void {
    const id = this.#nextNotice++;
    this.notices = [...this.notices, { id, tone, text }];
    setTimeout(() => this.dismiss(id), ms);
  }

  notifyError(error: unknown): void {
    if (error instanceof IpcError) this.notify('error', i18n.errorText({ message: error.message, messageZh: error.messageZh }));
    else this.notify('error', i18n.language === 'zh' ? '操作失败' : 'Something went wrong');
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}

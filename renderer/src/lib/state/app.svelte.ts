// The shell's state: which view is open, where the agent is going (a conversation, a message, a
// customer's timeline), the app info from main, the transport's connection, and passing notices.
// Views never reach into each other: they ask the AppState to navigate.
import type { AppInfo } from '@shared/ipc/app';
import type { Vendor } from '@shared/model';
import { connectBridge, type ConnectionState } from '../ipc/bridge';
import { createClient, IpcError, type Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';
import { i18n } from '../i18n/i18n.svelte';

export const VIEWS = ['inbox', 'customers', 'calls', 'reports', 'search', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/** Where Settings should open: a section, or the add-account form for one vendor. */
export type SettingsTarget = { section: 'accounts' | 'workPhone' | 'notifications' | 'network' | 'general' | 'updates' | 'about'; addVendor?: Vendor };

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
  /** Whether the keyboard shortcuts help (?) is open. */
  shortcutsOpen = $state(false);
  /** The part of Settings to show next time it opens (set by "add an account", "set my work phone"). */
  settingsTarget = $state<SettingsTarget>({ section: 'accounts' });
  notices = $state<Notice[]>([]);
  #nextNotice = 1;
  #conversationStepper: ((delta: 1 | -1) => void) | null = null;

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

  /** Opens Settings at a section, or straight on the add-account form for a vendor. */
  openSettings(target: SettingsTarget): void {
    this.settingsTarget = target;
    this.view = 'settings';
    this.searchOpen = false;
  }

  /**
   * The inbox registers how to move to the previous / next conversation; Alt+↑/↓ anywhere in the
   * app calls nextConversation. Returns the unregister function.
   */
  registerConversationStepper(step: (delta: 1 | -1) => void): () => void {
    this.#conversationStepper = step;
    return () => {
      if (this.#conversationStepper === step) this.#conversationStepper = null;
    };
  }

  nextConversation(delta: 1 | -1): void {
    this.view = 'inbox';
    this.#conversationStepper?.(delta);
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
    this.notify('error', describeError(error));
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}

/**
 * After the transport comes back from a drop, the host may have restarted: snapshots taken
 * before are reloaded. The first connect is not a reconnect (the snapshots are loading already).
 */
export function refreshAfterReconnect(client: Client, ...snapshots: { refresh(): Promise<void> }[]): () => void {
  let dropped = false;
  return client.bridge.onConnectionChange((state) => {
    if (state === 'reconnecting') dropped = true;
    if (state === 'connected' && dropped) {
      dropped = false;
      for (const s of snapshots) void s.refresh();
    }
  });
}

/** An error from main in the agent's language; anything else as a plain "something went wrong". */
export function describeError(error: unknown): string {
  if (error instanceof IpcError) return i18n.errorText({ message: error.message, messageZh: error.messageZh });
  return i18n.language === 'zh' ? '操作失败' : 'Something went wrong';
}

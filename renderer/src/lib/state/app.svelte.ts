// The shell's state: which view is open, the app info from main, the transport's connection.
import type { AppInfo } from '@shared/ipc/app';
import { connectBridge, type ConnectionState } from '../ipc/bridge';
import { createClient, type Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';

export const VIEWS = ['inbox', 'customers', 'calls', 'reports', 'search', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export class AppState {
  readonly client: Client;
  readonly info: Synced<AppInfo, 'app.onDidChangeInfo'>;
  view = $state<View>('inbox');
  connection = $state<ConnectionState>('connecting');

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
}

// The desktop app's own health (do notifications get through?), as main reports it.
import type { DesktopHealth } from '@shared/ipc/desktop';
import type { Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';
import { refreshAfterReconnect } from './app.svelte';

export class DesktopHealthState {
  readonly synced: Synced<DesktopHealth, 'desktop.onDidChangeHealth'>;
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
    this.synced = new Synced(client, () => client.invoke('desktop.getHealth', {}), 'desktop.onDidChangeHealth', (_old, next) => next);
    refreshAfterReconnect(client, this.synced);
  }

  get value(): DesktopHealth | undefined {
    return this.synced.value;
  }

  async sendTestNotification(): Promise<void> {
    this.synced.value = await this.#client.invoke('desktop.sendTestNotification', {});
  }

  dispose(): void {
    this.synced.dispose();
  }
}

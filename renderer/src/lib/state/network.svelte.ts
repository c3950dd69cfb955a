// The browser's view of the network (navigator.onLine), for the offline banner, and told to main
// on every change and every (re)connect: its return from offline syncs every account at once.
import type { Client } from '../ipc/client';

export class NetworkState {
  online = $state(true);
  /** When the browser last went offline, while it is. */
  offlineSince = $state<number | undefined>(undefined);
  readonly #client: Client;

  constructor(client: Client, target: Pick<Window, 'addEventListener'> & { navigator: Pick<Navigator, 'onLine'> } = window) {
    this.#client = client;
    this.#set(target.navigator.onLine);
    target.addEventListener('online', () => this.#changed(true));
    target.addEventListener('offline', () => this.#changed(false));
    client.bridge.onConnectionChange((state) => {
      if (state === 'connected') this.#report();
    });
    if (client.bridge.connection() === 'connected') this.#report();
  }

  #set(online: boolean): void {
    this.online = online;
    this.offlineSince = online ? undefined : Date.now();
  }

  #changed(online: boolean): void {
    if (online === this.online) return;
    this.#set(online);
    this.#report();
  }

  #report(): void {
    // Main may be restarting; the next connect reports again.
    this.#client.call('sync.reportNetwork', { online: this.online }).catch(() => undefined);
  }
}

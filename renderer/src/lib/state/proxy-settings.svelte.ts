// Settings → Network: the proxy in effect and each account's route, read when the section opens
// and after every change (the OS may change its proxy at any time, so there is no stale cache to
// trust), and the proxy setting saved in main.
import type { AppInput } from '@shared/ipc/contract';
import type { NetworkStatus } from '@shared/ipc/network';
import type { Client } from '../ipc/client';

export type ProxyInput = AppInput<'network.setProxy'>;

export class ProxySettingsState {
  status = $state.raw<NetworkStatus | undefined>(undefined);
  error = $state.raw<unknown>(undefined);
  loading = $state(false);
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.status = await this.#client.invoke('network.getStatus', {});
      this.error = undefined;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  /** Saves the setting; resolves with the new status, rejects with the IpcError (nothing changed). */
  async save(input: ProxyInput): Promise<NetworkStatus> {
    const status = await this.#client.invoke('network.setProxy', input);
    this.status = status;
    return status;
  }
}

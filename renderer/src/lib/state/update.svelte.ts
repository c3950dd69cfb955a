// The app's update, as main reports it: a snapshot of update.getStatus kept current by
// update.onDidChangeStatus, the actions of the notice and Settings → Updates, and the renderer's
// part of a restart: when main asks (step "savingDrafts"), every open draft is saved first.
import type { UpdateStatus } from '@shared/ipc/update';
import type { Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';
import { refreshAfterReconnect } from './app.svelte';
import { saveOpenDrafts } from './composer.svelte';

export class UpdateState {
  readonly synced: Synced<UpdateStatus, 'update.onDidChangeStatus'>;
  readonly #client: Client;
  #confirming = false;

  constructor(client: Client) {
    this.#client = client;
    this.synced = new Synced(client, () => client.invoke('update.getStatus', {}), 'update.onDidChangeStatus', (_old, next) => this.#follow(next));
    refreshAfterReconnect(client, this.synced);
  }

  get value(): UpdateStatus | undefined {
    return this.synced.value;
  }

  /** Downloaded, or on its way to the restart: what the notice shows. */
  get notice(): Extract<UpdateStatus, { phase: 'ready' | 'installing' }> | undefined {
    const v = this.synced.value;
    return v?.phase === 'ready' || v?.phase === 'installing' ? v : undefined;
  }

  async checkNow(): Promise<void> {
    this.synced.value = await this.#client.invoke('update.checkNow', {});
  }

  async setFeedUrl(url: string | null): Promise<void> {
    this.synced.value = await this.#client.invoke('update.setFeedUrl', { url });
  }

  async restart(): Promise<void> {
    this.synced.value = this.#follow(await this.#client.invoke('update.restartToUpdate', {}));
  }

  #follow(next: UpdateStatus): UpdateStatus {
    if (next.phase === 'installing' && next.step === 'savingDrafts' && !this.#confirming) {
      this.#confirming = true;
      void saveOpenDrafts()
        .then(() => this.#client.invoke('update.confirmDraftsSaved', {}))
        // Main restarts after its own wait if this answer never comes.
        .catch(() => undefined)
        .finally(() => (this.#confirming = false));
    }
    return next;
  }

  dispose(): void {
    this.synced.dispose();
  }
}

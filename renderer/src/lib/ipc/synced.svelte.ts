// Snapshot-then-subscribe without a start-up race: we subscribe FIRST, then load the snapshot;
// an event that arrives while the snapshot is loading marks it stale and it is loaded again, so
// no change between "read" and "listen" is ever lost.
import type { AppEvent, AppPayload } from '@shared/ipc/contract';
import type { Client } from './client';

export class Synced<T, E extends AppEvent> {
  value = $state.raw<T | undefined>(undefined);
  error = $state.raw<unknown>(undefined);
  #loading = false;
  #stale = false;
  #unsubscribe: () => void;

  constructor(
    client: Client,
    private readonly load: () => Promise<T>,
    event: E,
    private readonly apply: (current: T | undefined, payload: AppPayload<E>) => T | undefined,
  ) {
    this.#unsubscribe = client.subscribe(event, (payload) => {
      if (this.#loading) this.#stale = true;
      else this.value = this.apply(this.value, payload);
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    this.#loading = true;
    try {
      do {
        this.#stale = false;
        this.value = await this.load();
        this.error = undefined;
      } while (this.#stale);
    } catch (error) {
      this.error = error;
    } finally {
      this.#loading = false;
    }
  }

  dispose(): void {
    this.#unsubscribe();
  }
}

// Sync status per account: first-sync progress, health (last success, next poll, last error) and
// pause / resume / sync now. Snapshot from sync.getStatus, then each sync.onDidProgress replaces
// its account's entry and sync.onDidFail records the error on its stream.
import type { SerializedError } from '@shared/errors';
import type { AccountSyncStatus, StreamStatus } from '@shared/ipc/sync';
import type { Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';
import { refreshAfterReconnect } from './app.svelte';

export interface FirstSyncProgress {
  done: number;
  /** Sum of the streams' estimates, when every backfilling stream has one. */
  total: number | undefined;
  /** 0..1 when a total is known. */
  fraction: number | undefined;
}

export interface AccountHealth {
  lastSuccessAt: number | undefined;
  nextPollAt: number | undefined;
  lastError: SerializedError | undefined;
}

export function firstSyncProgress(status: AccountSyncStatus | undefined): FirstSyncProgress | undefined {
  const backfilling = status?.streams.filter((s) => s.phase === 'backfill') ?? [];
  if (backfilling.length === 0) return undefined;
  const done = backfilling.reduce((sum, s) => sum + s.done, 0);
  const known = backfilling.every((s) => s.estimatedTotal !== undefined);
  const total = known ? backfilling.reduce((sum, s) => sum + (s.estimatedTotal ?? 0), 0) : undefined;
  const fraction = total ? Math.min(1, done / total) : undefined;
  return { done, total, fraction };
}

export function accountHealth(status: AccountSyncStatus | undefined): AccountHealth {
  const streams = status?.streams ?? [];
  const successes = streams.map((s) => s.lastSuccessAt).filter((t): t is number => t !== undefined);
  const polls = streams.map((s) => s.nextPollAt).filter((t): t is number => t !== undefined);
  // The stream that failed most recently after its last success is the one worth showing.
  const failing = streams.filter((s) => s.lastError).sort((a, b) => (b.lastSuccessAt ?? 0) - (a.lastSuccessAt ?? 0));
  return {
    lastSuccessAt: successes.length ? Math.max(...successes) : undefined,
    nextPollAt: polls.length ? Math.min(...polls) : undefined,
    lastError: failing[0]?.lastError,
  };
}

export class SyncState {
  readonly synced: Synced<AccountSyncStatus[], 'sync.onDidProgress'>;
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
    this.synced = new Synced(client, () => client.invoke('sync.getStatus', {}), 'sync.onDidProgress', (current, next) => this.#merge(current, next));
    client.subscribe('sync.onDidFail', ({ accountId, stream, error }) => {
      const status = this.of(accountId);
      if (!status) return;
      const streams: StreamStatus[] = status.streams.map((s) => (s.stream === stream ? { ...s, lastError: error, lastFailureAt: Date.now() } : s));
      this.synced.value = this.#merge(this.synced.value, { ...status, streams });
    });
    refreshAfterReconnect(client, this.synced);
  }

  get statuses(): AccountSyncStatus[] {
    return this.synced.value ?? [];
  }

  of(accountId: string): AccountSyncStatus | undefined {
    return this.statuses.find((s) => s.accountId === accountId);
  }

  async pause(accountId: string): Promise<void> {
    this.synced.value = this.#merge(this.synced.value, await this.#client.invoke('sync.pause', { accountId }));
  }

  async resume(accountId: string): Promise<void> {
    this.synced.value = this.#merge(this.synced.value, await this.#client.invoke('sync.resume', { accountId }));
  }

  async syncNow(accountId?: string): Promise<void> {
    await this.#client.invoke('sync.syncNow', accountId ? { accountId } : {});
  }

  #merge(current: AccountSyncStatus[] | undefined, next: AccountSyncStatus): AccountSyncStatus[] {
    const list = current ?? [];
    return list.some((s) => s.accountId === next.accountId) ? list.map((s) => (s.accountId === next.accountId ? next : s)) : [...list, next];
  }
}

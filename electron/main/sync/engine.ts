// The sync engine: the pollers of every account, their status, and pause/resume per account.
// What a stream fetches and how it persists is the stream task's business (sync/streams/*).
import type { SerializedError } from '@shared/errors';
import type { AccountSyncStatus, StreamStatus, SyncStream } from '@shared/ipc/sync';
import type { Clock } from '../vendors/http/clock';
import type { Logger } from '../log/logger';
import { Poller, type StreamTask, type SyncNowOptions } from './poller';

export interface StreamPlan {
  task: StreamTask;
  intervalMs: number;
}

export interface SyncEngineOptions {
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  isFatal?: (error: unknown) => boolean;
  onProgress?: (status: AccountSyncStatus) => void;
  onFail?: (accountId: string, stream: SyncStream, error: SerializedError) => void;
  /** Awaited by every poller before each step (the store's readyForPage). */
  beforeStep?: () => Promise<void>;
}

export interface EngineSyncNowOptions extends SyncNowOptions {
  /** Only the streams whose last step failed (a second wake-up soon after the first). */
  onlyFailing?: boolean;
}

interface AccountEntry {
  pollers: Poller[];
  paused: boolean;
  /** Why the engine itself holds the account (a fatal failure), unlike a pause by the agent. */
  heldBy?: SerializedError;
}

export class SyncEngine {
  private readonly accounts = new Map<string, AccountEntry>();

  constructor(private readonly options: SyncEngineOptions = {}) {}

  register(accountId: string, plans: StreamPlan[], startPaused = false): void {
    if (this.accounts.has(accountId)) throw new Error(`account ${accountId} already syncing`);
    const entry: AccountEntry = { pollers: [], paused: startPaused };
    this.accounts.set(accountId, entry);
    for (const plan of plans) {
      const poller: Poller = new Poller({
        task: plan.task,
        intervalMs: plan.intervalMs,
        ...(this.options.clock ? { clock: this.options.clock } : {}),
        ...(this.options.random ? { random: this.options.random } : {}),
        ...(this.options.logger ? { logger: this.options.logger.child(accountId) } : {}),
        ...(this.options.isFatal ? { isFatal: this.options.isFatal } : {}),
        ...(this.options.beforeStep ? { beforeStep: this.options.beforeStep } : {}),
        // Credentials refused in one stream are refused in all: hold the whole account, so a
        // wrong secret is not sent again by every other poller, until the agent resumes it.
        onFatal: (error) => this.hold(accountId, poller, error),
        onStatus: (status) => this.report(accountId, status),
      });
      entry.pollers.push(poller);
      if (startPaused) poller.pause();
      poller.start();
    }
  }

  has(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  async unregister(accountId: string): Promise<void> {
    const entry = this.accounts.get(accountId);
    if (!entry) return;
    this.accounts.delete(accountId);
    await Promise.all(entry.pollers.map((p) => p.stop()));
  }

  pause(accountId: string): AccountSyncStatus | undefined {
    const entry = this.accounts.get(accountId);
    if (!entry) return undefined;
    entry.paused = true;
    delete entry.heldBy;
    for (const p of entry.pollers) p.pause();
    return this.statusOf(accountId);
  }

  private hold(accountId: string, failed: Poller, error: SerializedError): void {
    const entry = this.accounts.get(accountId);
    if (!entry || entry.paused) return;
    entry.paused = true;
    entry.heldBy = error;
    for (const p of entry.pollers) if (p !== failed) p.pause();
    this.options.onProgress?.(this.statusOf(accountId)!);
  }

  resume(accountId: string): AccountSyncStatus | undefined {
    const entry = this.accounts.get(accountId);
    if (!entry) return undefined;
    entry.paused = false;
    delete entry.heldBy;
    for (const p of entry.pollers) p.resume();
    return this.statusOf(accountId);
  }

  syncNow(accountId?: string, options: EngineSyncNowOptions = {}): void {
    for (const [id, entry] of this.accounts) {
      if (accountId && id !== accountId) continue;
      for (const p of entry.pollers) if (!options.onlyFailing || p.failing) p.syncNow(options);
    }
  }

  /** Some stream of an account that is not paused failed its last step and waits to retry. */
  anyFailing(): boolean {
    for (const entry of this.accounts.values()) if (entry.pollers.some((p) => p.failing)) return true;
    return false;
  }

  /** The accounts the engine holds because of a fatal failure that `which` picks (not the agent's pauses). */
  heldBy(which: (error: SerializedError) => boolean): string[] {
    return [...this.accounts].filter(([, entry]) => entry.heldBy && which(entry.heldBy)).map(([id]) => id);
  }

  statusOf(accountId: string): AccountSyncStatus | undefined {
    const entry = this.accounts.get(accountId);
    if (!entry) return undefined;
    return { accountId, paused: entry.paused, streams: entry.pollers.map((p) => p.current) };
  }

  status(): AccountSyncStatus[] {
    return [...this.accounts.keys()].map((id) => this.statusOf(id)!);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.accounts.keys()].map((id) => this.unregister(id)));
  }

  private report(accountId: string, stream: StreamStatus): void {
    const status = this.statusOf(accountId);
    if (!status) return;
    this.options.onProgress?.(status);
    if (stream.phase === 'error' && stream.lastError) this.options.onFail?.(accountId, stream.stream, stream.lastError);
  }
}

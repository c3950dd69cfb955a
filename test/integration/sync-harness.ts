// The rig the sync tests share: a real store on a temp file, the real vendor registry, settings
// service and event bus, the sync service under test, and the vendor simulators over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { contract, type AppContract } from '@shared/ipc/contract';
import type { AccountSyncStatus } from '@shared/ipc/sync';
import type { AppContext, SyncControl } from '../../electron/main/app/context';
import { VendorRegistry } from '../../electron/main/app/vendor-registry';
import { createEventBus, type EventBus } from '../../electron/main/ipc/event-bus';
import { silentLogger } from '../../electron/main/log/logger';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { SettingsService } from '../../electron/main/services/settings';
import { openStore, type Store } from '../../electron/main/store';
import { createSyncService, type SyncService, type SyncServiceOptions } from '../../electron/main/sync/service';
import { systemClock, type Clock } from '../../electron/main/vendors/http/clock';

export interface RecordedEvent {
  name: string;
  payload: unknown;
}

export interface SyncRig {
  dir: string;
  file: string;
  store: Store;
  secrets: MemorySecretStore;
  bus: EventBus<AppContract>;
  context: AppContext;
  sync: SyncService;
  events: RecordedEvent[];
  /** Closes the sync and the store and opens both again on the same file, as a restart would. */
  restart(): Promise<void>;
  count(sql: string, ...params: unknown[]): number;
  close(): Promise<void>;
}

const idle: SyncControl = { start() {}, async startAccount() {}, async stopAccount() {}, async stop() {} };

export async function syncRig(
  options: {
    clock?: Clock;
    /** The vendor clients' own clock (retry sleeps, rate windows) when it differs from the sync's. */
    vendorClock?: Clock;
    /** The vendor clients' request timeout (default 5 s). */
    timeoutMs?: number;
    sync?: SyncServiceOptions;
  } = {},
): Promise<SyncRig> {
  const dir = mkdtempSync(join(tmpdir(), 'wp-sync-'));
  const file = join(dir, 'cache.sqlite');
  const clock = options.clock ?? systemClock;
  const secrets = new MemorySecretStore();
  const events: RecordedEvent[] = [];

  const build = () => {
    const store = openStore({ file });
    const bus = createEventBus(contract, silentLogger);
    bus.onAny((name, payload) => events.push({ name, payload }));
    const vendors = new VendorRegistry({ store, secrets, logger: silentLogger, clock: options.vendorClock ?? clock, timeoutMs: options.timeoutMs ?? 5_000 });
    const context: AppContext = { host: 'web', dataDir: dir, store, secrets, bus, logger: silentLogger, clock, vendors, settings: new SettingsService(store, bus), sync: idle };
    const sync = createSyncService(context, { random: () => 0.5, progressEveryMs: 0, ...options.sync });
    context.sync = sync;
    return { store, bus, context, sync };
  };

  let built = build();
  const reader = () => new Database(file, { readonly: true, fileMustExist: true });
  const rig: SyncRig = {
    dir,
    file,
    secrets,
    events,
    get store() {
      return built.store;
    },
    get bus() {
      return built.bus;
    },
    get context() {
      return built.context;
    },
    get sync() {
      return built.sync;
    },
    async restart() {
      await built.sync.stop();
      built.store.close();
      built = build();
    },
    count(sql, ...params) {
      const db = reader();
      try {
        return (db.prepare(sql).pluck().get(...params) as number) ?? 0;
      } finally {
        db.close();
      }
    },
    async close() {
      await built.sync.stop();
      built.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** Waits (real time) until `check` holds; fails with the last status when it never does. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000, describe?: () => unknown): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${describe ? `: ${JSON.stringify(describe())}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every stream of the account finished its first sync and is waiting for its next poll. */
export function caughtUp(status: AccountSyncStatus | undefined): boolean {
  return !!status && status.streams.length > 0 && status.streams.every((s) => s.phase === 'incremental' && s.nextPollAt !== undefined);
}

export function statusOf(rig: SyncRig, accountId: string): AccountSyncStatus | undefined {
  return rig.sync.status().find((s) => s.accountId === accountId);
}

/**
 * Virtual time that runs itself: whenever nothing is under way (no request in flight, see
 * `countRequestsInFlight`), it jumps to the earliest sleeper and wakes it. So rate windows and
 * poll intervals of minutes pass in a blink, a request is received at the virtual time it was
 * sent, and requests still travel over real sockets.
 */
export class SteppingClock implements Clock {
  private current: number;
  private readonly sleepers: { until: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private justWoke = false;
  busy: () => boolean = () => false;

  constructor(start: number, tickMs = 15) {
    this.current = start;
    this.timer = setInterval(() => this.tick(), tickMs);
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      const entry = { until: this.current + Math.max(0, ms), resolve };
      this.sleepers.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.sleepers.indexOf(entry);
          if (i >= 0) this.sleepers.splice(i, 1);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        { once: true },
      );
    });
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    // Whoever woke last gets a tick to start its work before time may move again.
    const settling = this.justWoke;
    this.justWoke = false;
    if (settling || this.busy() || this.sleepers.length === 0) return;
    const next = Math.min(...this.sleepers.map((s) => s.until));
    this.current = Math.max(this.current, next);
    for (const sleeper of this.sleepers.filter((s) => s.until <= this.current)) {
      this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
      sleeper.resolve();
    }
    this.justWoke = true;
  }
}

/**
 * Counts this process's HTTP requests in flight by wrapping the global fetch every vendor client
 * uses (the requests still go out for real). Returns the counter and the undo.
 */
export function countRequestsInFlight(): { inFlight: () => number; restore: () => void } {
  const real = globalThis.fetch;
  let inFlight = 0;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    inFlight++;
    try {
      return await real(...args);
    } finally {
      inFlight--;
    }
  };
  return { inFlight: () => inFlight, restore: () => (globalThis.fetch = real) };
}

// The sync service: one engine for every account, its streams per vendor, status and progress
// for the renderer, pause/resume/sync-now, and the events of what arrived (through the sink).
import { appError, isAppError, type SerializedError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { AccountSyncStatus, syncMethods } from '@shared/ipc/sync';
import type { Conversation } from '@shared/model';
import type { AccountRecord } from '../store';
import type { AppContext, SyncControl } from '../app/context';
import type { Handlers } from '../ipc/router';
import { activeAccounts } from '../services/accounts-record';
import { SyncEngine, type StreamPlan } from './engine';
import { SyncSink } from './sink';
import { DEFAULT_INTERVALS, type AccountSync, type SyncIntervals } from './streams/kit';
import { moorPlans } from './streams/moor';
import { addYoumiConversation, youmiPlans } from './streams/youmi';
import { zhugePlans } from './streams/zhuge';
import { WakePlanner, type WakeCause, type WakeRun } from './wake';

export interface SyncService extends SyncControl {
  status(): AccountSyncStatus[];
  pause(accountId: string): AccountSyncStatus;
  resume(accountId: string): AccountSyncStatus;
  /** Polls now instead of after the interval: one account, or all. */
  syncNow(accountId?: string): void;
  /** Youmi v2: follows a conversation the change feed does not name (streams/youmi.ts) and reads it at once. */
  addYoumiConversation(accountId: string, input: { wechatId: string; fansKey: string }): Promise<Conversation>;
  /** The machine resumed or the screen was unlocked (the desktop's powerMonitor). */
  wake(cause: Exclude<WakeCause, 'online'>): WakeRun | undefined;
  /** The page's navigator.onLine; a return from offline syncs at once (sync/wake.ts). */
  networkChanged(online: boolean): WakeRun | undefined;
}

export interface SyncServiceOptions {
  intervals?: Partial<SyncIntervals>;
  random?: () => number;
  /** Progress events per account are spaced at least this far apart (the last one always comes). */
  progressEveryMs?: number;
}

/** Accounts the agent paused stay paused across restarts. */
const PAUSED_KEY = 'sync.pausedAccounts';

/** Credentials refused or no keychain: polling again cannot help until the agent acts. */
export function isFatalSyncError(error: unknown): boolean {
  return isAppError(error) && (error.code === 'AUTH' || error.code === 'KEYCHAIN');
}

/** A keychain that was there but locked (secrets/keychain-error.ts): unlocking the screen may open it. */
function isLockedKeychain(error: SerializedError): boolean {
  return error.code === 'KEYCHAIN' && error.details?.['reason'] === 'locked';
}

function plansFor(account: AccountRecord, sync: AccountSync): StreamPlan[] {
  switch (account.vendor) {
    case 'moor':
      return moorPlans(sync);
    case 'youmi':
      return youmiPlans(sync, account.settings['apiVersion'] === 'v1' ? 'v1' : 'v2');
    case 'zhuge':
      return zhugePlans(sync);
  }
}

export function createSyncService(context: AppContext, options: SyncServiceOptions = {}): SyncService {
  const { store, bus, logger, clock, vendors, settings } = context;
  const log = logger.child('sync');
  const sink = new SyncSink({ store, bus });
  const intervals: SyncIntervals = { ...DEFAULT_INTERVALS, ...options.intervals };
  const progress = throttledProgress((status) => bus.emit('sync.onDidProgress', status), options.progressEveryMs ?? 250);

  const engine = new SyncEngine({
    clock,
    logger: log,
    ...(options.random ? { random: options.random } : {}),
    isFatal: isFatalSyncError,
    // A backfill writing back to back lets the WAL restart before its next page (store/db.ts).
    beforeStep: () => store.readyForPage(),
    onProgress: (status) => progress.push(status),
    onFail: (accountId, stream, error) => bus.emit('sync.onDidFail', { accountId, stream, error }),
  });

  const pausedAccounts = (): string[] => {
    const value = store.settings.get(PAUSED_KEY);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  };
  const rememberPaused = (accountId: string, paused: boolean) => {
    const others = pausedAccounts().filter((id) => id !== accountId);
    store.settings.set(PAUSED_KEY, paused ? [...others, accountId] : others);
  };

  const accountSync = (accountId: string): AccountSync => ({
    accountId,
    store,
    sink,
    clock,
    logger: log.child(accountId),
    clients: () => vendors.clientsFor(accountId),
    windowDays: () => settings.get().syncWindowDays,
    language: () => settings.get().language,
    intervals,
  });

  const wakes = new WakePlanner({
    now: () => clock.now(),
    anyFailing: () => engine.anyFailing(),
    run: (run) => {
      log.info('syncing now', { ...run });
      if (run.retryLockedKeychain) {
        for (const accountId of engine.heldBy(isLockedKeychain)) {
          vendors.forget(accountId);
          engine.resume(accountId);
        }
      }
      if (run.scope !== 'none') engine.syncNow(undefined, { restartStep: run.restartSteps, onlyFailing: run.scope === 'failing' });
    },
  });

  const known = (accountId: string): void => {
    if (!engine.has(accountId)) throw appError('NOT_FOUND', '找不到这个账号的同步', 'This account is not syncing; it may have been removed');
  };

  const service: SyncService = {
    start() {
      for (const account of activeAccounts(store)) {
        service.startAccount(account.id).catch((error: unknown) => log.error('could not start syncing an account', { accountId: account.id, error: String(error) }));
      }
    },

    async startAccount(accountId) {
      await engine.unregister(accountId);
      // An edited account gets new clients: new base URL, new credentials, a fresh sign-in.
      vendors.forget(accountId);
      // A removed account whose cache the agent kept has a row but no sync.
      const account = activeAccounts(store).find((a) => a.id === accountId);
      if (!account) return;
      engine.register(accountId, plansFor(account, accountSync(accountId)), pausedAccounts().includes(accountId));
    },

    async stopAccount(accountId) {
      await engine.unregister(accountId);
      progress.forget(accountId);
    },

    async stop() {
      await engine.stopAll();
      progress.close();
    },

    status: () => engine.status(),

    pause(accountId) {
      known(accountId);
      rememberPaused(accountId, true);
      return engine.pause(accountId)!;
    },

    resume(accountId) {
      known(accountId);
      rememberPaused(accountId, false);
      // The agent may have fixed the credentials: the next step signs in again with what is stored.
      vendors.forget(accountId);
      return engine.resume(accountId)!;
    },

    syncNow(accountId) {
      if (accountId) known(accountId);
      engine.syncNow(accountId);
    },

    async addYoumiConversation(accountId, input) {
      const account = activeAccounts(store).find((a) => a.id === accountId);
      if (!account) throw appError('NOT_FOUND', '找不到这个账号', 'This account does not exist; it may have been removed');
      if (account.vendor !== 'youmi') {
        throw appError('UNSUPPORTED', '只有友米聚合账号可以按粉丝标识添加会话', 'Only Youmi accounts add a conversation by its fan key', { field: 'accountId' });
      }
      const key = await addYoumiConversation(accountSync(accountId), input);
      // A paused account reads it when resumed.
      if (engine.has(accountId)) engine.syncNow(accountId);
      const conversation = store.conversations.byKey(accountId, key);
      if (!conversation) throw appError('INTERNAL', '会话没有保存成功', 'The conversation was not saved');
      return conversation;
    },
    wake: (cause) => wakes.wake(cause),
    networkChanged: (online) => wakes.networkChanged(online),
  };
  return service;
}

export function createSyncHandlers(sync: SyncService): Pick<Handlers<AppContract>, keyof typeof syncMethods> {
  return {
    'sync.getStatus': () => sync.status(),
    'sync.pause': ({ accountId }) => sync.pause(accountId),
    'sync.resume': ({ accountId }) => sync.resume(accountId),
    'sync.syncNow': ({ accountId }) => {
      sync.syncNow(accountId);
      return {};
    },
    'sync.addYoumiConversation': ({ accountId, wechatId, fansKey }) => sync.addYoumiConversation(accountId, { wechatId, fansKey }),
    'sync.reportNetwork': ({ online }) => {
      sync.networkChanged(online);
      return {};
    },
  };
}

/**
 * A backfill reports after every page; the renderer needs a few updates a second at most. The
 * newest status of each account is sent at once when the last one is old enough, else shortly.
 */
function throttledProgress(emit: (status: AccountSyncStatus) => void, everyMs: number) {
  const last = new Map<string, number>();
  const waiting = new Map<string, { status: AccountSyncStatus; timer: NodeJS.Timeout }>();
  const send = (status: AccountSyncStatus) => {
    last.set(status.accountId, Date.now());
    emit(status);
  };
  return {
    push(status: AccountSyncStatus) {
      const pending = waiting.get(status.accountId);
      if (pending) {
        pending.status = status;
        return;
      }
      const since = Date.now() - (last.get(status.accountId) ?? 0);
      if (since >= everyMs) return send(status);
      const timer = setTimeout(() => {
        const entry = waiting.get(status.accountId);
        waiting.delete(status.accountId);
        if (entry) send(entry.status);
      }, everyMs - since);
      timer.unref();
      waiting.set(status.accountId, { status, timer });
    },
    forget(accountId: string) {
      const pending = waiting.get(accountId);
      if (pending) clearTimeout(pending.timer);
      waiting.delete(accountId);
      last.delete(accountId);
    },
    close() {
      for (const { timer } of waiting.values()) clearTimeout(timer);
      waiting.clear();
    },
  };
}

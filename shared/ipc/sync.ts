// Sync status per account and stream, with first-sync progress and health.
import { z } from 'zod';
import { SerializedError } from '../errors';
import { method } from './define';
import { AccountId } from './common';

export const SyncStream = z.enum(['messages', 'contacts', 'groups', 'calls', 'sms', 'customers', 'agents', 'reports']);
export type SyncStream = z.infer<typeof SyncStream>;

export const StreamStatus = z.object({
  stream: SyncStream,
  phase: z.enum(['idle', 'backfill', 'incremental', 'paused', 'error', 'waiting']),
  done: z.number().int().nonnegative(),
  estimatedTotal: z.number().int().nonnegative().optional(),
  lastSuccessAt: z.number().optional(),
  /** When lastError happened: the renderer tells "failing since" from "failed, then recovered elsewhere". */
  lastFailureAt: z.number().optional(),
  nextPollAt: z.number().optional(),
  lastError: SerializedError.optional(),
});
export type StreamStatus = z.infer<typeof StreamStatus>;

export const AccountSyncStatus = z.object({
  accountId: AccountId,
  paused: z.boolean(),
  streams: z.array(StreamStatus),
});
export type AccountSyncStatus = z.infer<typeof AccountSyncStatus>;

export const syncMethods = {
  'sync.getStatus': method(z.object({}).strict(), z.array(AccountSyncStatus)),
  'sync.pause': method(z.object({ accountId: AccountId }).strict(), AccountSyncStatus),
  'sync.resume': method(z.object({ accountId: AccountId }).strict(), AccountSyncStatus),
  'sync.syncNow': method(z.object({ accountId: AccountId.optional() }).strict(), z.object({})),
  /**
   * The page's view of the network (navigator.onLine), sent when it changes and on connect: the
   * network coming back syncs every account at once (sync/wake.ts) instead of after its backoff.
   */
  'sync.reportNetwork': method(z.object({ online: z.boolean() }).strict(), z.object({})),
};

export const syncEvents = {
  'sync.onDidProgress': AccountSyncStatus,
  'sync.onDidFail': z.object({ accountId: AccountId, stream: SyncStream, error: SerializedError }),
};

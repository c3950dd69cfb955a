// When the vendors cannot be reached: the accounts whose newest sync outcome is a network failure
// or a timeout, or a browser that says it is offline and has seen no poll succeed since. Plain
// functions of the sync status, so the banner goes away the moment a poll succeeds.
import type { AccountSyncStatus } from '@shared/ipc/sync';

const UNREACHABLE = new Set(['NETWORK', 'TIMEOUT']);

/** Its newest outcome, over all its streams, is a failure to reach the vendor. */
export function isUnreachable(status: AccountSyncStatus): boolean {
  if (status.paused) return false;
  const newestSuccess = Math.max(0, ...status.streams.map((s) => s.lastSuccessAt ?? 0));
  return status.streams.some(
    (s) => s.lastError !== undefined && UNREACHABLE.has(s.lastError.code) && s.lastError.details?.['cancelled'] !== true && (s.lastFailureAt ?? 0) > newestSuccess,
  );
}

export interface OfflineView {
  /** browser: the computer is offline; all / some: accounts cannot reach their vendor. */
  kind: 'browser' | 'all' | 'some';
  accountIds: string[];
}

export function offlineView(statuses: readonly AccountSyncStatus[], browser: { online: boolean; offlineSince?: number | undefined }): OfflineView | undefined {
  const active = statuses.filter((s) => !s.paused);
  if (active.length === 0) return undefined;
  const unreachable = active.filter(isUnreachable).map((s) => s.accountId);
  if (!browser.online) {
    const since = browser.offlineSince ?? 0;
    // A vendor on this machine or the LAN may still answer: a poll that worked since says so.
    const polledSince = active.some((s) => s.streams.some((t) => (t.lastSuccessAt ?? 0) > since));
    if (!polledSince) return { kind: 'browser', accountIds: unreachable };
  }
  if (unreachable.length === 0) return undefined;
  return { kind: unreachable.length === active.length ? 'all' : 'some', accountIds: unreachable };
}

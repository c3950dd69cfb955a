// The offline banner: derived from the sync status (an account whose newest outcome is a network
// failure or a timeout) and the browser's navigator.onLine; gone the moment a poll succeeds;
// "retry now" asks main to sync; the browser's network changes are told to main.
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '@shared/ipc/accounts';
import type { AccountSyncStatus, StreamStatus } from '@shared/ipc/sync';
import { isUnreachable, offlineView } from '../../renderer/src/lib/state/offline';
import { settle, type Handlers } from './inbox-fake-app';
import { mountApp as mountWith, unmountApp } from './shell-harness';

const account = (id: string, label: string): AccountSummary => ({
  id,
  vendor: 'youmi',
  label,
  baseUrl: 'https://open.youmi.example',
  settings: { apiVersion: 'v2', wechatIds: ['1'] },
  hasSecret: true,
  status: 'connected',
  demo: false,
  createdAt: 1,
});

const networkDown = { code: 'NETWORK' as const, message: 'Cannot reach youmi', messageZh: '无法连接友米聚合服务' };
const ok = (stream: StreamStatus['stream'], at: number): StreamStatus => ({ stream, phase: 'incremental', done: 10, lastSuccessAt: at });
const failing = (stream: StreamStatus['stream'], since: number, at: number, error: StreamStatus['lastError'] = networkDown): StreamStatus => ({
  stream,
  phase: 'error',
  done: 10,
  lastSuccessAt: since,
  lastError: error,
  lastFailureAt: at,
});
const status = (accountId: string, streams: StreamStatus[], paused = false): AccountSyncStatus => ({ accountId, paused, streams });

describe('which accounts cannot reach their vendor', () => {
  it('those whose newest outcome, over every stream, is a network failure or a timeout', () => {
    expect(isUnreachable(status('a', [failing('messages', 100, 200), ok('calls', 150)]))).toBe(true);
    expect(isUnreachable(status('a', [failing('messages', 100, 200, { ...networkDown, code: 'TIMEOUT' })]))).toBe(true);
    // A poll succeeded after that failure: the vendor answers again.
    expect(isUnreachable(status('a', [failing('messages', 100, 200), ok('calls', 250)]))).toBe(false);
    // Other failures are the account's trouble (shown in its health), not the network's.
    expect(isUnreachable(status('a', [failing('messages', 100, 200, { code: 'VENDOR', message: 'x', messageZh: 'x' })]))).toBe(false);
    expect(isUnreachable(status('a', [failing('messages', 100, 200, { ...networkDown, details: { cancelled: true } })]))).toBe(false);
    expect(isUnreachable(status('a', [failing('messages', 100, 200)], true))).toBe(false);
  });

  it('all, some, or the browser offline with no poll since; nothing without accounts', () => {
    const a = status('a', [failing('messages', 100, 200)]);
    const b = status('b', [ok('messages', 300)]);
    expect(offlineView([a], { online: true })).toEqual({ kind: 'all', accountIds: ['a'] });
    expect(offlineView([a, b], { online: true })).toEqual({ kind: 'some', accountIds: ['a'] });
    expect(offlineView([b], { online: true })).toBeUndefined();
    expect(offlineView([b], { online: false, offlineSince: 400 })).toEqual({ kind: 'browser', accountIds: [] });
    // The vendor on this machine answered after the browser went offline: no banner for that.
    expect(offlineView([b], { online: false, offlineSince: 250 })).toBeUndefined();
    expect(offlineView([], { online: false, offlineSince: 1 })).toBeUndefined();
  });
});

afterEach(unmountApp);

function mount(statuses: AccountSyncStatus[], handlers: Handlers = {}) {
  return mountWith({
    'accounts.list': () => [account('a', '友米一组'), account('b', '友米二组')],
    'sync.getStatus': () => statuses,
    'sync.syncNow': () => ({}),
    'sync.reportNetwork': () => ({}),
    ...handlers,
  }).then(({ fake }) => fake);
}

const banner = () => document.querySelector<HTMLElement>('[data-testid="offline-banner"]');

describe('the offline banner', () => {
  it('names the accounts that cannot be reached, and goes when a poll succeeds', async () => {
    const fake = await mount([status('a', [failing('messages', 100, 200)]), status('b', [ok('messages', 300)])]);
    expect(banner()?.dataset['kind']).toBe('some');
    expect(banner()?.textContent).toContain('无法连接 友米一组');
    fake.emit('sync.onDidProgress', status('a', [ok('messages', 500)]));
    flushSync();
    expect(banner()).toBeNull();
  });

  it('comes when a failure arrives, and "retry now" asks main to sync', async () => {
    const fake = await mount([status('a', [ok('messages', 100)]), status('b', [ok('messages', 100)])]);
    expect(banner()).toBeNull();
    for (const id of ['a', 'b']) fake.emit('sync.onDidFail', { accountId: id, stream: 'messages', error: networkDown });
    flushSync();
    expect(banner()?.dataset['kind']).toBe('all');
    expect(banner()?.textContent).toContain('无法连接服务方');
    document.querySelector<HTMLButtonElement>('[data-testid="offline-retry"]')!.click();
    await settle();
    expect(fake.callsOf('sync.syncNow')).toEqual([{}]);
  });

  it('tells main when the browser goes offline and comes back, and says the computer is offline meanwhile', async () => {
    const fake = await mount([status('a', [ok('messages', 100)])]);
    expect(fake.callsOf('sync.reportNetwork')).toEqual([{ online: true }]);
    window.dispatchEvent(new Event('offline'));
    flushSync();
    expect(banner()?.dataset['kind']).toBe('browser');
    expect(banner()?.textContent).toContain('网络已断开');
    window.dispatchEvent(new Event('online'));
    flushSync();
    await settle();
    expect(banner()).toBeNull();
    expect(fake.callsOf('sync.reportNetwork')).toEqual([{ online: true }, { online: false }, { online: true }]);
  });
});

// Waking up: an account whose vendor went away sits in its backoff, and a step begun before a
// sleep hangs on its connection. The network coming back and the machine resuming sync it at
// once. The sync's own waits here never end by themselves (a clock whose sleeps last until
// aborted), so every poll after the first is one a wake-up caused; the vendor clients keep real
// time, and the Zhuge simulator is reached over HTTP through a front that can drop off the network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../electron/main/demo/gateway';
import { WAKE_COALESCE_MS } from '../../electron/main/sync/wake';
import type { Clock } from '../../electron/main/vendors/http/clock';
import { systemClock } from '../../electron/main/vendors/http/clock';
import { keychainError } from '../../electron/main/secrets/keychain-error';
import { startZhugeSimulator, type ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';
import { statusOf, syncRig, waitFor, type SyncRig } from './sync-harness';

/** Real time (plus what a test skips), but a wait lasts until it is aborted: the poller's interval and backoff never run out. */
let skipped = 0;
const waitsForever: Clock = {
  now: () => Date.now() + skipped,
  sleep: (_ms, signal) =>
    new Promise<void>((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    }),
};

let zhuge: ZhugeSimulator;
let front: Gateway;
let rig: SyncRig;
const ACCOUNT = 'zhuge';

const stream = () => statusOf(rig, ACCOUNT)?.streams[0];
const polls = () => zhuge.requests().filter((r) => r.endpoint === 'getmsg').length;

beforeAll(async () => {
  zhuge = await startZhugeSimulator();
  front = await startGateway({ isMedia: () => false });
  front.setTarget(zhuge.url);
  const account = zhuge.account(1);
  const baseUrl = account.baseUrl.replace(new URL(zhuge.url).origin, front.url);
  // A minute per request: a step that hangs is ended by a wake-up, not by its timeout.
  rig = await syncRig({ clock: waitsForever, vendorClock: systemClock, timeoutMs: 60_000 });
  rig.store.accounts.upsert({ id: ACCOUNT, vendor: 'zhuge', label: '诸葛', baseUrl, settings: { userId: String(account.customerId), uId: String(account.radarUserId) } });
  await rig.secrets.set(ACCOUNT, 'token', account.token);
  await rig.sync.startAccount(ACCOUNT);
  await waitFor(() => stream()?.phase === 'incremental', 'the first sync', 15_000, () => statusOf(rig, ACCOUNT));
});

afterAll(async () => {
  await rig?.close();
  await front?.close();
  await zhuge?.close();
});

describe('after the network was gone', () => {
  it('waits in its backoff while the vendor cannot be reached', async () => {
    await front.setReachable(false);
    rig.sync.syncNow(ACCOUNT);
    await waitFor(() => stream()?.phase === 'error', 'the failure', 15_000, () => statusOf(rig, ACCOUNT));
    expect(stream()).toMatchObject({ lastError: { code: 'NETWORK' }, nextPollAt: expect.any(Number), lastFailureAt: expect.any(Number) });
  });

  it('syncs at once when the page says the network is back', async () => {
    await front.setReachable(true);
    const before = polls();
    rig.sync.networkChanged(false);
    expect(rig.sync.networkChanged(true)).toMatchObject({ cause: 'online', scope: 'all' });
    await waitFor(() => stream()?.phase === 'incremental', 'the poll after the network came back', 15_000, () => statusOf(rig, ACCOUNT));
    expect(polls()).toBeGreaterThan(before);
    expect(stream()?.lastError).toBeUndefined();
  });
});

describe('after a sleep', () => {
  it('restarts a step that hangs on its connection, and stores what arrived meanwhile', async () => {
    // Later that day, well after the network's return.
    skipped += WAKE_COALESCE_MS;
    zhuge.injectFault('getmsg', { kind: 'delay', delayMs: 60_000, times: 1 });
    const before = polls();
    rig.sync.syncNow(ACCOUNT);
    await waitFor(() => polls() === before + 1, 'the hanging poll', 15_000);
    zhuge.appendInbound({ customerId: 1, content: { info_type: 1, msg: '醒来之后的新消息' } });
    // The machine resumes: the step in flight is aborted and run again, well before its minute.
    expect(rig.sync.wake('resume')).toMatchObject({ scope: 'all', restartSteps: true });
    await waitFor(
      () => rig.count("SELECT count(*) FROM messages WHERE account_id = 'zhuge' AND text = '醒来之后的新消息'") === 1,
      'the message sent while the step hung',
      15_000,
      () => statusOf(rig, ACCOUNT),
    );
    expect(polls()).toBe(before + 2);
    expect(stream()?.lastError).toBeUndefined();
  });
});

describe('after the screen is unlocked', () => {
  it('tries an account again that a locked keychain held, and only on unlock', async () => {
    skipped += WAKE_COALESCE_MS;
    const secrets = rig.secrets;
    const read = secrets.get.bind(secrets);
    let locked = true;
    // macOS while the screen is locked: the keychain refuses to be read without the agent.
    secrets.get = async (accountId, name) => {
      if (locked) throw keychainError(new Error('User interaction is not allowed.'), { operation: 'get', platform: 'darwin' });
      return read(accountId, name);
    };
    try {
      rig.sync.syncNow(ACCOUNT);
      await waitFor(() => statusOf(rig, ACCOUNT)?.paused === true, 'the hold', 15_000, () => statusOf(rig, ACCOUNT));
      expect(stream()?.lastError).toMatchObject({ code: 'KEYCHAIN', details: { reason: 'locked' } });
      // Resuming from sleep does not unlock the keychain: the account stays held, nothing is asked.
      const before = polls();
      rig.sync.wake('resume');
      expect(statusOf(rig, ACCOUNT)?.paused).toBe(true);

      locked = false;
      skipped += WAKE_COALESCE_MS;
      expect(rig.sync.wake('unlock-screen')).toMatchObject({ retryLockedKeychain: true });
      await waitFor(() => stream()?.phase === 'incremental', 'the sync after the unlock', 15_000, () => statusOf(rig, ACCOUNT));
      expect(statusOf(rig, ACCOUNT)?.paused).toBe(false);
      expect(polls()).toBeGreaterThan(before);
    } finally {
      secrets.get = read;
    }
  });
});

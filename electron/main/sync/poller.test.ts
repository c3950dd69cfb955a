import { describe, expect, it } from 'vitest';
import { appError } from '@shared/errors';
import type { StreamStatus } from '@shared/ipc/sync';
import { Poller, type StepResult } from './poller';
import { SyncEngine } from './engine';

/** A clock whose sleeps end when the test advances time. */
function manualClock() {
  let now = 1_000_000;
  const sleepers: { until: number; resolve: () => void }[] = [];
  return {
    now: () => now,
    sleep(ms: number, signal?: AbortSignal) {
      return new Promise<void>((resolve, reject) => {
        const entry = { until: now + ms, resolve };
        sleepers.push(entry);
        signal?.addEventListener('abort', () => {
          sleepers.splice(sleepers.indexOf(entry), 1);
          reject(new Error('aborted'));
        });
      });
    },
    async advance(ms: number) {
      now += ms;
      for (const s of [...sleepers].filter((x) => x.until <= now)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.resolve();
      }
      await flush();
    },
    pending: () => sleepers.length,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('poller', () => {
  it('waits for the store before each step (its back-pressure during a long backfill)', async () => {
    const clock = manualClock();
    let calls = 0;
    let release: () => void = () => undefined;
    let held = true;
    const poller = new Poller({
      task: { stream: 'messages', step: async () => ({ more: ++calls < 3, phase: 'backfill' }) },
      intervalMs: 60_000,
      jitter: 0,
      clock,
      beforeStep: () => (held ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve()),
    });
    poller.start();
    await flush();
    expect(calls).toBe(0);
    held = false;
    release();
    await flush();
    await flush();
    expect(calls).toBe(3);
    await poller.stop();
  });

  it('runs steps back to back while there is more, then waits its interval', async () => {
    const clock = manualClock();
    const script: StepResult[] = [
      { more: true, phase: 'backfill', done: 100, estimatedTotal: 250 },
      { more: true, phase: 'backfill', done: 200, estimatedTotal: 250 },
      { more: false, phase: 'backfill', done: 250, estimatedTotal: 250 },
    ];
    let calls = 0;
    const statuses: StreamStatus[] = [];
    const poller = new Poller({
      task: { stream: 'messages', step: async () => script[calls++] ?? { more: false, phase: 'incremental' } },
      intervalMs: 60_000,
      jitter: 0,
      clock,
      onStatus: (s) => statuses.push(s),
    });
    poller.start();
    await flush();
    await flush();
    expect(calls).toBe(3);
    expect(poller.current).toMatchObject({ phase: 'incremental', done: 250, nextPollAt: clock.now() + 60_000 });
    expect(statuses.some((s) => s.phase === 'backfill' && s.done === 100 && s.estimatedTotal === 250)).toBe(true);
    await clock.advance(59_999);
    expect(calls).toBe(3);
    await clock.advance(1);
    expect(calls).toBe(4);
    await poller.stop();
  });

  it('backs off after failures, reports the error, and recovers', async () => {
    const clock = manualClock();
    let calls = 0;
    const poller = new Poller({
      task: {
        stream: 'calls',
        step: async () => {
          calls++;
          if (calls <= 2) throw appError('NETWORK', '无法连接', 'Cannot reach', undefined, true);
          return { more: false, phase: 'incremental' };
        },
      },
      intervalMs: 10_000,
      jitter: 0,
      backoffBaseMs: 2_000,
      random: () => 0.999,
      clock,
    });
    poller.start();
    await flush();
    expect(poller.current).toMatchObject({ phase: 'error', lastError: { code: 'NETWORK' } });
    await clock.advance(2_000);
    expect(calls).toBe(2);
    await clock.advance(4_000);
    expect(calls).toBe(3);
    expect(poller.current.phase).toBe('incremental');
    expect(poller.current.lastError).toBeUndefined();
    await poller.stop();
  });

  it('stops polling on a fatal error until resumed', async () => {
    const clock = manualClock();
    let calls = 0;
    let refuse = true;
    const poller = new Poller({
      task: {
        stream: 'messages',
        step: async () => {
          calls++;
          if (refuse) throw appError('AUTH', '凭证被拒绝', 'Credentials refused');
          return { more: false, phase: 'incremental' };
        },
      },
      intervalMs: 1_000,
      clock,
      isFatal: (e) => (e as { code?: string }).code === 'AUTH',
    });
    poller.start();
    await flush();
    await clock.advance(10 * 60_000);
    expect(calls).toBe(1);
    expect(poller.current.phase).toBe('error');
    refuse = false;
    poller.resume();
    await flush();
    expect(calls).toBe(2);
    expect(poller.current.phase).toBe('incremental');
    await poller.stop();
  });

  it('pauses (aborting the step in flight), resumes and syncs now on request', async () => {
    const clock = manualClock();
    let calls = 0;
    let aborted = 0;
    const poller = new Poller({
      task: {
        stream: 'sms',
        step: (signal) =>
          new Promise((resolve, reject) => {
            calls++;
            if (calls === 1) {
              signal.addEventListener('abort', () => {
                aborted++;
                reject(new Error('aborted'));
              });
              return;
            }
            resolve({ more: false, phase: 'incremental' });
          }),
      },
      intervalMs: 60_000,
      clock,
    });
    poller.start();
    await flush();
    poller.pause();
    await flush();
    expect(aborted).toBe(1);
    expect(poller.current.phase).toBe('paused');
    poller.syncNow();
    await flush();
    expect(calls).toBe(1);
    poller.resume();
    await flush();
    expect(calls).toBe(2);
    poller.syncNow();
    await flush();
    expect(calls).toBe(3);
    await poller.stop();
  });
});

describe('poller, asked while busy', () => {
  it('runs again right after the step when told to sync now during it, and tells the task', async () => {
    const clock = manualClock();
    let calls = 0;
    let told = 0;
    let finish: (() => void) | undefined;
    const poller = new Poller({
      task: {
        stream: 'messages',
        step: () =>
          new Promise<StepResult>((resolve) => {
            calls++;
            finish = () => resolve({ more: false, phase: 'incremental' });
          }),
        onSyncNow: () => told++,
      },
      intervalMs: 60_000,
      clock,
    });
    poller.start();
    await flush();
    poller.syncNow();
    finish?.();
    await flush();
    expect(told).toBe(1);
    expect(calls).toBe(2);
    finish?.();
    await flush();
    expect(calls).toBe(2);
    await poller.stop();
  });

  it('keeps the paused status when a step finishes after the pause', async () => {
    const clock = manualClock();
    let finish: (() => void) | undefined;
    const poller = new Poller({
      task: { stream: 'calls', step: () => new Promise<StepResult>((resolve) => (finish = () => resolve({ more: false, phase: 'incremental', done: 5 }))) },
      intervalMs: 1_000,
      clock,
    });
    poller.start();
    await flush();
    poller.pause();
    finish?.();
    await flush();
    expect(poller.current.phase).toBe('paused');
    await poller.stop();
  });
});

describe('poller, woken up', () => {
  const networkDown = () => appError('NETWORK', '无法连接', 'Cannot reach', undefined, true);

  it('leaves a long backoff at once and starts the next one from its base', async () => {
    const clock = manualClock();
    let calls = 0;
    let down = true;
    const poller = new Poller({
      task: {
        stream: 'messages',
        step: async () => {
          calls++;
          if (down) throw networkDown();
          return { more: false, phase: 'incremental' };
        },
      },
      intervalMs: 15_000,
      jitter: 0,
      backoffBaseMs: 2_000,
      random: () => 0.999,
      clock,
    });
    poller.start();
    await flush();
    // Six failures in a row: the wait has grown to about a minute (2 s · 2^5).
    for (let i = 0; i < 5; i++) await clock.advance(poller.current.nextPollAt! - clock.now());
    expect(calls).toBe(6);
    expect(poller.current.nextPollAt! - clock.now()).toBeGreaterThan(60_000);
    expect(poller.current.lastFailureAt).toBe(clock.now());

    poller.syncNow();
    await flush();
    expect(calls).toBe(7);
    // Still down: the next try is a base backoff away, not two minutes.
    expect(poller.current.nextPollAt! - clock.now()).toBeLessThanOrEqual(2_000);

    down = false;
    await clock.advance(2_000);
    expect(calls).toBe(8);
    expect(poller.current).toMatchObject({ phase: 'incremental' });
    expect(poller.current.lastError).toBeUndefined();
    expect(poller.current.lastFailureAt).toBeUndefined();
    await poller.stop();
  });

  it('restarts a step in flight when asked, without counting it as a failure', async () => {
    const clock = manualClock();
    const signals: AbortSignal[] = [];
    const finishers: Array<() => void> = [];
    const poller = new Poller({
      task: {
        stream: 'calls',
        step: (signal) =>
          new Promise<StepResult>((resolve, reject) => {
            signals.push(signal);
            finishers.push(() => resolve({ more: false, phase: 'incremental' }));
            signal.addEventListener('abort', () => reject(new Error('aborted')));
          }),
      },
      intervalMs: 60_000,
      clock,
    });
    poller.start();
    await flush();
    expect(signals).toHaveLength(1);
    poller.syncNow({ restartStep: true });
    await flush();
    expect(signals[0]!.aborted).toBe(true);
    expect(signals).toHaveLength(2);
    expect(poller.current.phase).toBe('idle');
    expect(poller.current.lastError).toBeUndefined();
    finishers[1]!();
    await flush();
    // The kick that restarted the step is spent: it waits its interval now.
    expect(signals).toHaveLength(2);
    expect(poller.current).toMatchObject({ phase: 'incremental', nextPollAt: expect.any(Number) });
    await poller.stop();
  });

  it('restarts the step in flight of a failing stream even unasked, but lets a healthy one finish', async () => {
    const clock = manualClock();
    let calls = 0;
    const signals: AbortSignal[] = [];
    let finish: (() => void) | undefined;
    const poller = new Poller({
      task: {
        stream: 'sms',
        step: (signal) =>
          new Promise<StepResult>((resolve, reject) => {
            calls++;
            signals.push(signal);
            if (calls === 1) return reject(networkDown());
            finish = () => resolve({ more: false, phase: 'incremental' });
            signal.addEventListener('abort', () => reject(new Error('aborted')));
          }),
      },
      intervalMs: 60_000,
      random: () => 0.999,
      clock,
    });
    poller.start();
    await flush();
    expect(poller.failing).toBe(true);
    poller.syncNow();
    await flush();
    expect(calls).toBe(2);
    // The retry hangs (the vendor is still away): asked again, it is started over.
    poller.syncNow();
    await flush();
    expect(signals[1]!.aborted).toBe(true);
    expect(calls).toBe(3);
    finish!();
    await flush();
    expect(poller.failing).toBe(false);
    // Healthy now: a sync-now while its next step runs waits for that step.
    await clock.advance(poller.current.nextPollAt! - clock.now());
    expect(calls).toBe(4);
    poller.syncNow();
    await flush();
    expect(signals[3]!.aborted).toBe(false);
    finish!();
    await flush();
    expect(calls).toBe(5);
    await poller.stop();
  });
});

describe('sync engine', () => {
  it('reports per-account status and pauses one account while others go on', async () => {
    const clock = manualClock();
    const seen: string[] = [];
    const engine = new SyncEngine({ clock, onProgress: (s) => seen.push(`${s.accountId}:${s.paused}`) });
    const counts = { a: 0, b: 0 };
    const plan = (id: 'a' | 'b') => [{ intervalMs: 1_000, task: { stream: 'messages' as const, step: async () => (counts[id]++, { more: false, phase: 'incremental' as const }) } }];
    engine.register('a', plan('a'));
    engine.register('b', plan('b'));
    await flush();
    engine.pause('a');
    await clock.advance(5_000);
    await clock.advance(5_000);
    expect(counts.a).toBe(1);
    expect(counts.b).toBeGreaterThanOrEqual(3);
    expect(engine.status().map((s) => [s.accountId, s.paused])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(seen).toContain('a:true');
    await engine.stopAll();
    expect(engine.status()).toEqual([]);
  });

  it('holds every stream of an account whose credentials were refused, and no other account', async () => {
    const clock = manualClock();
    const engine = new SyncEngine({ clock, isFatal: (e) => (e as { code?: string }).code === 'AUTH' });
    const ok = { stream: 'calls' as const, step: async () => ({ more: false, phase: 'incremental' as const }) };
    const refused = { stream: 'messages' as const, step: async (): Promise<StepResult> => Promise.reject(appError('AUTH', '密钥被拒绝', 'Secret refused')) };
    engine.register('a', [{ intervalMs: 1_000, task: refused }, { intervalMs: 1_000, task: ok }]);
    engine.register('b', [{ intervalMs: 1_000, task: ok }]);
    await flush();
    await flush();
    expect(engine.statusOf('a')).toMatchObject({ paused: true, streams: [{ phase: 'error', lastError: { code: 'AUTH' } }, { phase: 'paused' }] });
    expect(engine.statusOf('b')).toMatchObject({ paused: false, streams: [{ phase: 'incremental' }] });
    await engine.stopAll();
  });

  it('syncs only the failing streams when asked, and tells which accounts a fatal failure holds', async () => {
    const clock = manualClock();
    const engine = new SyncEngine({ clock, random: () => 0.999, isFatal: (e) => (e as { code?: string }).code === 'KEYCHAIN' });
    const counts = { ok: 0, down: 0 };
    const ok = { stream: 'calls' as const, step: async () => (counts.ok++, { more: false, phase: 'incremental' as const }) };
    const down = { stream: 'messages' as const, step: async (): Promise<StepResult> => (counts.down++, Promise.reject(appError('NETWORK', '无法连接', 'Cannot reach', undefined, true))) };
    const locked = { stream: 'messages' as const, step: async (): Promise<StepResult> => Promise.reject(appError('KEYCHAIN', '钥匙串已锁定', 'Keychain locked', { reason: 'locked' })) };
    engine.register('a', [{ intervalMs: 60_000, task: ok }, { intervalMs: 60_000, task: down }]);
    engine.register('held', [{ intervalMs: 60_000, task: locked }]);
    engine.register('paused', [{ intervalMs: 60_000, task: ok }]);
    await flush();
    await flush();
    engine.pause('paused');
    expect(engine.anyFailing()).toBe(true);
    const before = { ...counts };
    engine.syncNow(undefined, { onlyFailing: true });
    await flush();
    expect(counts).toEqual({ ok: before.ok, down: before.down + 1 });
    engine.syncNow();
    await flush();
    expect(counts).toEqual({ ok: before.ok + 1, down: before.down + 2 });

    expect(engine.heldBy((e) => e.code === 'KEYCHAIN')).toEqual(['held']);
    expect(engine.heldBy((e) => e.code === 'AUTH')).toEqual([]);
    engine.resume('held');
    expect(engine.heldBy(() => true)).toEqual([]);
    await engine.stopAll();
  });
});

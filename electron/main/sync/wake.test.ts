import { describe, expect, it } from 'vitest';
import { WAKE_COALESCE_MS, WakePlanner, type WakeRun } from './wake';

function planner(failing = false) {
  let now = 1_000_000;
  const runs: WakeRun[] = [];
  const state = { failing };
  const wakes = new WakePlanner({ now: () => now, anyFailing: () => state.failing, run: (run) => runs.push(run) });
  return {
    wakes,
    runs,
    state,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('waking the sync', () => {
  it('syncs everything at once on resume, restarting the steps the sleep left hanging', () => {
    const { wakes, runs } = planner();
    expect(wakes.wake('resume')).toEqual({ cause: 'resume', scope: 'all', restartSteps: true, retryLockedKeychain: false });
    expect(runs).toHaveLength(1);
  });

  it('makes one round of a lid opened: resume, unlock and the network back within seconds', () => {
    const { wakes, runs, advance } = planner();
    wakes.networkChanged(true);
    wakes.networkChanged(false);
    wakes.wake('resume');
    advance(4_000);
    wakes.networkChanged(true);
    advance(9_000);
    wakes.wake('unlock-screen');
    expect(runs.filter((r) => r.scope !== 'none')).toHaveLength(1);
    // The unlock still gives a keychain locked while the screen was a try; it syncs nothing else.
    expect(runs.at(-1)).toEqual({ cause: 'unlock-screen', scope: 'none', restartSteps: false, retryLockedKeychain: true });
  });

  it('tries the failing streams again when a later signal of the burst finds the first round did not bring them back', () => {
    const { wakes, runs, state, advance } = planner();
    wakes.networkChanged(false);
    wakes.wake('resume');
    // The Wi-Fi was not up yet when the machine woke: the round failed.
    state.failing = true;
    advance(3_000);
    expect(wakes.networkChanged(true)).toEqual({ cause: 'online', scope: 'failing', restartSteps: true, retryLockedKeychain: false });
    expect(runs.map((r) => r.scope)).toEqual(['all', 'failing']);
  });

  it('starts a new round once the burst is over', () => {
    const { wakes, runs, advance } = planner();
    wakes.wake('resume');
    advance(WAKE_COALESCE_MS);
    wakes.wake('resume');
    expect(runs.map((r) => r.scope)).toEqual(['all', 'all']);
  });

  it('does not restart steps for an unlock alone: no connection broke', () => {
    const { wakes } = planner();
    expect(wakes.wake('unlock-screen')).toEqual({ cause: 'unlock-screen', scope: 'all', restartSteps: false, retryLockedKeychain: true });
  });

  it('takes only a return from offline as news: not the first report of a page, nor "online" again from another tab', () => {
    const { wakes, runs } = planner();
    expect(wakes.networkChanged(true)).toBeUndefined();
    expect(wakes.networkChanged(true)).toBeUndefined();
    expect(wakes.networkChanged(false)).toBeUndefined();
    expect(wakes.networkChanged(false)).toBeUndefined();
    expect(wakes.networkChanged(true)).toMatchObject({ cause: 'online', scope: 'all' });
    expect(runs).toHaveLength(1);
  });
});

// When the machine wakes, the screen is unlocked or the network comes back, every account syncs
// at once instead of after its interval or its backoff (up to 5 minutes after a long outage).
// Those signals come in bursts — a laptop lid opened fires resume, then unlock, then the Wi-Fi's
// return a few seconds apart — and one burst must cost the vendors one round, not three. This
// module only decides; the sync service carries the answer out.

export type WakeCause = 'resume' | 'unlock-screen' | 'online';

export interface WakeRun {
  cause: WakeCause;
  /**
   * all: every stream of every account; failing: only streams whose last step failed (a second
   * signal of the same burst, when the first round did not bring everything back); none.
   */
  scope: 'all' | 'failing' | 'none';
  /**
   * Abort steps in flight and run them again. After a sleep or a network drop they wait on
   * connections that are gone; an unlock alone breaks no connection.
   */
  restartSteps: boolean;
  /** Accounts held because the keychain was locked get another try: unlocking the screen unlocks it. */
  retryLockedKeychain: boolean;
}

export interface WakePlannerOptions {
  now: () => number;
  /** Some stream failed its last step and is waiting to retry (SyncEngine.anyFailing). */
  anyFailing: () => boolean;
  run: (run: WakeRun) => void;
  /** Signals within this long of a full round belong to the same burst. */
  coalesceMs?: number;
}

export const WAKE_COALESCE_MS = 30_000;

export class WakePlanner {
  private lastFullRunAt: number | undefined;
  /** What the page last said about the network; undefined until it has said anything. */
  private online: boolean | undefined;

  constructor(private readonly options: WakePlannerOptions) {}

  /** The machine resumed from sleep or the screen was unlocked. Returns what was run, if anything. */
  wake(cause: WakeCause): WakeRun | undefined {
    const now = this.options.now();
    const retryLockedKeychain = cause === 'unlock-screen';
    const restartSteps = cause !== 'unlock-screen';
    const recent = this.lastFullRunAt !== undefined && now - this.lastFullRunAt < (this.options.coalesceMs ?? WAKE_COALESCE_MS);
    let scope: WakeRun['scope'] = 'all';
    if (recent) scope = this.options.anyFailing() ? 'failing' : 'none';
    if (scope === 'all') this.lastFullRunAt = now;
    if (scope === 'none' && !retryLockedKeychain) return undefined;
    const run: WakeRun = { cause, scope, restartSteps, retryLockedKeychain };
    this.options.run(run);
    return run;
  }

  /**
   * The page's navigator.onLine, reported on every change and on (re)connect. Only a return from
   * offline is news: the first report of a page, or another tab saying "online" again, is not.
   */
  networkChanged(online: boolean): WakeRun | undefined {
    const before = this.online;
    this.online = online;
    return online && before === false ? this.wake('online') : undefined;
  }
}

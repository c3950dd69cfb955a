// What to do when the window's page process dies (render-process-gone): load the page again, so
// the agent comes back to a working window without noticing much — unless it keeps dying, when a
// reload loop would only flicker and burn the CPU. Then the agent is asked. Sync, notifications
// and the tray live in the main process and go on either way.

/** Electron's RenderProcessGoneDetails.reason. */
export type GoneReason = 'clean-exit' | 'abnormal-exit' | 'killed' | 'crashed' | 'oom' | 'launch-failed' | 'integrity-failure' | 'memory-eviction';

export type CrashDecision = 'reload' | 'ask';

export interface CrashGuardOptions {
  /** Reloads allowed within `withinMs`; one more crash in that time asks the agent. */
  maxReloads?: number;
  withinMs?: number;
  now?: () => number;
}

export const CRASH_LOOP = { maxReloads: 3, withinMs: 5 * 60_000 } as const;

export class RendererCrashGuard {
  private readonly reloads: number[] = [];
  private readonly maxReloads: number;
  private readonly withinMs: number;
  private readonly now: () => number;

  constructor(options: CrashGuardOptions = {}) {
    this.maxReloads = options.maxReloads ?? CRASH_LOOP.maxReloads;
    this.withinMs = options.withinMs ?? CRASH_LOOP.withinMs;
    this.now = options.now ?? Date.now;
  }

  decide(reason: GoneReason | string): CrashDecision {
    // The app's files failed their integrity check: loading them again fails the same way.
    if (reason === 'integrity-failure') return 'ask';
    const at = this.now();
    while (this.reloads.length > 0 && at - this.reloads[0]! >= this.withinMs) this.reloads.shift();
    if (this.reloads.length >= this.maxReloads) return 'ask';
    this.reloads.push(at);
    return 'reload';
  }

  /** The agent chose to try again: a fresh allowance. */
  reset(): void {
    this.reloads.length = 0;
  }

  /** Reloads within the current window, for the log and the dialog. */
  get recentReloads(): number {
    return this.reloads.length;
  }
}

// When to look for an update: soon after start, then every 6 hours; after a failure sooner, but
// a little later each time, so a server that is down is not asked every minute by every PC.

export const CHECK_EVERY_MS = 6 * 60 * 60_000;
/** After start the first sync has the network first. */
export const FIRST_CHECK_AFTER_MS = 15_000;
const FIRST_RETRY_MS = 5 * 60_000;

/**
 * The wait after `failures` failed checks in a row (1, 2, …): 5, 10, 20, 40 … minutes up to 6
 * hours, the second half of it random so PCs that lost the server together do not come back
 * together.
 */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CHECK_EVERY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** After the computer slept: a check whose time passed during sleep runs now. */
export function isOverdue(nextCheckAt: number | null, now: number): boolean {
  return nextCheckAt !== null && nextCheckAt <= now;
}

export interface UpdateTimers {
  /** Runs fn once after ms; returns the cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export const realTimers: UpdateTimers = {
  after(ms, fn) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), 2 ** 31 - 1));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

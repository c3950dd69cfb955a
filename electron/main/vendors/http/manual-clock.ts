// A clock that moves only when told to, or when someone sleeps on it: waiting is instant and
// time still passes. Tests share one between the client and the simulator so token expiry,
// rate windows and Retry-After play out in virtual time.
import type { Clock } from './clock';

export class ManualClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += Math.max(0, ms);
  }

  set(ms: number): void {
    this.current = ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    this.advance(ms);
    return Promise.resolve();
  }
}

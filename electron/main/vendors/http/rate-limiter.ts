// A sliding-window limiter per endpoint key. It lets a burst use the whole budget at once
// (a backfill with work to do should not idle) and then paces calls so that no window of
// `intervalMs` ever holds more than `limit` calls — 7moor's 20 a minute per list endpoint.
import { systemClock, type Clock } from './clock';

export interface RateBudget {
  limit: number;
  intervalMs: number;
}

export class RateLimiter {
  private readonly calls = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly budgetFor: (key: string) => RateBudget | undefined,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Resolves when a call under `key` may start; the call is counted from that moment. */
  acquire(key: string, signal?: AbortSignal): Promise<void> {
    const budget = this.budgetFor(key);
    if (!budget) return Promise.resolve();
    // Calls for one key go through a chain, so concurrent callers are admitted in order.
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.admit(key, budget, signal));
    this.queues.set(key, next);
    return next;
  }

  /** How many calls `key` may still make right now. */
  remaining(key: string): number {
    const budget = this.budgetFor(key);
    if (!budget) return Number.POSITIVE_INFINITY;
    return budget.limit - this.window(key, budget).length;
  }

  private window(key: string, budget: RateBudget): number[] {
    const now = this.clock.now();
    const recent = (this.calls.get(key) ?? []).filter((t) => now - t < budget.intervalMs);
    this.calls.set(key, recent);
    return recent;
  }

  private async admit(key: string, budget: RateBudget, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const recent = this.window(key, budget);
      if (recent.length < budget.limit) {
        recent.push(this.clock.now());
        return;
      }
      const oldest = recent[0] ?? this.clock.now();
      await this.clock.sleep(oldest + budget.intervalMs - this.clock.now() + 1, signal);
    }
  }
}

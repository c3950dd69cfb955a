// One poller per account and stream: it runs a step (fetch one page, persist it) again at once
// while there is more work, then waits its interval (± jitter); after a failure it backs off with
// full jitter. It can be paused, resumed, told to sync now, and stopped; a step in flight is
// aborted on stop. The vendor budget is enforced below, by each client's rate limiter.
import { isAppError, type SerializedError } from '@shared/errors';
import type { StreamNotice, StreamStatus, SyncStream } from '@shared/ipc/sync';
import { systemClock, type Clock } from '../vendors/http/clock';
import { fullJitterDelay } from '../vendors/http/retry';
import { silentLogger, type Logger } from '../log/logger';

export interface StepResult {
  /** More pages are waiting: run again without waiting for the interval. */
  more: boolean;
  phase: 'backfill' | 'incremental';
  /** Items persisted so far in this phase, and the vendor's estimate of the whole. */
  done?: number;
  estimatedTotal?: number;
  /** What the agent should know about the stream (shown until a step no longer reports it). */
  notice?: StreamNotice;
}

export interface StreamTask {
  stream: SyncStream;
  step(signal: AbortSignal): Promise<StepResult>;
  /** The agent asked to sync now: the next step should look for news even if it just did. */
  onSyncNow?(): void;
}

export interface PollerOptions {
  task: StreamTask;
  intervalMs: number;
  /** Fraction of the interval added or removed at random, so pollers do not march in step. */
  jitter?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  onStatus?: (status: StreamStatus) => void;
  /** A failure that needs the agent (credentials refused): the poller waits until resumed. */
  isFatal?: (error: unknown) => boolean;
  /** Told once per fatal failure, so the engine can hold the account's other streams too. */
  onFatal?: (error: SerializedError) => void;
  /** Awaited before every step: the store's back-pressure during a long backfill. */
  beforeStep?: () => Promise<void>;
}

export interface SyncNowOptions {
  /**
   * Abort a step in flight and run it again at once. After a sleep or a network drop, a step
   * begun before it waits on a dead connection for its timeout and then sits in the HTTP layer's
   * retry sleeps; a step of a failing stream is restarted whether asked or not.
   */
  restartStep?: boolean;
}

export class Poller {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: Logger;
  private status: StreamStatus;
  private paused = false;
  private stopped = false;
  private failures = 0;
  private wake: (() => void) | undefined;
  private kicked = false;
  /** Between the start of a step and its end. */
  private stepping = false;
  /** The step in flight was aborted by syncNow: its failure is not one. */
  private restarting = false;
  private running: Promise<void> | undefined;
  private controller = new AbortController();

  constructor(private readonly options: PollerOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.log = (options.logger ?? silentLogger).child(`poll:${options.task.stream}`);
    this.status = { stream: options.task.stream, phase: 'idle', done: 0 };
  }

  get current(): StreamStatus {
    return this.status;
  }

  /** Its last step failed and it is waiting to try again (not paused, not held). */
  get failing(): boolean {
    return !this.paused && this.status.phase === 'error';
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.loop();
  }

  pause(): void {
    this.paused = true;
    this.update({ phase: 'paused', nextPollAt: undefined });
    this.controller.abort();
  }

  resume(): void {
    if (!this.paused && this.status.phase !== 'error') return;
    this.paused = false;
    this.failures = 0;
    this.update({ phase: 'waiting' });
    this.kick();
  }

  /** Runs the next step now instead of after the interval, or its backoff. */
  syncNow(options: SyncNowOptions = {}): void {
    if (this.paused) return;
    // Something changed (the agent asked, the machine woke, the network came back): a failure
    // from here backs off from its base again, not from where a long outage had taken it.
    this.failures = 0;
    this.options.task.onSyncNow?.();
    if (this.stepping && (options.restartStep || this.status.phase === 'error')) {
      this.restarting = true;
      this.controller.abort();
    }
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    this.kick();
    await this.running;
  }

  /** Ends the current wait; asked while a step runs, it ends the next wait before it starts. */
  private kick(): void {
    const wake = this.wake;
    this.wake = undefined;
    if (wake) wake();
    else this.kicked = true;
  }

  private update(patch: Partial<StreamStatus>): void {
    const next = { ...this.status, ...patch };
    for (const key of Object.keys(patch) as (keyof StreamStatus)[]) if (patch[key] === undefined) delete next[key];
    this.status = next;
    this.options.onStatus?.(this.status);
  }

  /** Waits `ms`, or until kicked (sync now, resume, stop). */
  private async idle(ms: number | undefined): Promise<void> {
    if (this.kicked) {
      this.kicked = false;
      if (!this.paused || this.stopped) return;
    }
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (ms !== undefined) {
        const controller = new AbortController();
        const done = () => {
          controller.abort();
          resolve();
        };
        this.wake = done;
        this.clock.sleep(ms, controller.signal).then(done, () => undefined);
      }
    });
    // A wait that ran out leaves its wake behind: a kick during the next step must not call it
    // (it would be lost) but mark the step's wait as ended before it starts.
    this.wake = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.paused) {
        await this.idle(undefined);
        continue;
      }
      this.controller = new AbortController();
      this.restarting = false;
      let result: StepResult | undefined;
      let failure: { error: unknown } | undefined;
      this.stepping = true;
      try {
        await this.options.beforeStep?.();
        if (!this.stopped && !this.paused) result = await this.options.task.step(this.controller.signal);
      } catch (error) {
        failure = { error };
      } finally {
        this.stepping = false;
      }
      // Paused while the step ran: the page is stored, but the status stays what the pause said.
      if (this.stopped || this.paused) continue;
      if (this.restarting) {
        // Aborted by syncNow to run again at once; the kick that did it is spent here.
        this.kicked = false;
        continue;
      }
      if (failure) {
        await this.failed(failure.error);
        continue;
      }
      if (!result) continue;
      this.failures = 0;
      this.update({
        phase: result.phase,
        done: result.done ?? this.status.done,
        estimatedTotal: result.estimatedTotal,
        notice: result.notice,
        lastSuccessAt: this.clock.now(),
        lastError: undefined,
        lastFailureAt: undefined,
        nextPollAt: undefined,
      });
      if (result.more) continue;
      const jitter = (this.options.jitter ?? 0.2) * this.options.intervalMs;
      const wait = Math.max(0, Math.round(this.options.intervalMs + (this.random() * 2 - 1) * jitter));
      this.update({ phase: result.phase === 'backfill' ? 'incremental' : result.phase, nextPollAt: this.clock.now() + wait });
      await this.idle(wait);
    }
  }

  private async failed(error: unknown): Promise<void> {
    const serialized = serialize(error);
    this.log.warn('step failed', { code: serialized.code, message: serialized.message });
    if (this.options.isFatal?.(error)) {
      // Credentials refused: polling again cannot help until the agent fixes the account.
      this.update({ phase: 'error', lastError: serialized, lastFailureAt: this.clock.now(), nextPollAt: undefined });
      this.paused = true;
      this.options.onFatal?.(serialized);
      return;
    }
    const wait = Math.max(1000, fullJitterDelay(this.failures++, { baseMs: this.options.backoffBaseMs ?? 2000, capMs: this.options.backoffCapMs ?? 5 * 60_000 }, this.random));
    this.update({ phase: 'error', lastError: serialized, lastFailureAt: this.clock.now(), nextPollAt: this.clock.now() + wait });
    await this.idle(wait);
  }
}

function serialize(error: unknown): SerializedError {
  if (isAppError(error)) return error.toJSON();
  return { code: 'INTERNAL', message: 'Sync step failed unexpectedly', messageZh: '同步出现意外错误' };
}

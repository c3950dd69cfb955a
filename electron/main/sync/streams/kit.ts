// What every vendor's streams are built from: the account's context, typed cursors, and the
// windowed stream that 7moor's lists and Youmi v1's chat records share.
import { z } from 'zod';
import { isAppError } from '@shared/errors';
import type { DecodedMessage } from '@shared/model';
import type { SyncStream } from '@shared/ipc/sync';
import type { Logger } from '../../log/logger';
import type { CursorUpdate, Store } from '../../store';
import type { Clock } from '../../vendors/http/clock';
import type { VendorClients } from '../../app/vendor-registry';
import type { StepResult, StreamTask } from '../poller';
import type { SyncSink } from '../sink';
import {
  backfillStep,
  BackfillState,
  estimateTotal,
  HeadState,
  headStep,
  newBackfill,
  syncWindowStart,
  widenBackfill,
  type TimedSource,
} from '../windows';

/** Everything a stream of one account needs; clients are looked up per step, so an edited account takes effect. */
export interface AccountSync {
  accountId: string;
  store: Store;
  sink: SyncSink;
  clock: Clock;
  logger: Logger;
  clients(): VendorClients;
  /** The agent's setting, read on every use. */
  windowDays(): number;
  language(): 'zh' | 'en';
  intervals: SyncIntervals;
}

export interface SyncIntervals {
  /** Message polls (and the head of every windowed list): 15 s keeps 7moor at 4 calls a minute. */
  messagesMs: number;
  /** Calls and SMS. */
  recordsMs: number;
  /** WeChat accounts, contacts, groups and sessions. */
  directoryMs: number;
  /** Group members, agents. */
  rosterMs: number;
  /** The CRM customer template. */
  templateMs: number;
  /** Youmi v2: how often known conversations are re-checked besides what the change feed names. */
  sweepMs: number;
}

export const DEFAULT_INTERVALS: SyncIntervals = {
  messagesMs: 15_000,
  recordsMs: 60_000,
  directoryMs: 5 * 60_000,
  rosterMs: 30 * 60_000,
  templateMs: 60 * 60_000,
  sweepMs: 10 * 60_000,
};

export function readCursor<S extends z.ZodType>(store: Store, accountId: string, key: string, schema: S): z.output<S> | undefined {
  const saved = store.cursors.get(accountId, key);
  if (!saved) return undefined;
  const parsed = schema.safeParse(saved.value);
  // A cursor from another version starts the stream over; pages are idempotent, so that only costs time.
  return parsed.success ? parsed.data : undefined;
}

/** A task that does one whole thing per run (a roster, a template) and then waits its interval. */
export function onceTask(stream: SyncStream, run: (signal: AbortSignal) => Promise<number>): StreamTask {
  let done = 0;
  return {
    stream,
    async step(signal) {
      done += await run(signal);
      return { more: false, phase: 'incremental', done };
    },
  };
}

/** Vendor errors that say the time window is too wide or too deep (7moor 4018 / 4019). */
export function isWindowTooBig(error: unknown): boolean {
  if (!isAppError(error) || error.code !== 'VENDOR') return false;
  const status = error.details?.['statusCode'];
  return status === 4018 || status === 4019;
}

export const WindowedState = z.object({ anchor: z.number(), backfill: BackfillState, head: HeadState });
export type WindowedState = z.infer<typeof WindowedState>;

export interface PageFacts {
  /** When the account's first sync began. */
  anchor: number;
  /** A backfill page: older than what came before it, so names on it may be out of date. */
  backfill: boolean;
}

export interface WindowedStreamOptions<T> {
  stream: SyncStream;
  /** The cursor's name in the store. */
  cursorKey: string;
  sync: AccountSync;
  source(): TimedSource<T>;
  /** How far back the head re-reads, for rows uploaded late. */
  overlapMs: number;
  /** Stores a page together with the cursor. */
  persist(items: T[], cursor: CursorUpdate, page: PageFacts, signal: AbortSignal): Promise<void> | void;
  /** Runs before each step (7moor messages wait for the first directory load). */
  prepare?(signal: AbortSignal): Promise<void>;
}

/**
 * A newest-first backfill over the sync window plus a head that follows new rows, interleaved:
 * while the backfill runs, the head still gets its turn every poll interval, so a customer who
 * writes during a long first sync is seen at once.
 */
export class WindowedStream<T> implements StreamTask {
  readonly stream: SyncStream;
  private state: WindowedState | undefined;
  private lastHeadAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WindowedStreamOptions<T>) {
    this.stream = options.stream;
  }

  onSyncNow(): void {
    this.lastHeadAt = Number.NEGATIVE_INFINITY;
  }

  async step(signal: AbortSignal): Promise<StepResult> {
    const { sync, cursorKey } = this.options;
    await this.options.prepare?.(signal);
    const source = this.options.source();
    const now = sync.clock.now();
    let state = this.state ?? this.load(now, source.maxSpanMs);
    state = { ...state, backfill: widenBackfill(state.backfill, syncWindowStart(now, sync.windowDays()), source.maxSpanMs) };

    const headDue = state.head.window !== undefined || state.backfill.finished || now - this.lastHeadAt >= sync.intervals.messagesMs;
    let more: boolean;
    if (headDue) {
      const result = await headStep(source, state.head, now, this.options.overlapMs, signal);
      const next = { ...state, head: result.next };
      await this.options.persist(result.items, { stream: cursorKey, value: next }, { anchor: state.anchor, backfill: false }, signal);
      this.state = next;
      if (!result.next.window) this.lastHeadAt = now;
      more = result.more || !next.backfill.finished;
    } else {
      const result = await backfillStep(source, state.backfill, signal);
      const next = { ...state, backfill: result.next };
      await this.options.persist(result.items, { stream: cursorKey, value: next }, { anchor: state.anchor, backfill: true }, signal);
      this.state = next;
      more = true;
    }
    const backfill = this.state.backfill;
    const estimated = estimateTotal(backfill, this.state.anchor);
    return {
      more,
      phase: backfill.finished ? 'incremental' : 'backfill',
      done: backfill.done,
      ...(estimated !== undefined ? { estimatedTotal: Math.max(estimated, backfill.done) } : {}),
    };
  }

  private load(now: number, maxSpanMs: number | undefined): WindowedState {
    const { sync, cursorKey } = this.options;
    const saved = readCursor(sync.store, sync.accountId, cursorKey, WindowedState);
    if (saved) return saved;
    return { anchor: now, backfill: newBackfill(now, syncWindowStart(now, sync.windowDays()), maxSpanMs), head: { since: now } };
  }
}

/**
 * A backfill walks from new to old, so the first page naming a conversation carries its latest
 * name; later (older) pages must not bring back a name the customer has since changed.
 */
export class FirstNames {
  private readonly named = new Set<string>();

  /** Drops the title of conversations already named during this backfill. */
  keepNewest<U extends { conversationKey: string; title?: string }>(upserts: U[]): U[] {
    return upserts.map((u) => {
      if (!this.named.has(u.conversationKey)) {
        if (u.title) this.named.add(u.conversationKey);
        return u;
      }
      const { title: _older, ...rest } = u;
      return rest as U;
    });
  }
}

/** Per conversation of a page: its newest message that names the customer, if any. */
export function newestNamed(messages: DecodedMessage[]): Map<string, DecodedMessage | undefined> {
  const newest = new Map<string, DecodedMessage | undefined>();
  for (const m of messages) {
    const seen = newest.get(m.conversationKey);
    if (m.peerName && (!seen || m.sentAt >= seen.sentAt)) newest.set(m.conversationKey, m);
    else if (!newest.has(m.conversationKey)) newest.set(m.conversationKey, undefined);
  }
  return newest;
}

/** Text stored for the agent (a read-only reason, a title), in their language when written. */
export function inAgentLanguage(sync: AccountSync, zh: string, en: string): string {
  return sync.language() === 'en' ? en : zh;
}

// Walking a vendor list that is filtered by time and served newest first (7moor's calls, SMS and
// WeChat messages, Youmi v1's chat records) in pages that stay under the vendor's limits.
//
// Backfill walks windows backwards from the moment the first sync began to the start of the sync
// window: newest first, so the inbox is useful at once. A window is [from, upper] with a fixed
// upper bound in the past, so rows arriving meanwhile cannot shift its pages (no gaps); a late
// upload can only push rows down a page (a repeat, which the store ignores). A window whose rows
// would go deeper than the vendor serves (7moor: 50,000 rows, 4019) or whose span it refuses
// (4018) is narrowed and asked again. Consecutive windows share their boundary second, because
// times travel as whole seconds and a row inside that second would otherwise fall between.
//
// The head follows new rows: [since − overlap, now] page by page, then `since` moves to that
// window's end. The overlap catches rows uploaded late with an earlier time (a call is uploaded
// when it ends, with the time it began).
import { z } from 'zod';

export interface TimedQuery {
  /** Inclusive, epoch ms. */
  start: number;
  /** Inclusive, epoch ms. */
  end: number;
  page: number;
  pageSize: number;
  signal: AbortSignal;
}

export interface TimedPage<T> {
  items: T[];
  /** The vendor's total for the query, when it says. */
  count?: number;
}

export interface TimedSource<T> {
  pageSize: number;
  /** The deepest row the vendor serves for one query (7moor: 500 pages × 100, or 50,000). */
  maxRows?: number;
  /** The longest start–end span the vendor accepts. */
  maxSpanMs?: number;
  fetch(query: TimedQuery): Promise<TimedPage<T>>;
  timeOf(item: T): number | undefined;
  /** The vendor says the window is too wide or holds too much (7moor 4018 / 4019). */
  isWindowTooBig?(error: unknown): boolean;
}

export const BackfillState = z.object({
  /** Where the backfill ends: the start of the sync window. */
  lower: z.number(),
  /** The current window's upper bound. */
  upper: z.number(),
  span: z.number().positive(),
  page: z.number().int().positive(),
  /** Rows stored so far, for the progress bar. */
  done: z.number().int().nonnegative(),
  /** Rows of the current window still to fetch, when the vendor reports a count. */
  windowLeft: z.number().int().nonnegative().optional(),
  finished: z.boolean(),
});
export type BackfillState = z.infer<typeof BackfillState>;

export const HeadState = z.object({
  since: z.number(),
  window: z.object({ from: z.number(), to: z.number(), page: z.number().int().positive() }).optional(),
});
export type HeadState = z.infer<typeof HeadState>;

export const MINUTE = 60_000;
export const DAY = 86_400_000;
const CHINA_OFFSET = 8 * 3_600_000;
/** The narrowest window worth asking for; below it the vendor's own limits are not the problem. */
const MIN_SPAN = MINUTE;

/** The start of the China day `days` before `at`: "30 days" reaches back to that whole day. */
export function syncWindowStart(at: number, days: number): number {
  const back = at - days * DAY;
  return Math.floor((back + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
}

export function newBackfill(anchor: number, lower: number, maxSpanMs = Number.POSITIVE_INFINITY): BackfillState {
  return { lower, upper: anchor, span: Math.max(MIN_SPAN, Math.min(maxSpanMs, anchor - lower)), page: 1, done: 0, finished: lower >= anchor };
}

/** The agent widened the sync window after the backfill ended: go on from where it stopped. */
export function widenBackfill(state: BackfillState, lower: number, maxSpanMs = Number.POSITIVE_INFINITY): BackfillState {
  if (!state.finished || lower >= state.lower) return state;
  return { ...newBackfill(state.lower, lower, maxSpanMs), done: state.done };
}

export interface WalkResult<T, S> {
  items: T[];
  next: S;
}

export async function backfillStep<T>(source: TimedSource<T>, state: BackfillState, signal: AbortSignal): Promise<WalkResult<T, BackfillState>> {
  if (state.finished) return { items: [], next: state };
  const from = Math.max(state.lower, state.upper - state.span);
  if (source.maxRows !== undefined && (state.page - 1) * source.pageSize >= source.maxRows) {
    // The window grew past what the vendor serves while we paged it: narrow and start it again.
    return { items: [], next: { ...state, span: narrower(state.span), page: 1 } };
  }
  let result: TimedPage<T>;
  try {
    result = await source.fetch({ start: from, end: state.upper, page: state.page, pageSize: source.pageSize, signal });
  } catch (error) {
    if (source.isWindowTooBig?.(error) && state.span > MIN_SPAN) return { items: [], next: { ...state, span: narrower(state.span), page: 1 } };
    throw error;
  }
  const done = state.done + result.items.length;
  if (state.page === 1 && source.maxRows !== undefined && result.count !== undefined && result.count > source.maxRows && state.span > MIN_SPAN) {
    // Too many rows for one window: keep what came, ask again for a window sized to fit.
    const span = Math.max(MIN_SPAN, Math.floor((state.span * source.maxRows * 0.8) / result.count));
    return { items: result.items, next: { ...state, span, done } };
  }
  if (isLastPage(source, state.page, result)) {
    const finished = from <= state.lower;
    const { windowLeft: _previous, ...rest } = state;
    return { items: result.items, next: { ...rest, upper: finished ? state.lower : from, page: 1, done, finished } };
  }
  const windowLeft = result.count !== undefined ? Math.max(0, result.count - state.page * source.pageSize) : undefined;
  return { items: result.items, next: { ...state, page: state.page + 1, done, ...(windowLeft !== undefined ? { windowLeft } : {}) } };
}

export interface HeadResult<T> extends WalkResult<T, HeadState> {
  /** The head is behind (a page is pending, or a long absence is being caught up). */
  more: boolean;
}

export async function headStep<T>(source: TimedSource<T>, state: HeadState, now: number, overlapMs: number, signal: AbortSignal): Promise<HeadResult<T>> {
  const since = Math.min(state.since, now);
  const window = state.window ?? { from: since - overlapMs, to: Math.min(now, since - overlapMs + (source.maxSpanMs ?? Number.POSITIVE_INFINITY)), page: 1 };
  let result: TimedPage<T>;
  try {
    result = await source.fetch({ start: window.from, end: window.to, page: window.page, pageSize: source.pageSize, signal });
  } catch (error) {
    if (source.isWindowTooBig?.(error) && window.to - window.from > MIN_SPAN) {
      return { items: [], next: { since, window: { from: window.from, to: window.from + narrower(window.to - window.from), page: 1 } }, more: true };
    }
    throw error;
  }
  const tooDeep = source.maxRows !== undefined && window.page * source.pageSize >= source.maxRows && !isLastPage(source, window.page, result);
  if (tooDeep) {
    return { items: result.items, next: { since, window: { from: window.from, to: window.from + narrower(window.to - window.from), page: 1 } }, more: true };
  }
  if (isLastPage(source, window.page, result)) {
    const caughtUp = window.to >= now - overlapMs;
    return { items: result.items, next: { since: Math.max(since, window.to) }, more: !caughtUp };
  }
  return { items: result.items, next: { since, window: { ...window, page: window.page + 1 } }, more: true };
}

/** What the progress bar shows: stored so far plus what the walked part suggests remains. */
export function estimateTotal(state: BackfillState, anchor: number): number | undefined {
  if (state.finished) return state.done;
  const from = Math.max(state.lower, state.upper - state.span);
  const inWindow = state.windowLeft ?? 0;
  const covered = anchor - state.upper;
  const remaining = from - state.lower;
  if (covered <= 0) return state.windowLeft !== undefined ? state.done + inWindow : undefined;
  return Math.round(state.done + inWindow + (state.done / covered) * remaining);
}

/** A short page, or the vendor's count reached. Reaching the depth limit is not the end: see callers. */
function isLastPage<T>(source: TimedSource<T>, page: number, result: TimedPage<T>): boolean {
  return result.items.length < source.pageSize || (result.count !== undefined && page * source.pageSize >= result.count);
}

function narrower(span: number): number {
  return Math.max(MIN_SPAN, Math.floor(span / 2));
}

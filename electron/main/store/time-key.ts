// Messages, calls and SMS get ids that sort by time: id = (time - epoch) * 4096 + n. Backfill
// arrives newest first and pages from many conversations interleave, so insertion order says
// nothing about time; with time-ordered ids, "newest first" is plain rowid order everywhere: the
// full-text indexes (whose rowid is the record id) return their first 50 hits newest first without
// sorting, and keyset pages need one column. The first-seen time is kept: ids never change.
//
// 4096 slots per millisecond. Vendors with one-second timestamps put a whole mass send into the
// same millisecond, so when a slot is full the id spills into the following milliseconds, and the
// largest spill is remembered per table to widen date-range bounds by exactly that much.
// Ids stay within ±2^53, the integers a JavaScript number holds exactly: times from 1951 to 2089.

export const SLOTS_PER_MS = 4096;
const EPOCH_MS = 1_600_000_000_000;
const SPAN_MS = Math.floor(Number.MAX_SAFE_INTEGER / SLOTS_PER_MS) - 1;
const EARLIEST_MS = EPOCH_MS - SPAN_MS;
const LATEST_MS = EPOCH_MS + SPAN_MS - 1;

/** The smallest id a record stamped `at` can have. */
export function timeKeyFloor(at: number): number {
  const clamped = Math.min(LATEST_MS, Math.max(EARLIEST_MS, Math.trunc(at)));
  return (clamped - EPOCH_MS) * SLOTS_PER_MS;
}

/** The first id after every record stamped before `at`, given the table's largest spill. */
export function timeKeyCeiling(at: number, spillMs: number): number {
  return timeKeyFloor(at + spillMs);
}

/**
 * The id a record stamped `at` tries first: its millisecond's slot picked by a hash of its vendor
 * id, so a new record usually needs no look-up at all. When that id is taken, allocateTimeKey
 * finds a free one.
 */
export function preferredTimeKey(at: number, vendorId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < vendorId.length; i++) hash = Math.imul(hash ^ vendorId.charCodeAt(i), 0x01000193);
  return timeKeyFloor(at) + ((hash >>> 0) % SLOTS_PER_MS);
}

export interface TimeKeySlots {
  /** Largest id in [low, high), or null when none is taken. */
  largestIdIn(low: number, high: number): number | null;
  spillMs(): number;
  recordSpill(ms: number): void;
}

export function allocateTimeKey(at: number, slots: TimeKeySlots): number {
  const floor = timeKeyFloor(at);
  for (let spill = 0; ; spill++) {
    const low = floor + spill * SLOTS_PER_MS;
    const taken = slots.largestIdIn(low, low + SLOTS_PER_MS);
    if (taken === null || taken < low + SLOTS_PER_MS - 1) {
      if (spill > slots.spillMs()) slots.recordSpill(spill);
      return taken === null ? low : taken + 1;
    }
  }
}

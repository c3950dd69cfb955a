// Newest-first pages over candidates that a filter may reject: full-text hits checked against
// account / conversation / kind / date, or a plain id range checked against list filters. The
// work per call is bounded: after SCAN_BUDGET candidates the page returns what it has with a
// cursor, so a rare filter over a huge table never blocks the main process, and paging on
// reaches every row exactly once.
import type { RowidWindow } from './search/fts';

export const SCAN_BUDGET = 8192;
const CHUNK = 512;

export interface KeysetScan<Row extends { id: number }> {
  /** Up to `limit` candidate ids inside `window`, newest (largest) first. */
  candidates(window: RowidWindow, limit: number): number[];
  /** The candidates that pass every filter. */
  accept(ids: number[]): Row[];
}

export function scanNewestFirst<Row extends { id: number }>(
  scan: KeysetScan<Row>,
  window: RowidWindow,
  limit: number,
): { rows: Row[]; next?: number } {
  const rows: Row[] = [];
  let before = window.before;
  let scanned = 0;
  for (;;) {
    const size = scanned === 0 ? limit + 1 : CHUNK;
    const ids = scan.candidates({ before, from: window.from }, size);
    scanned += ids.length;
    const accepted = ids.length > 0 ? scan.accept(ids).sort((a, b) => b.id - a.id) : [];
    for (const row of accepted) {
      if (rows.length === limit) return { rows, next: rows[limit - 1]!.id };
      rows.push(row);
    }
    if (ids.length < size) return { rows };
    before = ids[ids.length - 1]!;
    if (scanned >= SCAN_BUDGET) return { rows, next: before };
  }
}

// Queries that messages, calls, SMS and contacts share except for the table's name: the largest
// time-key id in a slot range, newest-first candidate ids, and batches of an account's rows for
// removal. The names come from this closed list, never from a value.
import type { ReadDb, SelectSql, WriteDb } from '../db';
import type { RecordFilter } from '../types';

export type TimeKeyedTable = 'messages' | 'calls' | 'sms';
type AccountTable = TimeKeyedTable | 'contacts' | 'undecoded';

export function largestIdIn(db: ReadDb, table: TimeKeyedTable, low: number, high: number): number | null {
  const sql: SelectSql = `SELECT max(id) FROM ${table} WHERE id >= @low AND id < @high`;
  return db.select<number | null>(sql).column<number | null>({ low, high })[0] ?? null;
}

/** Newest-first candidate ids of calls or SMS: all of them, or one agent's through its index. */
export function idsBelow(
  db: ReadDb,
  table: 'calls' | 'sms',
  agentId: string | undefined,
  window: { before: number; from: number },
  limit: number,
): number[] {
  if (agentId === undefined) {
    const sql: SelectSql = `SELECT id FROM ${table} WHERE id < @before AND id >= @from ORDER BY id DESC LIMIT @limit`;
    return db.select<number>(sql).column<number>({ ...window, limit });
  }
  const sql: SelectSql = `SELECT id FROM ${table} WHERE agent_id = @agentId AND id < @before AND id >= @from ORDER BY id DESC LIMIT @limit`;
  return db.select<number>(sql).column<number>({ agentId, ...window, limit });
}

/** The list filters calls and SMS share, as clauses to AND after the id condition; bound by recordFilterBinds. */
export const RECORD_FILTER_SQL = `AND (@accountId IS NULL OR account_id = @accountId)
         AND (@direction IS NULL OR direction = @direction)
         AND (@agentId IS NULL OR agent_id = @agentId)
         AND (@from IS NULL OR at >= @from)
         AND (@to IS NULL OR at < @to)`;

export function recordFilterBinds(filter: RecordFilter) {
  return {
    accountId: filter.accountId ?? null,
    direction: filter.direction ?? null,
    agentId: filter.agentId ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
  };
}

/** Removes up to `limit` rows of an account; returns their ids so the caller can queue them for the search index. */
export function deleteBatchOfAccount(db: WriteDb, table: AccountTable, accountId: string, limit: number): number[] {
  const sql: SelectSql = `SELECT id FROM ${table} WHERE account_id = @accountId LIMIT @limit`;
  const ids = db.select<number>(sql).column<number>({ accountId, limit });
  db.write(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(@ids))`).run({ ids: JSON.stringify(ids) });
  return ids;
}

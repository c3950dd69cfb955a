// What the cache holds, in numbers only, for the diagnostics a user sends: rows per table and per
// account, the outbox by state, the search queue, file sizes, SQLite and schema versions. It reads
// counts and sizes, never a row's content. Run on request (an export), not on a hot path: the
// counts scan their tables' smallest index.
import { statSync } from 'node:fs';
import type { ReadDb, SelectSql } from './db';
import { searchFileFor } from './search/index-file';

export interface StoreStats {
  sqliteVersion: string;
  schemaVersion: number;
  rows: Record<string, number>;
  perAccount: Array<{ accountId: string; conversations: number; messages: number; calls: number; sms: number }>;
  outbox: Record<string, number>;
  searchQueue: number;
  /** Bytes on disk; absent for a file that does not exist. */
  files: { cache?: number; wal?: number; search?: number; searchWal?: number };
}

const COUNTED_TABLES = [
  'accounts',
  'conversations',
  'messages',
  'contacts',
  'calls',
  'sms',
  'customers',
  'agents',
  'wechat_accounts',
  'wechat_groups',
  'wechat_group_members',
  'outbox',
  'drafts',
  'quick_replies',
  'dial_attempts',
  'sync_cursors',
  'undecoded',
] as const;

// One fixed statement per table: table names are code, never values, and a read handle takes only SELECTs.
const COUNT_SQL = Object.fromEntries(COUNTED_TABLES.map((table) => [table, `SELECT count(*) FROM ${table}` as SelectSql])) as Record<
  (typeof COUNTED_TABLES)[number],
  SelectSql
>;

export function readStoreStats(read: ReadDb, cacheFile: string): StoreStats {
  const number = (sql: SelectSql) => read.select<number>(sql).column<number>()[0] ?? 0;
  const rows = Object.fromEntries(COUNTED_TABLES.map((table) => [table, number(COUNT_SQL[table])]));
  const perTable = (sql: SelectSql) => new Map(read.select<{ accountId: string; n: number }>(sql).all().map((r) => [r.accountId, r.n]));
  const conversations = perTable('SELECT account_id AS accountId, count(*) AS n FROM conversations GROUP BY account_id');
  const messages = perTable('SELECT account_id AS accountId, count(*) AS n FROM messages GROUP BY account_id');
  const calls = perTable('SELECT account_id AS accountId, count(*) AS n FROM calls GROUP BY account_id');
  const sms = perTable('SELECT account_id AS accountId, count(*) AS n FROM sms GROUP BY account_id');
  const accountIds = read.select<string>('SELECT id FROM accounts ORDER BY id').column<string>();
  return {
    sqliteVersion: read.select<string>('SELECT sqlite_version()').column<string>()[0] ?? '',
    schemaVersion: number('SELECT user_version FROM pragma_user_version'),
    rows,
    perAccount: accountIds.map((accountId) => ({
      accountId,
      conversations: conversations.get(accountId) ?? 0,
      messages: messages.get(accountId) ?? 0,
      calls: calls.get(accountId) ?? 0,
      sms: sms.get(accountId) ?? 0,
    })),
    outbox: Object.fromEntries(read.select<{ state: string; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state ORDER BY state').all().map((r) => [r.state, r.n])),
    searchQueue: number('SELECT count(*) FROM search_queue'),
    files: {
      ...sizeOf('cache', cacheFile),
      ...sizeOf('wal', `${cacheFile}-wal`),
      ...sizeOf('search', searchFileFor(cacheFile)),
      ...sizeOf('searchWal', `${searchFileFor(cacheFile)}-wal`),
    },
  };
}

function sizeOf<K extends string>(key: K, file: string): Partial<Record<K, number>> {
  try {
    return { [key]: statSync(file).size } as Partial<Record<K, number>>;
  } catch {
    return {};
  }
}

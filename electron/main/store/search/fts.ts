// The full-text indexes: for each searchable record type, a trigram index (queries of 3 or more
// characters) and a unigram index (1 or 2 characters, which trigrams cannot match). Both are
// contentless and hold folded text (normalize.ts), with the record's time-ordered id as rowid, so
// the first hits in rowid order are the newest. Texts, snippets and highlights come from the
// record tables, checked against the same folding: an index can only propose, never decide.
//
// The indexes live in their own file (index-file.ts), written by a worker thread (indexer.ts):
// indexing costs as much CPU as storing the record itself, and on the main thread it made every
// sync page slower and now and then (FTS5 segment merges) longer than the 50 ms budget. Writers of
// the cache only queue "index these ids" in the same transaction as the records (search_queue);
// queued ids the worker has not reached yet are proposed to every search as candidates too, so an
// answer never misses a record because the index is behind.
import type { ReadDb, SelectSql, WriteDb } from '../db';
import { characterCount, unigramDocument } from './normalize';

export interface FtsIndex<Column extends string = string> {
  name: 'message' | 'contact' | 'call' | 'sms';
  /** The record table; ids are its rowids. */
  table: 'messages' | 'contacts' | 'calls' | 'sms';
  columns: readonly Column[];
  /**
   * The indexed fields of the records, one column per index column, read by the worker. Several
   * values (a contact's phone numbers) are joined by the barrier U+E000, which no folded text contains.
   */
  source: string;
}

export const MESSAGE_INDEX: FtsIndex<'text'> = {
  name: 'message',
  table: 'messages',
  columns: ['text'],
  source: 'SELECT id, text FROM messages',
};
export const CONTACT_INDEX: FtsIndex<'name' | 'remark' | 'wx_no' | 'phones'> = {
  name: 'contact',
  table: 'contacts',
  columns: ['name', 'remark', 'wx_no', 'phones'],
  source: `SELECT id, name, coalesce(remark, '') AS remark, coalesce(wx_no, '') AS wx_no,
      (SELECT coalesce(group_concat(value, char(57344)), '') FROM json_each(contacts.phones)) AS phones
    FROM contacts`,
};
export const CALL_INDEX: FtsIndex<'name' | 'phone'> = {
  name: 'call',
  table: 'calls',
  columns: ['name', 'phone'],
  source: `SELECT id, coalesce(contact_name, '') AS name, contact_phone AS phone FROM calls`,
};
export const SMS_INDEX: FtsIndex<'name' | 'phone'> = {
  name: 'sms',
  table: 'sms',
  columns: ['name', 'phone'],
  source: `SELECT id, coalesce(contact_name, '') AS name, contact_phone AS phone FROM sms`,
};

export const FTS_INDEXES: readonly FtsIndex[] = [MESSAGE_INDEX, CONTACT_INDEX, CALL_INDEX, SMS_INDEX];

/** add: new records; refresh: records changed or removed (the worker drops them and adds what exists). */
export type IndexOp = 'add' | 'refresh';

const QUEUE_INSERT = 'INSERT INTO search_queue (index_name, op, ids) VALUES (@index, @op, @ids)';

/** Queues records for the indexer, inside the caller's transaction: indexed if and only if stored. */
export function queueForIndex(db: WriteDb, index: FtsIndex, op: IndexOp, ids: readonly number[]): void {
  if (ids.length === 0) return;
  db.write(QUEUE_INSERT).run({ index: index.name, op, ids: JSON.stringify(ids) });
}

export const indexRecord = (db: WriteDb, index: FtsIndex, id: number): void => queueForIndex(db, index, 'add', [id]);

/** What the index file does not hold yet. */
export interface Pending {
  /** Queued ids, newest first. */
  ids: number[];
  /** A rebuild is queued: until it is done, any record may be missing from the index. */
  everything: boolean;
}

/** The queue rows of `index` the worker has not finished (seq above `doneSeq`). */
export function pendingFor(db: ReadDb, index: FtsIndex, doneSeq: number): Pending {
  const rows = db
    .select<{ op: string; ids: string }>('SELECT op, ids FROM search_queue WHERE seq > @doneSeq AND index_name = @index')
    .all({ doneSeq, index: index.name });
  const ids = new Set<number>();
  let everything = false;
  for (const row of rows) {
    if (row.op === 'rebuild') everything = true;
    else for (const id of JSON.parse(row.ids) as number[]) ids.add(id);
  }
  return { ids: [...ids].sort((a, b) => b - a), everything };
}

type Flavour = 'trigram' | 'unigram';

const candidateSql = (index: FtsIndex, flavour: Flavour): SelectSql => {
  const table = `${index.name}_${flavour}`;
  return `SELECT rowid FROM ${table} WHERE ${table} MATCH @match AND rowid < @before AND rowid >= @from ORDER BY rowid DESC LIMIT @limit`;
};

function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The FTS5 expression for a folded query, restricted to one column when given. Everything the
 * agent typed sits inside one quoted string, so `*`, `-`, `OR`, `NEAR`, `:` and quotes are text.
 */
export function matchExpression(foldedQuery: string, column?: string): { flavour: Flavour; match: string } {
  const flavour: Flavour = characterCount(foldedQuery) >= 3 ? 'trigram' : 'unigram';
  const phrase = flavour === 'trigram' ? quoted(foldedQuery) : quoted(unigramDocument(foldedQuery));
  return { flavour, match: column ? `{${column}} : ${phrase}` : phrase };
}

export interface RowidWindow {
  /** Exclusive upper bound: the keyset cursor or the end of a date range. */
  before: number;
  /** Inclusive lower bound. */
  from: number;
}

export const WHOLE_RANGE: RowidWindow = { before: Number.MAX_SAFE_INTEGER, from: Number.MIN_SAFE_INTEGER };

/** Where candidates come from: the index file, and what is queued for it but not yet indexed. */
export interface SearchIndex {
  /** The index file (index-file.ts). */
  db: ReadDb;
  /** The cache file, for records the index does not hold yet. */
  cache: ReadDb;
  pending(index: FtsIndex): Pending;
}

/**
 * Up to `limit` rowids whose indexed text may contain the query, newest first. `waiting` is
 * `search.pending(index)`, read once per search by the caller rather than once per chunk.
 */
export function candidateRowids(
  search: SearchIndex,
  index: FtsIndex,
  foldedQuery: string,
  window: RowidWindow,
  limit: number,
  column?: string,
  waiting: Pending = search.pending(index),
): number[] {
  const scanRecords = () =>
    search.cache
      .select<number>(`SELECT id FROM ${index.table} WHERE id < @before AND id >= @from ORDER BY id DESC LIMIT @limit`)
      .column<number>({ before: window.before, from: window.from, limit });
  // Rebuilding (a new or replaced index file): every record is a candidate, checked by the
  // caller. Slower, paged by the caller's scan budget, and never wrong.
  if (waiting.everything) return scanRecords();
  const { flavour, match } = matchExpression(foldedQuery, column);
  let indexed: number[];
  try {
    indexed = search.db.select<number>(candidateSql(index, flavour)).column<number>({ match, before: window.before, from: window.from, limit });
  } catch (error) {
    // A query the index refuses is our bug (everything typed is quoted): let it show.
    if (error instanceof Error && error.message.startsWith('fts5:')) throw error;
    // The index file failed under us (damaged, a table gone): the records still answer, and the
    // indexer's failures make the index again (search-index.ts).
    return scanRecords();
  }
  const pending = waiting.ids.filter((id) => id < window.before && id >= window.from);
  if (pending.length === 0) return indexed;
  // Both lists are newest first; merged, the first `limit` are the newest of either.
  const merged = [...new Set([...indexed, ...pending])].sort((a, b) => b - a);
  return merged.slice(0, limit);
}

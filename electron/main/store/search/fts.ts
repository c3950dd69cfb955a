// The full-text indexes: for each searchable record type, a trigram index (queries of 3 or more
// characters) and a unigram index (1 or 2 characters, which trigrams cannot match). Both are
// contentless and hold folded text (normalize.ts), with the record's time-ordered id as rowid, so
// the first hits in rowid order are the newest. Texts, snippets and highlights come from the
// record tables, checked against the same folding: an index can only propose, never decide.
import type { ReadDb, SelectSql, WriteDb } from '../db';
import { BARRIER, characterCount, foldForSearch, unigramDocument } from './normalize';

export interface FtsIndex<Column extends string = string> {
  name: string;
  columns: readonly Column[];
}

export const MESSAGE_INDEX: FtsIndex<'text'> = { name: 'message', columns: ['text'] };
export const CONTACT_INDEX: FtsIndex<'name' | 'remark' | 'wx_no' | 'phones'> = {
  name: 'contact',
  columns: ['name', 'remark', 'wx_no', 'phones'],
};
export const CALL_INDEX: FtsIndex<'name' | 'phone'> = { name: 'call', columns: ['name', 'phone'] };
export const SMS_INDEX: FtsIndex<'name' | 'phone'> = { name: 'sms', columns: ['name', 'phone'] };

export const FTS_INDEXES: readonly FtsIndex[] = [MESSAGE_INDEX, CONTACT_INDEX, CALL_INDEX, SMS_INDEX];

type Flavour = 'trigram' | 'unigram';

interface IndexStatements {
  insert: Record<Flavour, string>;
  remove: Record<Flavour, string>;
  candidates: Record<Flavour, SelectSql>;
}

const statements = new Map<string, IndexStatements>();

function statementsFor(index: FtsIndex): IndexStatements {
  let found = statements.get(index.name);
  if (!found) {
    const build = (flavour: Flavour): [string, string, SelectSql] => {
      const table = `${index.name}_${flavour}`;
      const columns = index.columns.join(', ');
      const values = index.columns.map((column) => `@${column}`).join(', ');
      return [
        `INSERT INTO ${table} (rowid, ${columns}) VALUES (@rowid, ${values})`,
        `DELETE FROM ${table} WHERE rowid = @rowid`,
        `SELECT rowid FROM ${table} WHERE ${table} MATCH @match AND rowid < @before AND rowid >= @from ORDER BY rowid DESC LIMIT @limit`,
      ];
    };
    const [trigramInsert, trigramRemove, trigramCandidates] = build('trigram');
    const [unigramInsert, unigramRemove, unigramCandidates] = build('unigram');
    found = {
      insert: { trigram: trigramInsert, unigram: unigramInsert },
      remove: { trigram: trigramRemove, unigram: unigramRemove },
      candidates: { trigram: trigramCandidates, unigram: unigramCandidates },
    };
    statements.set(index.name, found);
  }
  return found;
}

/** A field value as indexed: several values (phone numbers) are kept apart by a barrier. */
export function fieldText(value: string | readonly string[] | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : value.join(BARRIER);
}

export function indexRecord<Column extends string>(
  db: WriteDb,
  index: FtsIndex<Column>,
  rowid: number,
  fields: Record<Column, string>,
): void {
  const sql = statementsFor(index);
  const trigram: Record<string, string | number> = { rowid };
  const unigram: Record<string, string | number> = { rowid };
  for (const column of index.columns) {
    const folded = foldForSearch(fields[column]);
    trigram[column] = folded;
    unigram[column] = unigramDocument(folded);
  }
  db.write(sql.insert.trigram).run(trigram);
  db.write(sql.insert.unigram).run(unigram);
}

export function unindexRecord(db: WriteDb, index: FtsIndex, rowid: number): void {
  const sql = statementsFor(index);
  db.write(sql.remove.trigram).run({ rowid });
  db.write(sql.remove.unigram).run({ rowid });
}

export function reindexRecord<Column extends string>(
  db: WriteDb,
  index: FtsIndex<Column>,
  rowid: number,
  fields: Record<Column, string>,
): void {
  unindexRecord(db, index, rowid);
  indexRecord(db, index, rowid, fields);
}

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

/** Up to `limit` rowids whose indexed text may contain the query, newest first. */
export function candidateRowids(
  db: ReadDb,
  index: FtsIndex,
  foldedQuery: string,
  window: RowidWindow,
  limit: number,
  column?: string,
): number[] {
  const { flavour, match } = matchExpression(foldedQuery, column);
  return db
    .select<number>(statementsFor(index).candidates[flavour])
    .column<number>({ match, before: window.before, from: window.from, limit });
}

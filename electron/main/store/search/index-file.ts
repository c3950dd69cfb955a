// The search index's own file beside the cache (cache.sqlite → cache-search.sqlite): the FTS5
// tables, how far the indexer got in the cache's queue, and which cache file it belongs to. It
// holds nothing that is not derived from the cache, so a missing, foreign, older or unreadable
// index file is simply made again and rebuilt from the records.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { FTS_INDEXES } from './fts';

/** Bumped whenever the tables or the folding change: the file is then rebuilt. */
export const INDEX_FORMAT = 1;

const TRIGRAM = `content='', contentless_delete=1, tokenize="trigram case_sensitive 1"`;
// Every Unicode category but separators (Z*) is a token character, so each space-separated piece
// of a unigram document (one character, or the white-space barrier) is exactly one token.
const UNIGRAM = `content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 0 categories 'L* N* P* S* M* C*'"`;

const SCHEMA = [
  'CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY NOT NULL) STRICT',
  ...FTS_INDEXES.flatMap((index) => [
    `CREATE VIRTUAL TABLE ${index.name}_trigram USING fts5(${index.columns.join(', ')}, ${TRIGRAM})`,
    `CREATE VIRTUAL TABLE ${index.name}_unigram USING fts5(${index.columns.join(', ')}, ${UNIGRAM})`,
  ]),
  // Merge segments when 8 of a level exist rather than 4: faster indexing, at the price of a few
  // more segments per query (measured in docs/benchmarks.md).
  "INSERT INTO message_trigram (message_trigram, rank) VALUES ('automerge', 8)",
  "INSERT INTO message_unigram (message_unigram, rank) VALUES ('automerge', 8)",
];

export function searchFileFor(cacheFile: string): string {
  return cacheFile.replace(/(\.sqlite)?$/, '-search.sqlite');
}

function readMeta(db: Database.Database, key: string): unknown {
  try {
    return db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  } catch {
    return undefined;
  }
}

function removeFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Makes sure the index file exists, has this format and belongs to the cache whose pairing id is
 * `pairId` (or, with `fresh`, makes it again regardless). Returns true when it was (re)made empty:
 * the caller queues a rebuild of every index.
 */
export function prepareIndexFile(file: string, pairId: number, fresh = false): boolean {
  let db: Database.Database | undefined;
  try {
    if (!fresh) {
      db = new Database(file);
      const usable = readMeta(db, 'format') === INDEX_FORMAT && readMeta(db, 'pair') === pairId;
      if (usable) return false;
    }
  } catch {
    // Unreadable: made again below.
  } finally {
    db?.close();
  }
  removeFile(file);
  db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.transaction(() => {
      for (const statement of SCHEMA) db!.exec(statement);
      const meta = db!.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('format', INDEX_FORMAT);
      meta.run('pair', pairId);
      meta.run('done_seq', 0);
    })();
  } finally {
    db.close();
  }
  return true;
}

// Does the search index file hold exactly what the cache says it should? The FTS5 tables are
// contentless, so their text cannot be read back; instead the index is compared with one the
// product's own indexer builds from scratch out of a copy of the same cache. Both are read through
// fts5vocab 'instance' (term, document, column, offset for every token): a record missing, left
// over after a delete, indexed twice or with stale text shows up as a row on one side only, or as
// a different row count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FTS_INDEXES } from '../../electron/main/store/search/fts';
import { searchFileFor } from '../../electron/main/store/search/index-file';
import { openStore } from '../../electron/main/store/store';

export interface IndexComparison {
  /** Per FTS table: tokens in the index under test, tokens in the rebuilt one. */
  tokens: Record<string, { index: number; rebuilt: number }>;
  /** Human-readable differences; empty when the index equals the cache. */
  differences: string[];
}

/**
 * Brings the index of `cacheFile` up to date with the cache's queue (what the app does on its next
 * start), then compares it with a fresh rebuild. No other process may have the cache open.
 */
export async function compareSearchIndexWithCache(cacheFile: string): Promise<IndexComparison> {
  const live = openStore({ file: cacheFile });
  try {
    await live.searchIndexed();
  } finally {
    live.close();
  }

  const scratch = mkdtempSync(join(tmpdir(), 'wp-index-rebuild-'));
  try {
    const copy = join(scratch, 'cache.sqlite');
    // The backup API copies pages, so every rowid (the index's document id) stays what it was.
    const source = new Database(cacheFile, { readonly: true, fileMustExist: true });
    try {
      await source.backup(copy);
    } finally {
      source.close();
    }
    // No index file beside the copy: the store makes one and rebuilds every index from the records.
    const rebuilt = openStore({ file: copy });
    try {
      await rebuilt.searchIndexed();
    } finally {
      rebuilt.close();
    }

    const db = new Database(searchFileFor(copy), { readonly: true, fileMustExist: true });
    try {
      db.prepare('ATTACH DATABASE ? AS tested').run(searchFileFor(cacheFile));
      const tokens: IndexComparison['tokens'] = {};
      const differences: string[] = [];
      for (const index of FTS_INDEXES) {
        for (const flavour of ['trigram', 'unigram']) {
          const table = `${index.name}_${flavour}`;
          db.exec(`CREATE VIRTUAL TABLE temp.rebuilt_${table} USING fts5vocab(main, '${table}', 'instance')`);
          db.exec(`CREATE VIRTUAL TABLE temp.tested_${table} USING fts5vocab(tested, '${table}', 'instance')`);
          const count = (side: string) => db.prepare(`SELECT count(*) FROM temp.${side}_${table}`).pluck().get() as number;
          tokens[table] = { index: count('tested'), rebuilt: count('rebuilt') };
          const onlyIn = (a: string, b: string) =>
            db
              .prepare(`SELECT term, doc, col, offset FROM temp.${a}_${table} EXCEPT SELECT term, doc, col, offset FROM temp.${b}_${table} LIMIT 5`)
              .all() as { term: string; doc: number; col: string; offset: number }[];
          for (const row of onlyIn('tested', 'rebuilt')) differences.push(`${table}: the index has "${row.term}" in record ${row.doc} (${row.col} @${row.offset}), the cache does not`);
          for (const row of onlyIn('rebuilt', 'tested')) differences.push(`${table}: the cache has "${row.term}" in record ${row.doc} (${row.col} @${row.offset}), the index does not`);
          if (tokens[table].index !== tokens[table].rebuilt) differences.push(`${table}: ${tokens[table].index} tokens in the index, ${tokens[table].rebuilt} from the cache`);
        }
      }
      return { tokens, differences };
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// The full-text indexes move out of the cache into their own file, written by a worker thread
// (search/index-file.ts, search/indexer.ts). What stays here is the queue that hands records to
// it: a row per page of new or changed records, written in the same transaction as the records.
// The new index file starts empty and is rebuilt from the cache on first open.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 3,
  name: 'search-file',
  up(db) {
    db.exec(`
CREATE TABLE search_queue (
  -- AUTOINCREMENT: a sequence number is never used twice, even after the rows before it are gone,
  -- so "indexed up to seq N" in the index file stays true.
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  index_name TEXT NOT NULL CHECK (index_name IN ('message', 'contact', 'call', 'sms')),
  op TEXT NOT NULL CHECK (op IN ('add', 'refresh', 'rebuild')),
  -- JSON array of record ids; empty for a rebuild
  ids TEXT NOT NULL
) STRICT;

DROP TABLE message_trigram;
DROP TABLE message_unigram;
DROP TABLE contact_trigram;
DROP TABLE contact_unigram;
DROP TABLE call_trigram;
DROP TABLE call_unigram;
DROP TABLE sms_trigram;
DROP TABLE sms_unigram;
`);
  },
};

// Offline search: a trigram and a unigram FTS5 index per searchable record type, contentless,
// holding folded text (search/normalize.ts), and filled here from whatever the cache already holds
// so records synced before this step are found too. (0003 moved these tables to their own file;
// this step keeps its own copy of how it filled them, so it does what it always did.)
import type { WriteDb } from '../db';
import { BARRIER, foldForSearch, unigramDocument } from '../search/normalize';
import type { Migration } from './migration';

function fieldText(value: string | readonly string[] | null): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : value.join(BARRIER);
}

function indexRecord(db: WriteDb, index: string, rowid: number, fields: Record<string, string>): void {
  const columns = Object.keys(fields);
  const values = columns.map((column) => `@${column}`).join(', ');
  const trigram: Record<string, string | number> = { rowid };
  const unigram: Record<string, string | number> = { rowid };
  for (const column of columns) {
    trigram[column] = foldForSearch(fields[column]!);
    unigram[column] = unigramDocument(trigram[column] as string);
  }
  db.write(`INSERT INTO ${index}_trigram (rowid, ${columns.join(', ')}) VALUES (@rowid, ${values})`).run(trigram);
  db.write(`INSERT INTO ${index}_unigram (rowid, ${columns.join(', ')}) VALUES (@rowid, ${values})`).run(unigram);
}

const TRIGRAM = `content='', contentless_delete=1, tokenize="trigram case_sensitive 1"`;
// Every Unicode category but separators (Z*) is a token character, so each space-separated piece
// of a unigram document (one character, or the white-space barrier) is exactly one token.
const UNIGRAM = `content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 0 categories 'L* N* P* S* M* C*'"`;

export const migration: Migration = {
  version: 2,
  name: 'offline-search',
  up(db) {
    db.exec(`
CREATE VIRTUAL TABLE message_trigram USING fts5(text, ${TRIGRAM});
CREATE VIRTUAL TABLE message_unigram USING fts5(text, ${UNIGRAM});
CREATE VIRTUAL TABLE contact_trigram USING fts5(name, remark, wx_no, phones, ${TRIGRAM});
CREATE VIRTUAL TABLE contact_unigram USING fts5(name, remark, wx_no, phones, ${UNIGRAM});
CREATE VIRTUAL TABLE call_trigram USING fts5(name, phone, ${TRIGRAM});
CREATE VIRTUAL TABLE call_unigram USING fts5(name, phone, ${UNIGRAM});
CREATE VIRTUAL TABLE sms_trigram USING fts5(name, phone, ${TRIGRAM});
CREATE VIRTUAL TABLE sms_unigram USING fts5(name, phone, ${UNIGRAM});
-- Merge segments when 8 of a level exist rather than 4: about 8% faster backfill, at the price
-- of a few more segments per query (measured in docs/benchmarks.md).
INSERT INTO message_trigram (message_trigram, rank) VALUES ('automerge', 8);
INSERT INTO message_unigram (message_unigram, rank) VALUES ('automerge', 8);
`);
    for (const row of db.select<{ id: number; text: string }>('SELECT id, text FROM messages').all()) {
      indexRecord(db, 'message', row.id, { text: row.text });
    }
    const contacts = db.select<{ id: number; name: string; remark: string | null; wx_no: string | null; phones: string }>(
      'SELECT id, name, remark, wx_no, phones FROM contacts',
    );
    for (const row of contacts.all()) {
      indexRecord(db, 'contact', row.id, {
        name: row.name,
        remark: fieldText(row.remark),
        wx_no: fieldText(row.wx_no),
        phones: fieldText(JSON.parse(row.phones) as string[]),
      });
    }
    type PartyRow = { id: number; contact_name: string | null; contact_phone: string };
    for (const row of db.select<PartyRow>('SELECT id, contact_name, contact_phone FROM calls').all()) {
      indexRecord(db, 'call', row.id, { name: fieldText(row.contact_name), phone: row.contact_phone });
    }
    for (const row of db.select<PartyRow>('SELECT id, contact_name, contact_phone FROM sms').all()) {
      indexRecord(db, 'sms', row.id, { name: fieldText(row.contact_name), phone: row.contact_phone });
    }
  },
};

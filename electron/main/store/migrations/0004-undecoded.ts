// What the vendor decoders could not fully read (docs/store.md, "Undecoded"): one row per record
// or per answer, counted in the health panel and walked again when a better decoder arrives.
// Messages, calls and SMS keep their raw payload in their own table (found through the vendor id),
// so their rows carry no sample; everything else keeps the payload here, secrets scrubbed, capped.
// A cache that already holds messages was written by versions that noted nothing: its messages of
// kind `unknown` are found by one background scan (sync/redecode.ts) from the position left here.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 4,
  name: 'undecoded',
  up(db) {
    db.exec(`
CREATE TABLE undecoded (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- message, call, sms, contact, wechatAccount, group, groupMember, session, agent, or answer
  record_type TEXT NOT NULL,
  -- the record's vendor id (a fingerprint for a row that is no record); endpoint:kind for an answer
  record_key TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('unknownType', 'partlyRead', 'unreadableRow', 'unreadableAnswer')),
  -- vendorType, reason, fields [{field, type}], httpStatus
  detail TEXT NOT NULL CHECK (json_valid(detail)),
  sample TEXT,
  -- the vendor decoder version that saw it
  decoder INTEGER NOT NULL,
  seen INTEGER NOT NULL DEFAULT 1,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  UNIQUE (account_id, record_type, record_key)
) STRICT;
CREATE INDEX undecoded_by_group ON undecoded (account_id, endpoint, record_type, kind, last_seen_at);

INSERT INTO store_meta (key, value)
  SELECT 'undecoded.legacy_scan_after', -9007199254740991 WHERE EXISTS (SELECT 1 FROM messages);
`);
  },
};

// The cache's tables. Accounts hold labels, base URLs and non-secret settings only: tokens and
// client secrets live in the OS keychain. Messages, calls and SMS have time-ordered ids (see
// time-key.ts), so they carry no AUTOINCREMENT. Every vendor record is unique per account and
// vendor id, which makes re-applying a page a no-op.
import type { Migration } from './migration';

export const migration: Migration = {
  version: 1,
  name: 'core-tables',
  up(db) {
    db.exec(`
CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value ANY NOT NULL
) STRICT;

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  vendor TEXT NOT NULL CHECK (vendor IN ('moor', 'youmi', 'zhuge')),
  label TEXT NOT NULL,
  base_url TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  vendor_contact_id TEXT NOT NULL,
  name TEXT NOT NULL,
  remark TEXT,
  wx_no TEXT,
  phones TEXT NOT NULL DEFAULT '[]',
  avatar_url TEXT,
  owner_wx_no TEXT,
  created_at INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (account_id, vendor_contact_id)
) STRICT;

CREATE TABLE contact_phones (
  phone_key TEXT NOT NULL,
  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  PRIMARY KEY (phone_key, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_phones_by_contact ON contact_phones (contact_id);

CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  vendor_key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
  title TEXT NOT NULL DEFAULT '',
  avatar_url TEXT,
  unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
  read_only_reason TEXT,
  capabilities TEXT NOT NULL DEFAULT '[]',
  contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
  phones TEXT NOT NULL DEFAULT '[]',
  last_message_id INTEGER,
  last_message_at INTEGER,
  last_message_preview TEXT,
  -- last_message_at, or 0 before the first message: the inbox order, never NULL so keysets work
  activity_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, vendor_key)
) STRICT;
CREATE INDEX conversations_by_activity ON conversations (activity_at, id);
CREATE INDEX conversations_by_account_activity ON conversations (account_id, activity_at, id);
CREATE INDEX conversations_unread_by_activity ON conversations (activity_at, id) WHERE unread_count > 0;
CREATE INDEX conversations_by_contact ON conversations (contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE conversation_phones (
  phone_key TEXT NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  PRIMARY KEY (phone_key, conversation_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_phones_by_conversation ON conversation_phones (conversation_id);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  vendor_msg_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  sent_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'pending', 'sent', 'failed')),
  sender_id TEXT,
  sender_name TEXT,
  failure_reason TEXT,
  raw TEXT NOT NULL,
  UNIQUE (account_id, vendor_msg_id)
) STRICT;
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);

CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  vendor_id TEXT NOT NULL,
  device_id TEXT,
  imei TEXT,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  connected INTEGER NOT NULL CHECK (connected IN (0, 1)),
  local_phone TEXT NOT NULL,
  agent_id TEXT,
  agent_name TEXT,
  contact_phone TEXT NOT NULL,
  contact_phone_key TEXT NOT NULL,
  contact_name TEXT,
  began_at INTEGER,
  ended_at INTEGER,
  -- the time the id was made from: began, else ended, as first seen
  at INTEGER NOT NULL,
  duration_sec REAL NOT NULL,
  recording_state TEXT NOT NULL,
  recording_url TEXT,
  raw TEXT NOT NULL,
  UNIQUE (account_id, vendor_id)
) STRICT;
CREATE INDEX calls_by_phone ON calls (contact_phone_key, id);
CREATE INDEX calls_by_agent ON calls (agent_id, id) WHERE agent_id IS NOT NULL;

CREATE TABLE sms (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  vendor_id TEXT NOT NULL,
  device_id TEXT,
  imei TEXT,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  local_phone TEXT NOT NULL,
  agent_id TEXT,
  agent_name TEXT,
  contact_phone TEXT NOT NULL,
  contact_phone_key TEXT NOT NULL,
  contact_name TEXT,
  sent_at INTEGER,
  -- the time the id was made from, as first seen
  at INTEGER NOT NULL,
  raw TEXT NOT NULL,
  UNIQUE (account_id, vendor_id)
) STRICT;
CREATE INDEX sms_by_phone ON sms (contact_phone_key, id);
CREATE INDEX sms_by_agent ON sms (agent_id, id) WHERE agent_id IS NOT NULL;

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  vendor_id TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  phone_key TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL,
  UNIQUE (account_id, vendor_id)
) STRICT;
CREATE INDEX customers_by_phone ON customers (phone_key);

CREATE TABLE customer_fields (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (account_id, key)
) STRICT;

CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  vendor_id TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT,
  updated_at INTEGER NOT NULL,
  UNIQUE (account_id, vendor_id)
) STRICT;

-- WeChat accounts, groups and members are shown, not queried by field: the record is kept whole.
CREATE TABLE wechat_accounts (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  vendor_id TEXT NOT NULL,
  record TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (account_id, vendor_id)
) STRICT;

CREATE TABLE wechat_groups (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  vendor_id TEXT NOT NULL,
  record TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (account_id, vendor_id)
) STRICT;

CREATE TABLE wechat_group_members (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  group_vendor_id TEXT NOT NULL,
  vendor_id TEXT NOT NULL,
  record TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (account_id, group_vendor_id, vendor_id)
) STRICT;

CREATE TABLE dial_attempts (
  id INTEGER PRIMARY KEY,
  account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  phone TEXT NOT NULL,
  user_phone TEXT NOT NULL,
  at INTEGER NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('ok', 'failed')),
  error_code TEXT,
  error_message TEXT
) STRICT;
CREATE INDEX dial_attempts_by_time ON dial_attempts (at, id);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  vendor_task_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_by_conversation ON outbox (conversation_id, id);

CREATE TABLE drafts (
  conversation_id INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE quick_replies (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'image', 'video', 'file', 'link')),
  title TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  media TEXT CHECK (media IS NULL OR json_valid(media)),
  position INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX quick_replies_by_position ON quick_replies (position, id);

CREATE TABLE sync_cursors (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  stream TEXT NOT NULL,
  cursor TEXT NOT NULL CHECK (json_valid(cursor)),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, stream)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL
) STRICT;
`);
  },
};

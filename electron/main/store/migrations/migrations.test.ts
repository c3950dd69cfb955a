import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@shared/errors';
import { openConnections, type Connections } from '../db';
import { searchFileFor } from '../search/index-file';
import { openStore } from '../store';
import { addAccount } from '../test-kit';
import { LATEST_VERSION, migrate, MIGRATIONS, schemaVersion } from './index';
import type { Migration } from './migration';

let dir: string;
const opened: Connections[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workphone-migrations-'));
});
afterEach(() => {
  opened.splice(0).forEach((c) => c.close());
  rmSync(dir, { recursive: true, force: true });
});

function openAt(file: string, target: number, migrations?: readonly Migration[]): Connections {
  const connections = openConnections(file, (db) => migrate(db, target, migrations));
  opened.push(connections);
  return connections;
}

let files = 0;
const fresh = () => join(dir, `cache-${++files}.sqlite`);

const tables = (connections: Connections) =>
  connections.read.select<string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").column<string>();

describe('migrations', () => {
  it('are files named NNNN-kebab-name.ts whose numbers are their versions, listed in order', () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => /^\d{4}-/.test(f)).sort();
    expect(files.length).toBe(MIGRATIONS.length);
    files.forEach((file, i) => {
      expect(file).toMatch(/^\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.ts$/);
      expect(Number(file.slice(0, 4))).toBe(i + 1);
      expect(MIGRATIONS[i]).toMatchObject({ version: i + 1, name: file.slice(5, -3) });
    });
  });

  it('bring a new file to the latest version in one go', () => {
    const connections = openAt(fresh(), LATEST_VERSION);
    expect(schemaVersion(connections.write)).toBe(LATEST_VERSION);
    expect(tables(connections)).toEqual(
      expect.arrayContaining(['accounts', 'contacts', 'conversations', 'messages', 'calls', 'sms', 'customers', 'customer_fields', 'agents', 'dial_attempts', 'outbox', 'drafts', 'quick_replies', 'sync_cursors', 'settings', 'search_queue']),
    );
    expect(tables(connections)).not.toContain('message_trigram');
  });

  it('0001 creates the core tables with their keys: unique vendor ids, foreign keys, checks', () => {
    const { write } = openAt(fresh(), 1);
    expect(schemaVersion(write)).toBe(1);
    expect(write.select("SELECT name FROM sqlite_schema WHERE name = 'message_trigram'").all()).toEqual([]);
    write.write("INSERT INTO accounts (id, vendor, label, base_url, created_at, updated_at) VALUES ('a', 'youmi', 'A', 'http://x', 0, 0)").run();
    write.write("INSERT INTO conversations (id, account_id, vendor_key, kind, created_at) VALUES (1, 'a', 'fan', 'direct', 0)").run();
    const message = (id: number, conversation: number, vendorId: string) =>
      write
        .write(
          `INSERT INTO messages (id, account_id, conversation_id, vendor_msg_id, direction, sent_at, kind, text, body, status, raw)
           VALUES (@id, 'a', @conversation, @vendorId, 'in', 0, 'text', 'hi', '{}', 'received', '{}')`,
        )
        .run({ id, conversation, vendorId });
    message(1, 1, 'v1');
    expect(() => message(2, 1, 'v1')).toThrow(/UNIQUE/);
    expect(() => message(3, 99, 'v3')).toThrow(/FOREIGN KEY/);
    expect(() => write.write("INSERT INTO accounts (id, vendor, label, base_url, created_at, updated_at) VALUES ('b', 'wechat', 'B', 'x', 0, 0)").run()).toThrow(/CHECK/);
  });

  it('0002 adds the search indexes and fills them; 0003 moves them to the index file, rebuilt from the records', async () => {
    const file = fresh();
    const { write } = openAt(file, 1);
    write.write("INSERT INTO accounts (id, vendor, label, base_url, created_at, updated_at) VALUES ('a', 'youmi', 'A', 'http://x', 0, 0)").run();
    write.write("INSERT INTO conversations (id, account_id, vendor_key, kind, created_at) VALUES (1, 'a', 'fan', 'direct', 0)").run();
    write.write(
      `INSERT INTO messages (id, account_id, conversation_id, vendor_msg_id, direction, sent_at, kind, text, body, status, raw)
       VALUES (4096, 'a', 1, 'v1', 'in', 0, 'text', '明天下单 iPhone', '{}', 'received', '{}')`,
    ).run();
    write.write("INSERT INTO contacts (account_id, vendor_contact_id, name, phones, updated_at) VALUES ('a', 'c', '周老板', '[\"13512345678\"]', 0)").run();
    write.write(
      `INSERT INTO calls (id, account_id, vendor_id, direction, connected, local_phone, contact_phone, contact_phone_key, contact_name, at,
         duration_sec, recording_state, raw)
       VALUES (8192, 'a', 'call', 'in', 1, '1', '13700001111', '13700001111', '吴先生', 0, 3, 'none', '{}')`,
    ).run();
    opened.pop()!.close();
    const at2 = openAt(file, 2);
    expect(
      at2.write.select<number>(`SELECT rowid FROM message_trigram WHERE message_trigram MATCH '"下单 i"'`).column<number>(),
    ).toEqual([4096]);
    opened.pop()!.close();
    const store = openStore({ file });
    const expectFound = () => {
      expect(store.search.messages('下单').items.map((h) => h.messageId)).toEqual([4096]);
      expect(store.search.messages('IPHONE').items.map((h) => h.messageId)).toEqual([4096]);
      expect(store.search.contacts('老板').items.map((h) => h.contact.name)).toEqual(['周老板']);
      expect(store.search.contacts('3512').items.map((h) => h.contact.name)).toEqual(['周老板']);
      expect(store.search.calls('0000111').items.map((h) => h.call.contactName)).toEqual(['吴先生']);
      expect(store.search.messages('下午').items).toEqual([]);
    };
    try {
      // Found while the index file is being rebuilt (every record is a candidate) and after.
      expectFound();
      await store.searchIndexed();
      expectFound();
      const index = new Database(searchFileFor(file), { readonly: true });
      expect(index.prepare(`SELECT rowid FROM message_trigram WHERE message_trigram MATCH '"下单 i"'`).pluck().all()).toEqual([4096]);
      index.close();
    } finally {
      store.close();
    }
  });

  it('0004 adds the undecoded table; a cache that holds messages is marked for one scan of its unknown ones, an empty one is not', () => {
    const withMessages = fresh();
    const { write } = openAt(withMessages, 3);
    write.write("INSERT INTO accounts (id, vendor, label, base_url, created_at, updated_at) VALUES ('a', 'moor', 'A', 'http://x', 0, 0)").run();
    write.write("INSERT INTO conversations (id, account_id, vendor_key, kind, created_at) VALUES (1, 'a', 'chat', 'direct', 0)").run();
    write.write(
      `INSERT INTO messages (id, account_id, conversation_id, vendor_msg_id, direction, sent_at, kind, text, body, status, raw)
       VALUES (-4096, 'a', 1, 'm1', 'in', 0, 'unknown', '[暂不支持的消息]', '{"reason":"?"}', 'received', '{"msgType":"999"}')`,
    ).run();
    opened.pop()!.close();
    const at4 = openAt(withMessages, 4);
    expect(tables(at4)).toContain('undecoded');
    const scanFrom = () => at4.read.select<number>("SELECT value FROM store_meta WHERE key = 'undecoded.legacy_scan_after'").column<number>();
    expect(scanFrom()).toEqual([-Number.MAX_SAFE_INTEGER]);
    const note = (key: string) =>
      at4.write
        .write(
          `INSERT INTO undecoded (account_id, record_type, record_key, endpoint, kind, detail, decoder, first_seen_at, last_seen_at)
           VALUES ('a', 'message', @key, 'moor.wechat.getWeMessageByPage', 'unknownType', '{"vendorType":"999"}', 1, 0, 0)`,
        )
        .run({ key });
    note('m1');
    expect(() => note('m1')).toThrow(/UNIQUE/);
    expect(() =>
      at4.write.write("INSERT INTO undecoded (account_id, record_type, record_key, endpoint, kind, detail, decoder, first_seen_at, last_seen_at) VALUES ('a', 'message', 'm2', 'e', 'weird', '{}', 1, 0, 0)").run(),
    ).toThrow(/CHECK/);
    at4.write.write("DELETE FROM accounts WHERE id = 'a'").run();
    expect(at4.read.select<number>('SELECT count(*) FROM undecoded').column<number>()).toEqual([0]);

    const empty = openAt(fresh(), 4);
    expect(empty.read.select("SELECT value FROM store_meta WHERE key = 'undecoded.legacy_scan_after'").all()).toEqual([]);
  });

  it('refuse a database written by a newer version, with a clear message, and leave it untouched', () => {
    const file = fresh();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const error = (() => {
      try {
        openStore({ file });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'STORAGE', messageZh: expect.stringContaining('更新版本'), message: expect.stringContaining('newer version') });
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    after.close();
  });

  it('run in one transaction: a failing step leaves the file at its old version with none of the new tables', () => {
    const file = fresh();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (db) => db.exec('CREATE TABLE half_done (a INTEGER); SELECT no_such_column FROM accounts'),
    };
    expect(() => openAt(file, 2, [MIGRATIONS[0]!, broken])).toThrow();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()).toEqual({ n: 0 });
    raw.close();
  });

  it('step from each version to the next on a store that holds data', () => {
    const file = fresh();
    for (let version = 1; version <= LATEST_VERSION; version++) {
      const connections = openAt(file, version);
      expect(schemaVersion(connections.write)).toBe(version);
      opened.pop()!.close();
    }
    const store = openStore({ file });
    addAccount(store);
    expect(store.accounts.list()).toHaveLength(1);
    store.close();
  });
});

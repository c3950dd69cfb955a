// After an update: a cache written with rows an older decoder could not read, opened by this
// version, has them decoded again from their raw payloads, on a real SQLite file, with the search
// index worker running: searchable, previews and unread counts right, the health counts drop; a
// second start changes nothing; a process killed halfway resumes and ends the same.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract } from '../../shared/ipc/contract';
import type { Message } from '../../shared/model';
import { createEventBus } from '../../electron/main/ipc/event-bus';
import { silentLogger } from '../../electron/main/log/logger';
import { openStore, type Store } from '../../electron/main/store';
import { decoderVersionKey, LEGACY_SCAN_KEY, RedecodeJob, type RedecodeOptions } from '../../electron/main/sync/redecode';
import { DECODER_VERSIONS } from '../../electron/main/sync/redecoders';
import { ManualClock } from '../../electron/main/vendors/http/manual-clock';
import { extraText, OLD_ROWS, SENT_AT, writeOldDecoderCache } from '../helpers/old-decoder-cache';

const here = dirname(fileURLToPath(import.meta.url));
const jitiCli = join(dirname(createRequire(import.meta.url).resolve('jiti/package.json')), 'lib/jiti-cli.mjs');

let dir: string;
let file: string;
const stores: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workphone-redecode-'));
  file = join(dir, 'cache.sqlite');
});
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  rmSync(dir, { recursive: true, force: true });
});

function open(): Store {
  const store = openStore({ file, now: () => SENT_AT + 3_600_000 });
  stores.push(store);
  return store;
}

function job(store: Store, options: RedecodeOptions = {}) {
  const bus = createEventBus(contract);
  const changed: Message[] = [];
  const progress: boolean[] = [];
  let unreadEvents = 0;
  bus.on('inbox.onDidChangeMessages', ({ messages }) => changed.push(...messages));
  bus.on('inbox.onDidChangeUnread', () => unreadEvents++);
  bus.on('health.onDidProgressRedecode', (s) => progress.push(s.running));
  const run = new RedecodeJob({ store, bus, clock: new ManualClock(SENT_AT), logger: silentLogger }, { pauseMs: 0, ...options });
  return { run, changed, progress, unreadEvents: () => unreadEvents };
}

function messageOf(store: Store, accountId: string, vendorMsgId: string) {
  const conversation = store.conversations.page({ accountId }, { limit: 200 }).items;
  for (const c of conversation) {
    const found = store.messages.page(c.id, { limit: 200 }).items.find((m) => m.vendorMsgId === vendorMsgId);
    if (found) return { message: found, conversation: store.conversations.get(c.id)! };
  }
  throw new Error(`no message ${vendorMsgId}`);
}

const undecodedCount = (store: Store, accountId: string) => store.undecoded.summary(accountId).reduce((n, g) => n + g.records, 0);

/** The last sequence number the search queue handed out: unchanged when nothing was queued for indexing. */
function searchQueueSeq(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'").pluck().get() as number | undefined) ?? 0;
  } finally {
    db.close();
  }
}

async function expectDecoded(store: Store) {
  for (const row of OLD_ROWS) {
    const { message } = messageOf(store, row.accountId, row.vendorMsgId);
    expect(message, row.vendorMsgId).toMatchObject({ kind: row.expectKind, text: row.expectText, direction: row.expectDirection, raw: JSON.stringify(row.raw), sentAt: expect.any(Number) });
  }
  await store.searchIndexed();
  expect(store.search.messages('下单 iPhone').items.map((h) => h.messageId)).toEqual([messageOf(store, 'moor-1', 'm-101').message.id]);
  expect(store.search.messages('优惠券').items).toHaveLength(1);
  expect(store.search.messages('顾问小王').items).toHaveLength(1);
}

describe('decoding stored records again after an update', () => {
  it('a cache from before anything was noted: its unknown messages are found, decoded, searchable, and what is still unknown is counted', async () => {
    writeOldDecoderCache(file, { schema: 3 });
    const store = open();
    expect(store.redecode.meta(LEGACY_SCAN_KEY)).toBeDefined();
    expect(undecodedCount(store, 'moor-1')).toBe(0);
    const { run, changed, progress, unreadEvents } = job(store);
    await run.start();

    await expectDecoded(store);
    // m-999 stays unknown, but this decoder reads its sender, which the old one did not.
    expect(changed.map((m) => m.vendorMsgId).sort()).toEqual(['501', 'm-101', 'm-999', 'zg-old-1']);
    expect(progress.at(0)).toBe(true);
    expect(progress.at(-1)).toBe(false);
    // Looked at: the four messages, then the one note left, once by each vendor's walk.
    expect(run.status()).toMatchObject({ running: false, redecoded: 4, done: OLD_ROWS.length + 3 });

    // Previews follow the last message; the unread counts stand, except for the one that was ours.
    expect(messageOf(store, 'youmi-1', '501').conversation).toMatchObject({ lastMessagePreview: '想问下优惠券怎么用', unreadCount: 1 });
    expect(messageOf(store, 'moor-1', 'm-101').conversation).toMatchObject({ lastMessagePreview: '明天下单 iPhone', unreadCount: 2 });
    expect(messageOf(store, 'zhuge-1', 'zg-old-1').conversation).toMatchObject({ lastMessagePreview: '您好，我是顾问小王', unreadCount: 0 });
    expect(unreadEvents()).toBe(1);
    expect(store.conversations.unreadTotals()).toEqual({ total: 3, byAccount: { 'moor-1': 2, 'youmi-1': 1 } });

    // The one this version cannot read either is now counted, under the endpoint 7moor messages come from.
    expect(store.undecoded.summary('moor-1')).toMatchObject([{ endpoint: 'moor.wechat.getWeMessageByPage', recordType: 'message', kind: 'unknownType', records: 1, vendorTypes: ['999'] }]);
    expect(undecodedCount(store, 'youmi-1') + undecodedCount(store, 'zhuge-1')).toBe(0);
    expect(store.redecode.meta(LEGACY_SCAN_KEY)).toBeUndefined();
    for (const vendor of ['moor', 'youmi', 'zhuge'] as const) expect(store.redecode.meta(decoderVersionKey(vendor))).toBe(DECODER_VERSIONS[vendor]);
  });

  it('a cache noted by an older decoder: its notes are walked, decoded records leave the count, notes of unkept records are dropped', async () => {
    writeOldDecoderCache(file, { schema: 4 });
    const store = open();
    store.undecoded.record('moor-1', [{ endpoint: 'moor.wechat.getWeContactByPage', kind: 'partlyRead', recordType: 'contact', recordKey: 'k-old', detail: { fields: [{ field: 'nick', type: 'object' }] }, sample: '{}', decoder: 0 }]);
    store.undecoded.record('moor-1', [{ endpoint: 'moor.wechat.getWeContactByPage', kind: 'partlyRead', recordType: 'contact', recordKey: 'k-new', detail: {}, sample: '{}', decoder: DECODER_VERSIONS.moor }]);
    // A call the old decoder could not read the duration of ("35" as text, say): stored with 0 s.
    const callRaw = { _id: 'c-old', callType: 'out', connectType: 'connected', localTel: '13300000000', contactTel: '13812345678', contactName: '王小明', beginTime: '2026-01-15 12:00:00', endTime: '2026-01-15 12:00:35', duration: '35' };
    store.applyCallPage({
      accountId: 'moor-1',
      items: [
        {
          vendorId: 'c-old',
          direction: 'out',
          connected: true,
          localPhone: '13300000000',
          contactPhone: '13812345678',
          contactName: '王小明',
          beganAt: SENT_AT,
          durationSec: 0,
          recordingState: 'none',
          raw: JSON.stringify(callRaw),
          gaps: { endpoint: 'moor.device.call', decoder: 0, unread: [{ field: 'duration', type: 'string' }] },
        },
      ],
    });
    expect(undecodedCount(store, 'moor-1')).toBe(5);
    const { run } = job(store, { batchSize: 1, scanSize: 2 });
    await run.start();
    expect(store.calls.page().items[0]).toMatchObject({ vendorId: 'c-old', durationSec: 35, endedAt: SENT_AT + 35_000, raw: JSON.stringify(callRaw) });

    await expectDecoded(store);
    expect(store.undecoded.summary('moor-1').map((g) => [g.endpoint, g.recordType, g.records])).toEqual([
      ['moor.wechat.getWeContactByPage', 'contact', 1],
      ['old.endpoint', 'message', 1],
    ]);
    expect(undecodedCount(store, 'zhuge-1')).toBe(0);
  });

  it('is idempotent: another start finds nothing to do, and walking again with the same decoders changes nothing', async () => {
    writeOldDecoderCache(file, { schema: 3 });
    const store = open();
    await job(store).run.start();
    await store.searchIndexed();
    const before = JSON.stringify(OLD_ROWS.map((r) => messageOf(store, r.accountId, r.vendorMsgId)));
    const queued = searchQueueSeq(file);

    const again = job(store);
    await again.run.start();
    expect(again.progress).toEqual([]);
    expect(again.run.status().running).toBe(false);

    // Pretend a later build with a newer version number but the same decoders: nothing changes.
    const later = job(store, { versions: { moor: DECODER_VERSIONS.moor + 1, youmi: DECODER_VERSIONS.youmi + 1, zhuge: DECODER_VERSIONS.zhuge + 1 } });
    await later.run.start();
    expect(later.changed).toEqual([]);
    // Each vendor's walk looked at the one note left (m-999) and wrote nothing.
    expect(later.run.status()).toMatchObject({ redecoded: 0, done: 3 });
    expect(JSON.stringify(OLD_ROWS.map((r) => messageOf(store, r.accountId, r.vendorMsgId)))).toBe(before);
    expect(undecodedCount(store, 'moor-1')).toBe(1);
    await store.searchIndexed();
    expect(store.search.messages('下单 iPhone').items).toHaveLength(1);
    expect(searchQueueSeq(file)).toBe(queued);
  });

  it('resumes after the process is killed halfway and ends the same, every record decoded once', async () => {
    const extra = 120;
    writeOldDecoderCache(file, { schema: 3, extra });
    const killedAt = await runChildUntilKilled(file, 3);
    expect(killedAt).toBeGreaterThanOrEqual(3);

    const store = open();
    const after = store.redecode.meta(LEGACY_SCAN_KEY);
    expect(after).toBeDefined();
    expect(after).toBeGreaterThan(-Number.MAX_SAFE_INTEGER);
    const { run } = job(store, { batchSize: 10, scanSize: 25 });
    await run.start();
    expect(run.status().redecoded).toBeLessThan(OLD_ROWS.length + extra);

    await expectDecoded(store);
    for (const n of [1, 60, extra]) {
      const hits = store.search.messages(extraText(n)).items;
      expect(hits, extraText(n)).toHaveLength(1);
    }
    const moorTexts = store.conversations
      .page({ accountId: 'moor-1' }, { limit: 200 })
      .items.flatMap((c) => store.messages.page(c.id, { limit: 200 }).items)
      .filter((m) => m.kind === 'text');
    expect(moorTexts).toHaveLength(1 + extra);
    expect(undecodedCount(store, 'moor-1')).toBe(1);
    expect(store.redecode.meta(LEGACY_SCAN_KEY)).toBeUndefined();
  });
});

/** Runs the walk in a child process with small pages and kills it (SIGKILL) after `pages` pages committed. */
function runChildUntilKilled(path: string, pages: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [jitiCli, join(here, '../helpers/redecode-child.ts'), path], {
      env: { ...process.env, JITI_ALIAS: JSON.stringify({ '@shared': join(here, '../../shared') }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = 0;
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += (chunk.toString().match(/^page$/gm) ?? []).length;
      if (seen >= pages) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`child ended (${code}) before it was killed: ${err}`))));
  });
}

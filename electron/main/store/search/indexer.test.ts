// The search index file and its worker thread: the worker folds exactly as the main thread does,
// searches are right before the worker catches up, and a lost, foreign or damaged index file is
// rebuilt from the cache.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { addAccount, callRecord, T0, tempStore, textMessage, type TempStore } from '../test-kit';
import { searchFileFor } from './index-file';
import type { IndexerEvent } from './indexer';
import { INDEXER_WORKER_SOURCE } from './indexer-worker';
import { BARRIER, foldForSearch, foldTableCopy, unigramDocument } from './normalize';

let temp: TempStore | undefined;
afterEach(() => {
  temp?.dispose();
  temp = undefined;
});

const indexed = (file: string, table: string, match: string): number[] => {
  const db = new Database(searchFileFor(file), { readonly: true });
  try {
    return db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC`).pluck().all(match) as number[];
  } finally {
    db.close();
  }
};
const queued = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM search_queue').pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('the indexer worker', () => {
  it('folds and splits text exactly as the main thread does', async () => {
    const texts = [
      'ＩＰＨＯＮＥ１５ 全角下单',
      'Café au lait 和 naïve',
      '换行\n之后\t制表符\u3000全角空格',
      '表情😀😀结尾👍 and 𠀀 astral',
      '私用区\uE000字符\u0000空字符\uE0FF',
      'ǅ Dž İstanbul ẞtraße ﾊﾝｶｸ',
      '',
      ...Array.from({ length: 200 }, (_, i) => String.fromCharCode(...Array.from({ length: 40 }, (_, j) => (i * 331 + j * 977) % 0xffff))),
    ];
    const worker = new Worker(INDEXER_WORKER_SOURCE, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), foldTable: foldTableCopy(), barrier: BARRIER, selfTest: texts },
    });
    const answer = await new Promise<{ results: Array<[string, string]> }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(answer.results).toEqual(texts.map((text) => [foldForSearch(text), unigramDocument(foldForSearch(text))]));
  });

  it('indexes what is stored, then drops the queue rows it finished', async () => {
    temp = tempStore();
    addAccount(temp.store);
    temp.store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m1', '明天下单 iPhone')] });
    await temp.store.searchIndexed();
    const [id] = temp.store.search.messages('下单').items.map((hit) => hit.messageId);
    expect(indexed(temp.file, 'message_trigram', '"下单 i"')).toEqual([id]);
    expect(indexed(temp.file, 'message_unigram', `"下 单"`)).toEqual([id]);
    await expect.poll(() => queued(temp!.file), { timeout: 5000 }).toBe(0);
  });
});

describe('search while the index is behind', () => {
  it('finds records the worker has not indexed yet, and after it has', async () => {
    temp = tempStore();
    const { store, file } = temp;
    addAccount(store);
    addAccount(store, 'moor-1', 'moor');
    await store.searchIndexed();
    // Another connection holds the index file's write lock: the worker waits, the queue grows.
    const blocker = new Database(searchFileFor(file));
    blocker.exec('BEGIN IMMEDIATE');
    try {
      store.applyMessagePage({
        accountId: 'youmi-1',
        vendor: 'youmi',
        messages: [textMessage('m1', '请问什么时候发货'), textMessage('m2', '已经下单了', { sentAt: Date.UTC(2026, 0, 15, 5) })],
      });
      store.applyCallPage({ accountId: 'moor-1', items: [callRecord('c1', { contactName: '吴先生', contactPhone: '13700001111' })] });
      expect(indexed(file, 'message_trigram', '"候发货"')).toEqual([]);
      expect(store.search.messages('发货').items.map((hit) => hit.snippet.text)).toEqual(['请问什么时候发货']);
      expect(store.search.messages('下').items.map((hit) => hit.snippet.text)).toEqual(['已经下单了']);
      expect(store.search.calls('0001111').items.map((hit) => hit.call.contactName)).toEqual(['吴先生']);
      expect(store.search.messages('退款').items).toEqual([]);
    } finally {
      blocker.exec('COMMIT');
      blocker.close();
    }
    await store.searchIndexed();
    expect(indexed(file, 'message_trigram', '"候发货"')).toHaveLength(1);
    expect(store.search.messages('发货').items.map((hit) => hit.snippet.text)).toEqual(['请问什么时候发货']);
    expect(store.search.calls('0001111').items.map((hit) => hit.call.contactName)).toEqual(['吴先生']);
  });

  it('forgets a removed account’s records in the index too', async () => {
    temp = tempStore();
    const { store, file } = temp;
    addAccount(store);
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m1', '请问什么时候发货')] });
    await store.searchIndexed();
    expect(indexed(file, 'message_trigram', '"候发货"')).toHaveLength(1);
    while (!store.accounts.removeStep('youmi-1'));
    expect(store.search.messages('发货').items).toEqual([]);
    await store.searchIndexed();
    expect(indexed(file, 'message_trigram', '"候发货"')).toEqual([]);
  });
});

describe('a failing indexer', () => {
  it('is replaced by a fresh index built from the cache, and search stays right throughout', async () => {
    temp = tempStore();
    temp.store.close();
    const events: IndexerEvent[] = [];
    const store = openStore({ file: temp.file, indexerIdleMs: 20, onIndexer: (event) => events.push(event) });
    temp.store = store;
    addAccount(store);
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m1', '请问什么时候发货')] });
    await store.searchIndexed();
    // The index file loses a table while in use: every step of the worker fails from now on.
    const vandal = new Database(searchFileFor(temp.file));
    vandal.exec('DROP TABLE message_trigram');
    vandal.close();
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m2', '已经下单了，什么时候发货', { sentAt: T0 + 60_000 })] });
    expect(store.search.messages('时候发货').items.map((hit) => hit.snippet.text)).toEqual(['已经下单了，什么时候发货', '请问什么时候发货']);
    await expect.poll(() => events.some((e) => e.type === 'replaced'), { timeout: 5000 }).toBe(true);
    await store.searchIndexed();
    expect(events.filter((e) => e.type === 'error').length).toBeGreaterThanOrEqual(5);
    expect(indexed(temp.file, 'message_trigram', '"时候发货"')).toHaveLength(2);
    expect(store.search.messages('时候发货').items).toHaveLength(2);
  });
});

describe('an indexer worker past its memory limit', () => {
  it('is ended by V8, not the app; started again where it stopped, and search stays right throughout', async () => {
    temp = tempStore();
    temp.store.close();
    const events: IndexerEvent[] = [];
    // 16 MB of heap, and one message of a million characters: splitting it takes about 100 MB.
    const store = openStore({ file: temp.file, indexerIdleMs: 20, workerLimits: { indexer: { maxOldGenerationSizeMb: 16 } }, onIndexer: (event) => events.push(event) });
    temp.store = store;
    addAccount(store);
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m1', '请问什么时候发货')] });
    await store.searchIndexed();
    const huge = '很长的消息'.repeat(200_000);
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m2', `${huge}什么时候发货`, { sentAt: T0 + 60_000 })] });
    await expect.poll(() => events.filter((e) => e.type === 'replaced').length, { timeout: 20_000 }).toBe(3);
    await expect.poll(() => events.filter((e) => e.type === 'stopped').length, { timeout: 20_000 }).toBe(4);
    const outOfMemory = events.filter((e) => e.type === 'error' && e.code === 'ERR_WORKER_OUT_OF_MEMORY');
    expect(outOfMemory).toHaveLength(4);
    // Each new worker carried on from the file it found, not a rebuild of the whole cache.
    expect(events.filter((e) => e.type === 'replaced').map((e) => e.message)).toEqual(Array(3).fill('search indexer started again after it reached its memory limit'));
    const firstKill = events.findIndex((e) => e.code === 'ERR_WORKER_OUT_OF_MEMORY');
    expect(events.slice(firstKill).some((e) => e.type === 'rebuilding')).toBe(false);
    // No worker left: searches scan the records, and still find both, the new one first.
    expect(store.search.messages('时候发货').items.map((hit) => hit.messageId)).toHaveLength(2);
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m3', '已经发货了', { sentAt: T0 + 120_000 })] });
    expect(store.search.messages('发货').items).toHaveLength(3);
    await store.searchIndexed();

    // Under the app's own limit (worker-limits.ts) that message is indexed.
    store.close();
    temp.store = openStore({ file: temp.file });
    await temp.store.searchIndexed();
    expect(indexed(temp.file, 'message_trigram', '"时候发货"')).toHaveLength(2);
    expect(indexed(temp.file, 'message_trigram', '"已经发货"')).toHaveLength(1);
  }, 60_000);
});

describe('a lost, foreign or damaged index file', () => {
  const fill = (t: TempStore) => {
    addAccount(t.store);
    t.store.applyMessagePage({
      accountId: 'youmi-1',
      vendor: 'youmi',
      messages: Array.from({ length: 300 }, (_, i) => textMessage(`m${i}`, i === 7 ? '独一无二的暗号' : `第${i}条消息`, { sentAt: Date.UTC(2026, 0, 1) + i * 1000 })),
    });
  };

  it.each([
    ['deleted', (file: string) => writeFileSync(searchFileFor(file), '')],
    ['not a database', (file: string) => writeFileSync(searchFileFor(file), 'this is not sqlite'.repeat(500))],
    [
      'from another cache',
      (file: string) => {
        const db = new Database(searchFileFor(file));
        db.prepare("UPDATE meta SET value = 12345 WHERE key = 'pair'").run();
        db.close();
      },
    ],
  ])('is rebuilt from the cache when %s, and search stays right meanwhile', async (_name, damage) => {
    temp = tempStore();
    fill(temp);
    await temp.store.searchIndexed();
    temp.store.close();
    damage(temp.file);
    const store = openStore({ file: temp.file });
    temp.store = store;
    expect(store.search.messages('暗号').items.map((hit) => hit.snippet.text)).toEqual(['独一无二的暗号']);
    await store.searchIndexed();
    expect(indexed(temp.file, 'message_trigram', '"的暗号"')).toHaveLength(1);
    expect(indexed(temp.file, 'message_unigram', '"条"')).toHaveLength(299);
    expect(store.search.messages('暗号').items.map((hit) => hit.snippet.text)).toEqual(['独一无二的暗号']);
  });
});

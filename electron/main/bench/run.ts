// One benchmark run: ingest the Youmi generator's rows through the decoder into the store, the
// same rows into a bare table for comparison, then time search (against a LIKE scan, checked
// against a substring scan), conversation pages and the event loop, and measure the file.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { DecodedMessage } from '@shared/model';
import { openStore, type Store } from '../store';
import { searchFileFor } from '../store/search/index-file';
import type { IndexerEvent } from '../store/search/indexer';
import { foldForSearch, foldQuery } from '../store/search/normalize';
import { decodeYoumiV2Row } from '../vendors/youmi/decoder';
import { generateYoumiV2Rows } from '../vendors/youmi/generator';
import type { YoumiWireRow } from '../vendors/youmi/wire';
import { benchQueries, QUERY_CLASSES, SeededRandom, TextSample, type BenchQuery, type QueryClass } from './queries';
import { distribution, round, type Distribution } from './stats';

export interface BenchOptions {
  messages: number;
  conversations: number;
  pageSize: number;
  seed: number;
  /** Folder for the database files; a temporary one (removed afterwards) by default. */
  dir?: string;
  log: (line: string) => void;
}

export interface SearchClassResult {
  queryClass: QueryClass;
  queries: number;
  ms: Distribution;
  likeMs: Distribution;
  /** Median and smallest of the per-query LIKE / search time ratios. */
  speedupMedian: number;
  speedupMin: number;
  correct: boolean;
  failures: string[];
}

export interface QueryResult {
  text: string;
  queryClass: QueryClass;
  ms: number;
  likeMs: number;
  /** Hits on the first page of the substring scan (50 = at least 50). */
  hits: number;
}

export interface BenchResult {
  date: string;
  machine: { nproc: number; cpu: string; node: string; v8: string; sqlite: string; platform: string };
  options: { messages: number; conversations: number; pageSize: number; seed: number };
  ingest: {
    messages: number;
    /** Wall time from the first page until the search index held every message, the benchmark's own page making left out. */
    seconds: number;
    decodeSeconds: number;
    storeSeconds: number;
    /** Time the pages waited in readyForPage (event loop free): WAL restarts, the indexer far behind. */
    waitSeconds: number;
    /** After the last page, until the search index held every message. */
    indexTailSeconds: number;
    messagesPerSecond: number;
    /** Messages per second of main-thread CPU time spent decoding and storing (the indexing runs on a worker thread). */
    messagesPerCpuSecond: number;
    rawInsertPerSecond: number;
    ratioToRaw: number;
    longestPageMs: number;
    /** Main-thread CPU time (decode + store) of that longest page: far below its wall time means the thread was waiting for a core. */
    longestPageCpuMs: number;
    /** applyMessagePage call times. */
    pageMs: Distribution;
    /** Main-thread CPU time per page, decode included: the work itself, without waits for a core or the disk. */
    pageCpuMs: Distribution;
    /** The five pages that took the most CPU: which page (0 = first), its kernel share, garbage-collection pauses inside it, its wall time. */
    slowestPages: Array<{ index: number; cpuMs: number; systemMs: number; gcMs: number; wallMs: number }>;
  };
  search: {
    overall: Distribution;
    classes: SearchClassResult[];
    /** Present but rare terms (under 50 hits in the cache), from every class but "absent". */
    rare: { queries: number; ms: Distribution; speedupMedian: number; speedupMin: number };
    queries: QueryResult[];
    longestCallMs: number;
    blockMs: number;
  };
  conversationPages: { open: Distribution; scrollBack: Distribution };
  eventLoop: { ingestBlockMs: number; searchBlockMs: number; longestStoreCallMs: number };
  /** The cache file and its WAL; the search index file (with its WAL); their sum in MB. */
  database: { bytes: number; walBytes: number; indexBytes: number; megabytes: number };
  /** Checkpoints the writer ran between transactions to restart a WAL past its limit (no worker, or past the hard limit). */
  walRestarts: { count: number; ms: Distribution };
  /** Times ingest waited (without blocking) for the worker's checkpoint to let the WAL restart. */
  walHolds: { count: number; ms: Distribution };
  /**
   * The search indexer worker's V8 heap, the largest it reported (MB): during the ingest, and while
   * it made the whole index again from the cache (a lost or failed index file), the heavier job.
   * What its resourceLimits are chosen against (store/worker-limits.ts).
   */
  indexerHeap: { ingest: HeapPeak; rebuild: HeapPeak; rebuildSeconds: number };
  correct: boolean;
}

export interface HeapPeak {
  usedMb: number;
  totalMb: number;
}

const DAY = 86_400_000;
const END_MS = Date.UTC(2026, 0, 15, 4, 0, 0);

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Times one synchronous call; the longest such call is the longest the main thread was blocked by us. */
class CallTimer {
  longest = 0;
  time<T>(work: () => T): { value: T; ms: number } {
    const start = performance.now();
    const value = work();
    const ms = performance.now() - start;
    if (ms > this.longest) this.longest = ms;
    return { value, ms };
  }
}

interface IngestOutcome {
  sample: TextSample;
  result: BenchResult['ingest'];
}

function* vendorPages(options: BenchOptions): Generator<YoumiWireRow[]> {
  let rows: YoumiWireRow[] = [];
  for (const row of generateYoumiV2Rows({
    seed: options.seed,
    conversations: options.conversations,
    messages: options.messages,
    startMs: END_MS - 30 * DAY,
    endMs: END_MS,
  })) {
    rows.push(row);
    if (rows.length >= options.pageSize) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

/** The same decoded rows, by prepared insert into a bare table without indexes: the yardstick. */
function rawInsertRate(rawFile: string, options: BenchOptions): number {
  const raw = new Database(rawFile);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(`CREATE TABLE bare (account_id TEXT, conversation_key TEXT, vendor_msg_id TEXT, direction TEXT, sent_at INTEGER,
    kind TEXT, text TEXT, body TEXT, raw TEXT)`);
  const insertBare = raw.prepare(
    'INSERT INTO bare VALUES (@accountId, @conversationKey, @vendorMsgId, @direction, @sentAt, @kind, @text, @body, @raw)',
  );
  const insertBarePage = raw.transaction((page: DecodedMessage[]) => {
    for (const m of page) {
      insertBare.run({
        accountId: 'youmi-bench',
        conversationKey: m.conversationKey,
        vendorMsgId: m.vendorMsgId,
        direction: m.direction,
        sentAt: m.sentAt,
        kind: m.content.kind,
        text: m.text,
        body: JSON.stringify(m.content.body),
        raw: m.raw,
      });
    }
  });
  let ms = 0;
  let rows = 0;
  for (const rowsOfPage of vendorPages(options)) {
    const page = rowsOfPage.map(decodeYoumiV2Row);
    const start = performance.now();
    insertBarePage(page);
    ms += performance.now() - start;
    rows += page.length;
  }
  raw.close();
  return rows / (ms / 1000);
}

async function ingest(store: Store, rawFile: string, options: BenchOptions, timer: CallTimer): Promise<IngestOutcome> {
  const sample = new TextSample(20_000, new SeededRandom(options.seed + 1));
  const spent = { decodeMs: 0, storeMs: 0, cpuMs: 0, benchMs: 0, waitMs: 0, longestPageMs: 0, longestPageCpuMs: 0 };
  const pageMs: number[] = [];
  const pageCpuMs: number[] = [];
  const pageSystemMs: number[] = [];
  const pageWindows: Array<[number, number]> = [];
  // Garbage-collection pauses, to tell a slow page's own work from V8's.
  const gcPauses: Array<[number, number]> = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push([entry.startTime, entry.startTime + entry.duration]);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const gcMsDuring = ([from, to]: [number, number]) =>
    gcPauses.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(end, to) - Math.max(start, from)), 0);
  let done = 0;
  const started = performance.now();
  let benchStart = performance.now();
  for (const rows of vendorPages(options)) {
    // Making the page is the simulator's work, standing in for the network: not counted.
    spent.benchMs += performance.now() - benchStart;
    // What the sync engine awaits before each step: the WAL's restart, and an indexer far behind.
    const waitStart = performance.now();
    await store.readyForPage();
    spent.waitMs += performance.now() - waitStart;
    // Decode and store one vendor page in one turn, as the sync engine does; CPU time beside wall
    // time, because other work on a shared machine stretches the wall clock.
    await nextTurn();
    const pageStart = performance.now();
    const cpuBefore = process.threadCpuUsage();
    const decodeStart = performance.now();
    const page = rows.map(decodeYoumiV2Row);
    spent.decodeMs += performance.now() - decodeStart;
    const lastChattingId = rows.at(-1)?.ad_chatting_id ?? 0;
    const applied = timer.time(() =>
      store.applyMessagePage({
        accountId: 'youmi-bench',
        vendor: 'youmi',
        messages: page,
        cursor: { stream: 'messages', value: { minChattingId: lastChattingId } },
        countsAsUnread: false,
      }),
    );
    const cpu = process.threadCpuUsage(cpuBefore);
    spent.cpuMs += (cpu.user + cpu.system) / 1000;
    pageCpuMs.push((cpu.user + cpu.system) / 1000);
    pageSystemMs.push(cpu.system / 1000);
    if (applied.ms > spent.longestPageMs) spent.longestPageCpuMs = (cpu.user + cpu.system) / 1000;
    spent.storeMs += applied.ms;
    spent.longestPageMs = Math.max(spent.longestPageMs, applied.ms);
    pageMs.push(applied.ms);
    pageWindows.push([pageStart, performance.now()]);
    benchStart = performance.now();
    for (const message of page) sample.add(message.text);
    done += page.length;
    if (done % 100_000 < options.pageSize) options.log(`  ingested ${done.toLocaleString('en')} messages`);
    // Between pages the event loop runs, as it does between a sync engine's awaits.
    await nextTurn();
  }
  spent.benchMs += performance.now() - benchStart;
  await nextTurn();
  gcObserver.disconnect();
  // Until the search index holds every message, the ingest is not done.
  const indexStart = performance.now();
  await store.searchIndexed();
  const indexTailMs = performance.now() - indexStart;
  const seconds = (performance.now() - started - spent.benchMs) / 1000;
  const messagesPerSecond = done / seconds;
  options.log('  timing a raw insert of the same rows');
  const rawInsertPerSecond = rawInsertRate(rawFile, options);
  return {
    sample,
    result: {
      messages: done,
      seconds: round(seconds),
      decodeSeconds: round(spent.decodeMs / 1000),
      storeSeconds: round(spent.storeMs / 1000),
      waitSeconds: round(spent.waitMs / 1000),
      indexTailSeconds: round(indexTailMs / 1000),
      messagesPerSecond: Math.round(messagesPerSecond),
      messagesPerCpuSecond: Math.round(done / (spent.cpuMs / 1000)),
      rawInsertPerSecond: Math.round(rawInsertPerSecond),
      ratioToRaw: round(messagesPerSecond / rawInsertPerSecond, 3),
      longestPageMs: round(spent.longestPageMs),
      longestPageCpuMs: round(spent.longestPageCpuMs),
      pageMs: roundDistribution(distribution(pageMs)),
      pageCpuMs: roundDistribution(distribution(pageCpuMs)),
      slowestPages: pageCpuMs
        .map((cpuMs, index) => ({
          index,
          cpuMs: round(cpuMs),
          systemMs: round(pageSystemMs[index] ?? 0),
          gcMs: round(gcMsDuring(pageWindows[index] ?? [0, 0])),
          wallMs: round(pageMs[index] ?? 0),
        }))
        .sort((a, b) => b.cpuMs - a.cpuMs)
        .slice(0, 5),
    },
  };
}

/** Every message's id and folded text, newest first: the reference the search answers are checked against. */
function loadReference(file: string): { ids: number[]; folded: string[] } {
  const db = new Database(file, { readonly: true });
  const ids: number[] = [];
  const folded: string[] = [];
  for (const row of db.prepare('SELECT id, text FROM messages ORDER BY id DESC').raw().iterate() as IterableIterator<[number, string]>) {
    ids.push(row[0]);
    folded.push(foldForSearch(row[1]));
  }
  db.close();
  return { ids, folded };
}

function substringScan(reference: { ids: number[]; folded: string[] }, query: string, limit: number): number[] {
  const needle = foldQuery(query);
  const hits: number[] = [];
  if (!needle) return hits;
  for (let i = 0; i < reference.folded.length && hits.length < limit; i++) {
    if (reference.folded[i]!.includes(needle)) hits.push(reference.ids[i]!);
  }
  return hits;
}

/** The longest the event loop waited while `work` ran: how long our synchronous calls blocked it. */
async function longestBlock(work: () => Promise<void>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    await work();
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}

async function searchPhase(store: Store, file: string, queries: BenchQuery[], timer: CallTimer, log: (line: string) => void) {
  // One pass to warm the page cache, then the timed pass, yielding between queries as the app does.
  for (const query of queries) store.search.messages(query.text, {}, { limit: 50 });
  const answers: Array<{ ids: number[]; ms: number }> = [];
  const blockMs = await longestBlock(async () => {
    for (const query of queries) {
      const { value: page, ms } = timer.time(() => store.search.messages(query.text, {}, { limit: 50 }));
      answers.push({ ids: page.items.map((hit) => hit.messageId), ms });
      await nextTurn();
    }
  });

  // The comparisons run outside the measured window: they block on purpose.
  log('  timing the LIKE scan and loading the substring-scan reference');
  const like = new Database(file, { readonly: true });
  const likeScan = like.prepare("SELECT id FROM messages WHERE text LIKE @pattern ESCAPE '\\' ORDER BY id DESC LIMIT 50").pluck();
  const reference = loadReference(file);
  const perClass = new Map<QueryClass, { ms: number[]; likeMs: number[]; speedups: number[]; failures: string[] }>();
  const perQuery: QueryResult[] = [];
  queries.forEach((query, i) => {
    const { ids: got, ms } = answers[i]!;
    const pattern = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const likeStart = performance.now();
    likeScan.all({ pattern });
    const likeMs = performance.now() - likeStart;
    const expected = substringScan(reference, query.text, 50);
    const bucket = perClass.get(query.queryClass) ?? { ms: [], likeMs: [], speedups: [], failures: [] };
    bucket.ms.push(ms);
    bucket.likeMs.push(likeMs);
    bucket.speedups.push(likeMs / Math.max(ms, 0.001));
    perQuery.push({ text: query.text, queryClass: query.queryClass, ms: round(ms, 3), likeMs: round(likeMs, 3), hits: expected.length });
    if (got.length !== expected.length || got.some((id, k) => id !== expected[k])) {
      bucket.failures.push(`${query.text}: ${got.length} hits, expected ${expected.length}`);
    }
    perClass.set(query.queryClass, bucket);
  });
  like.close();
  const classes: SearchClassResult[] = QUERY_CLASSES.flatMap((queryClass) => {
    const bucket = perClass.get(queryClass);
    if (!bucket) return [];
    const speedups = [...bucket.speedups].sort((a, b) => a - b);
    return [
      {
        queryClass,
        queries: bucket.ms.length,
        ms: roundDistribution(distribution(bucket.ms)),
        likeMs: roundDistribution(distribution(bucket.likeMs)),
        speedupMedian: round(speedups[Math.floor(speedups.length / 2)] ?? Number.NaN, 1),
        speedupMin: round(speedups[0] ?? Number.NaN, 1),
        correct: bucket.failures.length === 0,
        failures: bucket.failures,
      },
    ];
  });
  const all = answers.map((answer) => answer.ms);
  // Rare: fewer than 50 messages in the whole cache contain the term, so LIKE scans everything.
  const rare = perQuery.filter((q) => q.hits < 50 && q.queryClass !== 'absent');
  const rareSpeedups = rare.map((q) => q.likeMs / Math.max(q.ms, 0.001)).sort((a, b) => a - b);
  return {
    overall: roundDistribution(distribution(all)),
    classes,
    rare: {
      queries: rare.length,
      ms: roundDistribution(distribution(rare.map((q) => q.ms))),
      speedupMedian: round(rareSpeedups[Math.floor(rareSpeedups.length / 2)] ?? Number.NaN, 1),
      speedupMin: round(rareSpeedups[0] ?? Number.NaN, 1),
    },
    queries: perQuery,
    longestCallMs: round(Math.max(...all)),
    blockMs,
  };
}

function roundDistribution(d: Distribution): Distribution {
  return { count: d.count, p50: round(d.p50, 3), p95: round(d.p95, 3), p99: round(d.p99, 3), max: round(d.max, 3) };
}

async function conversationPhase(store: Store, seed: number, timer: CallTimer) {
  const random = new SeededRandom(seed + 2);
  const conversations: number[] = [];
  let after: { activityAt: number; id: number } | undefined;
  do {
    const page = store.conversations.page({}, { limit: 200, ...(after ? { after } : {}) });
    conversations.push(...page.items.map((c) => c.id));
    after = page.next;
  } while (after);
  const open: number[] = [];
  const scroll: number[] = [];
  for (let i = 0; i < 300; i++) {
    const conversationId = random.pick(conversations);
    let { value: window, ms } = timer.time(() => store.messages.page(conversationId, { limit: 50 }));
    open.push(ms);
    for (let back = 0; back < 5 && window.hasOlder; back++) {
      const before = window.items[0]!.id;
      ({ value: window, ms } = timer.time(() => store.messages.page(conversationId, { before, limit: 50 })));
      scroll.push(ms);
    }
    await nextTurn();
  }
  return { open: roundDistribution(distribution(open)), scrollBack: roundDistribution(distribution(scroll)) };
}

const fileBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);

function heapPeak() {
  let used = 0;
  let total = 0;
  return {
    note: (event: IndexerEvent) => {
      used = Math.max(used, event.heap?.usedBytes ?? 0);
      total = Math.max(total, event.heap?.totalBytes ?? 0);
    },
    peak: (): HeapPeak => ({ usedMb: round(used / 2 ** 20, 1), totalMb: round(total / 2 ** 20, 1) }),
  };
}

/** The index file deleted and made again from the cache by a fresh store's worker. */
async function rebuildPhase(file: string): Promise<{ peak: HeapPeak; seconds: number }> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${searchFileFor(file)}${suffix}`, { force: true });
  const heap = heapPeak();
  const started = performance.now();
  const store = openStore({ file, onIndexer: heap.note });
  try {
    await store.searchIndexed();
    return { peak: heap.peak(), seconds: round((performance.now() - started) / 1000, 1) };
  } finally {
    store.close();
  }
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'workphone-bench-'));
  const file = join(dir, 'bench-cache.sqlite');
  const rawFile = join(dir, 'bench-bare.sqlite');
  for (const base of [file, searchFileFor(file), rawFile]) for (const suffix of ['', '-wal', '-shm']) rmSync(`${base}${suffix}`, { force: true });
  const restarts: number[] = [];
  const holds: number[] = [];
  const ingestHeap = heapPeak();
  const store = openStore({
    file,
    onCheckpoint: (event) => {
      if (event.type === 'restart') restarts.push(event.ms ?? 0);
      if (event.type === 'held') holds.push(event.ms ?? 0);
    },
    onIndexer: ingestHeap.note,
  });
  let closed = false;
  const timer = new CallTimer();
  try {
    store.accounts.upsert({ id: 'youmi-bench', vendor: 'youmi', label: '友米 基准测试', baseUrl: 'http://127.0.0.1:1', settings: {} });
    options.log(`ingesting ${options.messages.toLocaleString('en')} messages in ${options.conversations} conversations`);
    let ingested: IngestOutcome | undefined;
    const ingestBlockMs = await longestBlock(async () => {
      ingested = await ingest(store, rawFile, options, timer);
    });
    if (!ingested) throw new Error('ingest did not finish');
    const queries = benchQueries(ingested.sample.texts, options.seed + 3);
    options.log(`searching ${queries.length} queries`);
    const search = await searchPhase(store, file, queries, timer, options.log);
    options.log('opening conversations');
    const conversationPages = await conversationPhase(store, options.seed, timer);
    const walRestarts = { count: restarts.length, ms: roundDistribution(distribution(restarts)) };
    const walHolds = { count: holds.length, ms: roundDistribution(distribution(holds)) };
    const sqlite = new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get() as string;
    const bytes = fileBytes(file);
    const walBytes = fileBytes(`${file}-wal`);
    const index = searchFileFor(file);
    const indexBytes = fileBytes(index) + fileBytes(`${index}-wal`);
    store.close();
    closed = true;
    options.log('making the search index again from the cache');
    const rebuild = await rebuildPhase(file);
    return {
      date: new Date().toISOString(),
      machine: {
        nproc: availableParallelism(),
        cpu: cpuModel(),
        node: process.version,
        // Electron 45 runs Node 24 (V8 13.x), the suite 22 (V8 12.x): a number means little without it.
        v8: process.versions.v8,
        sqlite,
        platform: `${process.platform} ${process.arch}`,
      },
      options: { messages: options.messages, conversations: options.conversations, pageSize: options.pageSize, seed: options.seed },
      ingest: ingested.result,
      search,
      conversationPages,
      eventLoop: { ingestBlockMs: round(ingestBlockMs), searchBlockMs: round(search.blockMs), longestStoreCallMs: round(timer.longest) },
      database: { bytes, walBytes, indexBytes, megabytes: round((bytes + walBytes + indexBytes) / 1e6, 1) },
      walRestarts,
      walHolds,
      indexerHeap: { ingest: ingestHeap.peak(), rebuild: rebuild.peak, rebuildSeconds: rebuild.seconds },
      correct: search.classes.every((c) => c.correct),
    };
  } finally {
    if (!closed) store.close();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}

// The search indexer's worker thread, as source text: like the checkpointer it is started with
// `eval`, so it runs the same from the TypeScript sources (tests), the bundle (web host, bench) and
// an asar archive (Electron), needing only the native driver's path. It reads the queue and the
// records from the cache file (read-only) and writes the FTS5 tables of the index file.
//
// Its two text functions must give exactly what normalize.ts gives: `fold` applies the same table
// (passed in, built by foldForSearch's own code) and `unigram` mirrors unigramDocument; the unit
// test indexer-worker.test.ts holds them equal on every kind of character.
//
// Each step is one IMMEDIATE transaction on the index file that re-reads how far indexing got, so
// two workers on one file (a store closed and opened again at once) never index an op twice.
export const INDEXER_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { getHeapStatistics } = require('node:v8');
const Database = require(workerData.driver);
// This thread's heap, with each report: what its resourceLimits are measured against (benchmarks.md).
const heap = () => {
  const stats = getHeapStatistics();
  return { usedBytes: stats.used_heap_size, totalBytes: stats.total_heap_size };
};
const { cacheFile, searchFile, indexes, foldTable, barrier, batchRecords, idleMs } = workerData;

const map = foldTable;
function fold(text) {
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const folded = map[code];
    if (folded !== code) {
      out += text.slice(copiedUpTo, i) + String.fromCharCode(folded);
      copiedUpTo = i + 1;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}
function unigram(folded) {
  let out = '';
  for (const char of folded) {
    const token = char === ' ' ? barrier : char;
    out = out.length === 0 ? token : out + ' ' + token;
  }
  return out;
}
if (workerData.selfTest) {
  parentPort.postMessage({ type: 'selfTest', results: workerData.selfTest.map((text) => [fold(text), unigram(fold(text))]) });
} else {
  start();
}

function start() {
const cache = new Database(cacheFile, { readonly: true, fileMustExist: true });
cache.pragma('busy_timeout = 5000');
const search = new Database(searchFile, { fileMustExist: true });
search.pragma('journal_mode = WAL');
search.pragma('synchronous = NORMAL');
search.pragma('busy_timeout = 5000');
search.pragma('cache_size = -65536');
search.pragma('temp_store = MEMORY');

const readMeta = search.prepare('SELECT value FROM meta WHERE key = ?').pluck();
const writeMeta = search.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
const nextOps = cache.prepare('SELECT seq, index_name AS indexName, op, ids FROM search_queue WHERE seq > ? ORDER BY seq LIMIT 256');
const lastSeq = cache.prepare('SELECT coalesce(max(seq), 0) FROM search_queue').pluck();

const specs = new Map();
for (const index of indexes) {
  const columns = index.columns.join(', ');
  const marks = index.columns.map(() => '?').join(', ');
  const table = (flavour) => index.name + '_' + flavour;
  specs.set(index.name, {
    columns: index.columns,
    byIds: cache.prepare(index.source + ' WHERE id IN (SELECT value FROM json_each(?))'),
    newestBelow: cache.prepare(index.source + ' WHERE id < ? ORDER BY id DESC LIMIT ?'),
    insert: ['trigram', 'unigram'].map((f) => search.prepare('INSERT INTO ' + table(f) + ' (rowid, ' + columns + ') VALUES (?, ' + marks + ')')),
    remove: ['trigram', 'unigram'].map((f) => search.prepare('DELETE FROM ' + table(f) + ' WHERE rowid = ?')),
    clear: ['trigram', 'unigram'].map((f) => search.prepare('INSERT INTO ' + table(f) + ' (' + table(f) + ") VALUES ('delete-all')")),
  });
}

// Rows are read one at a time (iterate, not all): only one record's text is in the heap at once,
// so a tenant of very long messages stays far inside the worker's memory limit.
function indexRows(spec, rows) {
  const [insertTrigram, insertUnigram] = spec.insert;
  let count = 0;
  let lastId;
  for (const row of rows) {
    const trigram = [row.id];
    const unigrams = [row.id];
    for (const column of spec.columns) {
      const folded = fold(row[column] ?? '');
      trigram.push(folded);
      unigrams.push(unigram(folded));
    }
    insertTrigram.run(trigram);
    insertUnigram.run(unigrams);
    count++;
    lastId = row.id;
  }
  return { count, lastId };
}

// After a rebuild, the ops of that index up to the rebuild's snapshot are already in it.
const rebuiltThrough = (indexName) => readMeta.get('rebuilt_through:' + indexName) ?? 0;

// One transaction: the next ops up to about batchRecords records. Returns a rebuild op to run
// next, true when it indexed something, false when the queue is empty.
const stepTransaction = search.transaction(() => {
  let done = readMeta.get('done_seq') ?? 0;
  const ops = nextOps.all(done);
  if (ops.length === 0) return false;
  if (ops[0].op === 'rebuild') return ops[0];
  let records = 0;
  for (const op of ops) {
    if (op.op === 'rebuild' || records >= batchRecords) break;
    const spec = specs.get(op.indexName);
    if (spec && op.seq > rebuiltThrough(op.indexName)) {
      const ids = JSON.parse(op.ids);
      if (op.op === 'refresh') for (const id of ids) for (const remove of spec.remove) remove.run(id);
      records += indexRows(spec, spec.byIds.iterate(op.ids)).count;
    }
    done = op.seq;
  }
  writeMeta.run('done_seq', done);
  return true;
});

// Everything of one index again, newest first (recent records are searchable first), from one
// snapshot of the cache. An interrupted rebuild starts over: it clears the index first.
function rebuild(op) {
  const spec = specs.get(op.indexName);
  const owner = Math.random();
  cache.exec('BEGIN');
  try {
    const snapshotSeq = lastSeq.get();
    search.transaction(() => {
      writeMeta.run('rebuild_owner', owner);
      if (spec) for (const clear of spec.clear) clear.run();
    }).immediate();
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const indexed = search.transaction(() => {
        // Another worker took the rebuild over (this store was closed and opened again).
        if (readMeta.get('rebuild_owner') !== owner) return undefined;
        const batch = spec ? indexRows(spec, spec.newestBelow.iterate(before, batchRecords)) : { count: 0 };
        if (batch.count === 0) {
          writeMeta.run('rebuilt_through:' + op.indexName, snapshotSeq);
          writeMeta.run('done_seq', op.seq);
        }
        return batch;
      }).immediate();
      if (!indexed || indexed.count === 0) break;
      before = indexed.lastId;
      parentPort.postMessage({ type: 'rebuilding', index: op.indexName, records: indexed.count, heap: heap() });
    }
  } finally {
    cache.exec('COMMIT');
  }
}

let timer;
let stopped = false;
function run() {
  clearTimeout(timer);
  timer = undefined;
  if (stopped) return;
  let worked = false;
  try {
    const result = stepTransaction.immediate();
    if (typeof result === 'object') {
      rebuild(result);
      worked = true;
    } else worked = result;
    if (worked) parentPort.postMessage({ type: 'indexed', doneSeq: readMeta.get('done_seq') ?? 0, heap: heap() });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) });
  }
  if (!stopped) timer = setTimeout(run, worked ? 0 : idleMs);
}
timer = setTimeout(run, 0);
parentPort.on('message', (message) => {
  if (message === 'wake') {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = setTimeout(run, 0);
    }
    return;
  }
  if (message !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  cache.close();
  search.close();
  parentPort.close();
});
}
`;

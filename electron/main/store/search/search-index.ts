// The search index as the store uses it: the index file paired with this cache, its worker, and
// what searches read (fts.ts SearchIndex). When the worker keeps failing (the file damaged while
// open, a disk error) or stops, the index is made again from the cache, a few times per session,
// and searches scan the records meanwhile: search never breaks, it only gets slower.
import type { ResourceLimits } from 'node:worker_threads';
import type { ReadDb, WriteDb } from '../db';
import { openReader } from '../db';
import { readMetaNumber, writeMetaNumber } from '../tables/store-meta';
import { FTS_INDEXES, pendingFor, type SearchIndex } from './fts';
import { prepareIndexFile, searchFileFor } from './index-file';
import { startIndexer, type Indexer, type IndexerEvent } from './indexer';

export interface OpenSearchIndex {
  search: SearchIndex;
  /** Tells the worker that rows were queued (after every commit). */
  wake(): void;
  /** Resolves once the worker is at most `lag` queue rows behind; see Indexer.caughtUp. */
  caughtUp(lag?: number): Promise<void>;
  close(): void;
}

/** Failed steps in a row (one a second) before the index is made again. */
const FAILURES_BEFORE_REBUILD = 5;
const REBUILDS_PER_SESSION = 3;

export function openSearchIndex(options: {
  cacheFile: string;
  read: ReadDb;
  write: WriteDb;
  idleMs?: number;
  resourceLimits?: ResourceLimits;
  onEvent?: (event: IndexerEvent) => void;
}): OpenSearchIndex {
  const { read, write } = options;
  const file = searchFileFor(options.cacheFile);
  // Ties the index file to this cache file: an index left from another cache is rebuilt, never trusted.
  let pairId = readMetaNumber(read, 'search_file_pair');
  if (pairId === 0) {
    pairId = 1 + Math.floor(Math.random() * 2 ** 48);
    write.transaction(() => writeMetaNumber(write, 'search_file_pair', pairId));
  }

  let closed = false;
  let rebuilds = 0;
  let failures = 0;
  /** The worker was ended by its heap limit: its file is whole (the transaction rolled back). */
  let outOfMemory = false;
  let current: { indexer: Indexer; reader: ReturnType<typeof openReader> } | undefined;
  /** While a failed index is being replaced. */
  let healing: Promise<void> | undefined;

  const start = (fresh: boolean) => {
    if (prepareIndexFile(file, pairId, fresh)) {
      write.transaction(() => {
        for (const index of FTS_INDEXES) {
          write.write("INSERT INTO search_queue (index_name, op, ids) VALUES (@index, 'rebuild', '[]')").run({ index: index.name });
        }
      });
    }
    const reader = openReader(file);
    try {
      const doneSeq = reader.read.select<number>("SELECT value FROM meta WHERE key = 'done_seq'").column<number>()[0] ?? 0;
      const indexer = startIndexer({
        cacheFile: options.cacheFile,
        searchFile: file,
        read,
        write,
        doneSeq,
        ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
        ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
        onEvent: (event) => {
          options.onEvent?.(event);
          if (event.type === 'indexed') failures = 0;
          if (event.type === 'error') failures++;
          if (event.type === 'error') outOfMemory = event.code === 'ERR_WORKER_OUT_OF_MEMORY';
          if ((event.type === 'stopped' || failures >= FAILURES_BEFORE_REBUILD) && current?.indexer === indexer && !closed) {
            healing = heal(indexer).finally(() => (healing = undefined));
          }
        },
      });
      current = { indexer, reader };
    } catch (error) {
      reader.close();
      throw error;
    }
  };

  const heal = async (broken: Indexer) => {
    if (!current) return;
    const { reader } = current;
    current = undefined;
    failures = 0;
    broken.stop();
    await broken.exited;
    reader.close();
    if (closed || rebuilds >= REBUILDS_PER_SESSION) return;
    rebuilds++;
    // Ended by its memory limit, the worker left a whole file: a new one carries on where it
    // stopped, rather than indexing the entire cache again.
    const fresh = !outOfMemory;
    outOfMemory = false;
    options.onEvent?.({
      type: 'replaced',
      message: fresh ? 'search index made again after its worker failed' : 'search indexer started again after it reached its memory limit',
    });
    try {
      start(fresh);
    } catch (error) {
      options.onEvent?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  start(false);

  const search: SearchIndex = {
    get db() {
      // Only read when pending() says the index can answer, which needs a current index.
      return current!.reader.read;
    },
    cache: read,
    pending: (index) => {
      if (!current) return { ids: [], everything: true };
      return pendingFor(read, index, current.indexer.doneSeq());
    },
  };

  return {
    search,
    wake: () => current?.indexer.wake(),
    caughtUp: async (lag) => {
      // Through a restart: wait on whichever worker is current once this one answers.
      for (let attempt = 0; attempt <= REBUILDS_PER_SESSION; attempt++) {
        if (healing) await healing;
        const indexer = current?.indexer;
        if (!indexer) return;
        await indexer.caughtUp(lag);
        if (current?.indexer === indexer) return;
      }
    },
    close: () => {
      closed = true;
      current?.indexer.stop();
      current?.reader.close();
      current = undefined;
    },
  };
}

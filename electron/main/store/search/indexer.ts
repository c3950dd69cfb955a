// The main-thread side of the search indexer: starts the worker (indexer-worker.ts), wakes it
// after commits, follows how far it got, drops the queue rows it has finished, and lets a bulk
// writer wait while the worker is far behind, so the part of the queue every search has to scan
// itself (fts.ts, SearchIndex.pending) stays small.
import { createRequire } from 'node:module';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ReadDb, WriteDb } from '../db';
import { FTS_INDEXES } from './fts';
import { INDEXER_WORKER_SOURCE } from './indexer-worker';
import { BARRIER, foldTableCopy } from './normalize';
import { INDEXER_LIMITS, workerLimits } from '../worker-limits';

export interface IndexerEvent {
  /** replaced: the index file was made again after its worker failed (search-index.ts). */
  type: 'indexed' | 'rebuilding' | 'replaced' | 'error' | 'stopped';
  doneSeq?: number;
  index?: string;
  records?: number;
  message?: string;
  /** For error: the worker's error code; ERR_WORKER_OUT_OF_MEMORY when it reached its heap limit. */
  code?: string;
  /** The worker's V8 heap when it reported (indexed, rebuilding). */
  heap?: { usedBytes: number; totalBytes: number };
}

export interface Indexer {
  /** Queue rows up to this seq are in the index file. */
  doneSeq(): number;
  /** Tells the worker new rows are queued. */
  wake(): void;
  /** Resolves once the worker is at most `lag` queue rows behind (at once when it is gone). */
  caughtUp(lag?: number): Promise<void>;
  stop(): void;
  /** Resolves when the worker thread has ended (its files closed). */
  exited: Promise<void>;
}

/** Queue rows (a sync page each) the worker may lag behind before bulk writers wait. */
export const MAX_LAG = 8;
/** Records per worker transaction. */
const BATCH_RECORDS = 2000;
const PURGE_EVERY_MS = 500;
const WAIT_LIMIT_MS = 30_000;

export function startIndexer(options: {
  cacheFile: string;
  searchFile: string;
  read: ReadDb;
  write: WriteDb;
  doneSeq: number;
  idleMs?: number;
  resourceLimits?: ResourceLimits;
  onEvent?: (event: IndexerEvent) => void;
}): Indexer {
  let done = options.doneSeq;
  let alive = true;
  let stopped = false;
  let purgeTimer: NodeJS.Timeout | undefined;
  const waiters = new Set<{ lag: number; resume: () => void }>();
  const lastSeq = () => options.read.select<number>('SELECT coalesce(max(seq), 0) FROM search_queue').column<number>()[0] ?? 0;

  const settle = () => {
    if (waiters.size === 0) return;
    const last = lastSeq();
    for (const waiter of waiters) {
      if (!alive || stopped || last - done <= waiter.lag) {
        waiters.delete(waiter);
        waiter.resume();
      }
    }
  };
  const purge = () => {
    purgeTimer = undefined;
    if (stopped) return;
    options.write.transaction(() => options.write.write('DELETE FROM search_queue WHERE seq <= @done').run({ done }));
  };

  const worker = new Worker(INDEXER_WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      cacheFile: options.cacheFile,
      searchFile: options.searchFile,
      indexes: FTS_INDEXES.map(({ name, columns, source }) => ({ name, columns, source })),
      foldTable: foldTableCopy(),
      barrier: BARRIER,
      batchRecords: BATCH_RECORDS,
      idleMs: options.idleMs ?? 1000,
    },
    resourceLimits: workerLimits(options.resourceLimits ?? INDEXER_LIMITS),
  });
  worker.unref();
  worker.on('message', (event: IndexerEvent) => {
    if (event.type === 'indexed' && event.doneSeq !== undefined && event.doneSeq > done) {
      done = event.doneSeq;
      purgeTimer ??= setTimeout(purge, PURGE_EVERY_MS);
      purgeTimer.unref();
      settle();
    }
    options.onEvent?.(event);
  });
  const gone = (message: string, code?: string) => {
    if (!alive) return;
    alive = false;
    settle();
    if (!stopped) options.onEvent?.({ type: 'error', message, ...(code ? { code } : {}) });
    options.onEvent?.({ type: 'stopped' });
  };
  worker.on('error', (error: NodeJS.ErrnoException) => gone(error.message, error.code));
  const exited = new Promise<void>((resolve) =>
    worker.on('exit', (code) => {
      gone(`search indexer stopped (${code})`);
      resolve();
    }),
  );

  return {
    exited,
    doneSeq: () => done,
    wake: () => {
      if (alive && !stopped) worker.postMessage('wake');
    },
    caughtUp: (lag = MAX_LAG) => {
      if (!alive || stopped || lastSeq() - done <= lag) return Promise.resolve();
      return new Promise<void>((resume) => {
        const waiter = { lag, resume };
        waiters.add(waiter);
        setTimeout(() => {
          waiters.delete(waiter);
          resume();
        }, WAIT_LIMIT_MS).unref();
      });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(purgeTimer);
      settle();
      if (alive) worker.postMessage('stop');
    },
  };
}

// Copies the WAL back into the database file from a worker thread. Left to SQLite, that copy (and
// its fsync) runs inside whichever commit crosses the WAL threshold, on the main thread: during a
// backfill, a sync page now and then took hundreds of milliseconds. The writer turns automatic
// checkpoints off and this worker runs PASSIVE checkpoints, which never block the writer or the
// readers, on its own connection. If the worker cannot run, automatic checkpoints come back on.
import { createRequire } from 'node:module';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CHECKPOINTER_LIMITS, workerLimits } from './worker-limits';

// Checkpoints back to back while the WAL has frames left to copy, so the copy keeps pace with a
// backfill; otherwise every intervalMs. Asked ('now'), it checkpoints at once and always answers,
// saying whether every frame is in the file: then the writer's next transaction restarts the WAL.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 2000');
let timer;
let stopped = false;
const checkpoint = (requested) => {
  if (stopped) return;
  clearTimeout(timer);
  let behind = false;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    behind = result.checkpointed > lastCopied;
    lastCopied = result.checkpointed;
    const now = Date.now();
    if (result.log !== lastLog) {
      lastLog = result.log;
      lastWriteSeen = now;
    } else if (result.checkpointed === result.log && now - lastWriteSeen >= workerData.truncateAfterMs) {
      truncateIfLarge();
    }
    if (behind || requested) {
      parentPort.postMessage({
        type: 'checkpoint',
        log: result.log,
        checkpointed: result.checkpointed,
        complete: result.busy === 0 && result.checkpointed === result.log,
        requested,
      });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
  }
  timer = setTimeout(checkpoint, behind ? 10 : workerData.intervalMs, false);
};
let lastCopied = 0;
let lastLog = -1;
let lastWriteSeen = Date.now();
// The writer overwrites a restarted WAL instead of cutting it (cutting cost its next commit tens
// of milliseconds); once writes have paused, the file is cut here, off the main thread.
const truncateIfLarge = () => {
  let size = 0;
  try { size = statSync(workerData.file + '-wal').size; } catch { return; }
  if (size <= workerData.keptBytes) return;
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)');
  if (result.busy === 0) parentPort.postMessage({ type: 'truncate', log: result.log, checkpointed: result.checkpointed });
};
timer = setTimeout(checkpoint, workerData.intervalMs, false);
parentPort.on('message', (message) => {
  if (message === 'now') return checkpoint(true);
  if (message !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointEvent {
  /**
   * checkpoint: the worker copied WAL frames; held: bulk writes waited this long for the WAL to
   * restart; restart: the writer itself checkpointed between transactions (past the hard limit);
   * truncate: the worker cut an idle WAL file back; error.
   */
  type: 'checkpoint' | 'held' | 'restart' | 'truncate' | 'error';
  log?: number;
  checkpointed?: number;
  /** For checkpoint: every frame of the WAL is in the database file. */
  complete?: boolean;
  /** For checkpoint: the answer to request(). */
  requested?: boolean;
  /** For held and restart: how long it took. */
  ms?: number;
  message?: string;
}

export interface Checkpointer {
  /** Asks for a checkpoint now; the answer arrives as an event with `requested`. */
  request(): void;
  stop(): void;
}

export function startCheckpointer(
  file: string,
  options: {
    intervalMs: number;
    /** The WAL file is cut back to keptBytes after this long without writes. */
    truncateAfterMs?: number;
    keptBytes?: number;
    resourceLimits?: ResourceLimits;
    onFailure: (reason: string) => void;
    onEvent?: (event: CheckpointEvent) => void;
  },
): Checkpointer {
  let failed = false;
  const fail = (reason: string) => {
    if (failed) return;
    failed = true;
    options.onFailure(reason);
  };
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const workerData = {
      file,
      driver,
      intervalMs: options.intervalMs,
      truncateAfterMs: options.truncateAfterMs ?? 5000,
      keptBytes: options.keptBytes ?? 32 * 1024 * 1024,
    };
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData, resourceLimits: workerLimits(options.resourceLimits ?? CHECKPOINTER_LIMITS) });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
    return { request: () => undefined, stop: () => undefined };
  }
  worker.unref();
  worker.on('message', (event: CheckpointEvent) => {
    options.onEvent?.(event);
    if (event.type === 'error' && !/busy|locked/i.test(event.message ?? '')) fail(event.message ?? 'checkpoint failed');
  });
  worker.on('error', (error) => fail(error.message));
  worker.on('exit', (code) => {
    if (code !== 0) fail(`checkpoint worker stopped (${code})`);
  });
  return {
    request: () => {
      if (!failed) worker.postMessage('now');
    },
    stop: () => {
      failed = true;
      worker.postMessage('stop');
    },
  };
}

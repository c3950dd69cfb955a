// Copies the WAL back into the database file from a worker thread. Left to SQLite, that copy (and
// its fsync) runs inside whichever commit crosses the WAL threshold, on the main thread: during a
// backfill, a sync page now and then took hundreds of milliseconds. The writer turns automatic
// checkpoints off and this worker runs PASSIVE checkpoints, which never block the writer or the
// readers, on its own connection. If the worker cannot run, automatic checkpoints come back on.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Checkpoints back to back while the WAL has frames left to copy, so the copy keeps pace with a
// backfill; otherwise every intervalMs.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 2000');
let timer;
let stopped = false;
const checkpoint = () => {
  if (stopped) return;
  let behind = false;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    behind = result.checkpointed > lastCopied;
    lastCopied = result.checkpointed;
    if (behind) parentPort.postMessage({ type: 'checkpoint', log: result.log, checkpointed: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
  }
  timer = setTimeout(checkpoint, behind ? 10 : workerData.intervalMs);
};
let lastCopied = 0;
timer = setTimeout(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointEvent {
  /** checkpoint: the worker copied WAL frames; restart: the writer completed one between transactions; error. */
  type: 'checkpoint' | 'restart' | 'error';
  log?: number;
  checkpointed?: number;
  /** For restart: how long the writer spent on it. */
  ms?: number;
  message?: string;
}

export interface Checkpointer {
  stop(): void;
}

export function startCheckpointer(
  file: string,
  options: { intervalMs: number; onFailure: (reason: string) => void; onEvent?: (event: CheckpointEvent) => void },
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
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs } });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
    return { stop: () => undefined };
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
    stop: () => {
      failed = true;
      worker.postMessage('stop');
    },
  };
}

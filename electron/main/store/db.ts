// The two handles every repository works through. A `ReadDb` can only run SELECT-shaped SQL and
// has no run/exec/transaction at all, so code that was handed a read handle cannot write: the
// compiler refuses it, and the connection behind it is opened read-only in case a string slips by.
// A `WriteDb` adds writes and transactions. Statements are prepared once and cached by their SQL
// text, and every value travels as a bound parameter: no SQL is ever assembled from values.
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { appError, isAppError } from '@shared/errors';
import type { ResourceLimits } from 'node:worker_threads';
import { startCheckpointer, type CheckpointEvent } from './checkpointer';

export type SqlValue = string | number | bigint | Buffer | null;
/** Named parameters, written `@name` in the SQL. */
export type Bind = Readonly<Record<string, SqlValue>>;

/** SQL a read handle accepts. Leading whitespace is not allowed, which keeps the check honest. */
export type SelectSql = `SELECT ${string}` | `WITH ${string}` | `EXPLAIN ${string}`;

export interface ReadQuery<Row> {
  get(params?: Bind): Row | undefined;
  all(params?: Bind): Row[];
  /** The first column of every row. */
  column<Value>(params?: Bind): Value[];
}

export interface WriteQuery {
  run(params?: Bind): { changes: number; lastInsertRowid: number };
}

export interface ReadDb {
  select<Row>(sql: SelectSql): ReadQuery<Row>;
}

export interface WriteDb extends ReadDb {
  write(sql: string): WriteQuery;
  /** Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; a throw rolls everything back. Nests as a savepoint. */
  transaction<T>(fn: () => T): T;
  /** DDL for migrations: several statements, no parameters. */
  exec(sql: string): void;
}

type RawStatement = Database.Statement<unknown[], unknown>;

class StatementCache {
  private readonly statements = new Map<string, RawStatement>();
  constructor(private readonly connection: Database.Database) {}

  get(sql: string): RawStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function readQuery<Row>(statement: RawStatement): ReadQuery<Row> {
  return {
    get: (params) => (params ? statement.get(params) : statement.get()) as Row | undefined,
    all: (params) => (params ? statement.all(params) : statement.all()) as Row[],
    column: <Value>(params?: Bind) => {
      statement.pluck(true);
      try {
        return (params ? statement.all(params) : statement.all()) as Value[];
      } finally {
        statement.pluck(false);
      }
    },
  };
}

class ReadHandle implements ReadDb {
  protected readonly statements: StatementCache;
  constructor(protected readonly connection: Database.Database) {
    this.statements = new StatementCache(connection);
  }
  select<Row>(sql: SelectSql): ReadQuery<Row> {
    return readQuery<Row>(this.statements.get(sql));
  }
}

class WriteHandle extends ReadHandle implements WriteDb {
  private readonly runInTransaction: Database.Transaction<(fn: () => unknown) => unknown>;
  /** Runs after each outermost commit. */
  afterCommit: (() => void) | undefined;
  constructor(connection: Database.Database) {
    super(connection);
    this.runInTransaction = connection.transaction((fn: () => unknown) => fn());
  }
  write(sql: string): WriteQuery {
    const statement = this.statements.get(sql);
    return {
      run: (params) => {
        const result = params ? statement.run(params) : statement.run();
        return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
      },
    };
  }
  transaction<T>(fn: () => T): T {
    if (this.connection.inTransaction) return this.runInTransaction(fn) as T;
    const result = this.runInTransaction.immediate(fn) as T;
    this.afterCommit?.();
    return result;
  }
  exec(sql: string): void {
    this.connection.exec(sql);
  }
}

/** A read-only connection of its own, for a file some other connection or thread writes. */
export function openReader(file: string): { read: ReadDb; close(): void } {
  const connection = new Database(file, { readonly: true, fileMustExist: true });
  connection.pragma('busy_timeout = 5000');
  return { read: new ReadHandle(connection), close: () => connection.close() };
}

export interface Connections {
  read: ReadDb;
  write: WriteDb;
  /**
   * Resolves when a bulk writer (the sync engine) may write its next page: at once, unless the
   * WAL is past its limit and waits for the worker's checkpoint to let it restart.
   */
  readyForPage(): Promise<void>;
  /** Runs after every outermost commit of the writer. */
  onCommit(listener: () => void): void;
  close(): void;
}

// WAL with synchronous=NORMAL is crash-safe: every commit is one append to the WAL, and a
// transaction whose commit record is not complete in the WAL is ignored on the next open, so no
// crash leaves half a transaction or a corrupt file. A killed process loses nothing committed (the
// WAL is already in the OS); only an OS crash or power cut can roll back the last commits before
// the next checkpoint's fsync, and those are sync pages the next poll fetches again, or outbox rows
// whose vendor idempotency key makes a re-send harmless.
const WRITER_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  // Checkpoints run on a worker thread (checkpointer.ts), never inside a commit on the main thread.
  'wal_autocheckpoint = 0',
  // 64 MB page cache: ingest touches the message table, two indexes and two FTS indexes per row.
  'cache_size = -65536',
  'temp_store = MEMORY',
];

const WAL_LIMIT_BYTES = 256 * 1024 * 1024;
const WAL_FRAME_HEADER_BYTES = 24;
/** Past this many times the limit the writer restarts the WAL itself, held back or not. */
const WAL_HARD_LIMIT_FACTOR = 4;
const HOLD_LIMIT_MS = 2000;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export interface ConnectionOptions {
  /** How often the worker thread checkpoints the WAL. */
  checkpointIntervalMs?: number;
  onCheckpoint?: (event: CheckpointEvent) => void;
  /** Past this size bulk writes wait for the WAL to restart (default 256 MB); see readyForPage. */
  walLimitBytes?: number;
  /** The checkpoint worker's heap limit (worker-limits.ts). */
  checkpointerLimits?: ResourceLimits;
}

export function openConnections(file: string, migrate: (db: WriteDb) => void, options: ConnectionOptions = {}): Connections {
  let writer: Database.Database | undefined;
  let reader: Database.Database | undefined;
  try {
    writer = new Database(file);
    for (const pragma of WRITER_PRAGMAS) writer.pragma(pragma);
    const write = new WriteHandle(writer);
    migrate(write);
    // Opened after the writer has created the WAL files, which a read-only connection cannot do.
    reader = new Database(file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    reader.pragma('cache_size = -32768');
    const read = new ReadHandle(reader);
    const openWriter = writer;
    const openReader = reader;
    // The worker's checkpoints copy the WAL, and when one completes while this writer is idle (the
    // gaps between sync pages that wait on the network) the next transaction restarts the WAL from
    // the beginning. Pages written back to back leave no such gap, and a WAL that only grows makes
    // every page read search its index first. So once the WAL holds more than the limit, bulk
    // writers are held back (readyForPage) until the worker reports every frame copied; the next
    // transaction then restarts the WAL for free. The main thread never runs that checkpoint (and
    // its fsync) itself, unless the WAL file reached four times the limit regardless.
    //
    // The restarted file is overwritten, not cut: cutting a 256 MB file back (journal_size_limit)
    // cost the next commit 40-60 ms of kernel time on the main thread. The worker truncates the
    // WAL instead, once writes have paused (checkpointer.ts).
    const walLimit = options.walLimitBytes ?? WAL_LIMIT_BYTES;
    writer.pragma('journal_size_limit = -1');
    const frameBytes = (writer.pragma('page_size', { simple: true }) as number) + WAL_FRAME_HEADER_BYTES;
    /** Frames in the WAL as the worker last saw them. */
    let walFrames = 0;
    let workerAlive = true;
    let held: { since: number; waiters: Array<() => void>; retry?: NodeJS.Timeout } | undefined;
    const release = () => {
      if (!held) return;
      const { since, waiters, retry } = held;
      held = undefined;
      clearTimeout(retry);
      options.onCheckpoint?.({ type: 'held', ms: performance.now() - since });
      for (const resume of waiters) resume();
    };
    const commitListeners: Array<() => void> = [];
    write.afterCommit = () => {
      for (const listener of commitListeners) listener();
      if (workerAlive && fileSize(`${file}-wal`) > walLimit * WAL_HARD_LIMIT_FACTOR) {
        // Restarts never happened (nobody awaited readyForPage, or a reader held on): copy and
        // cut the WAL here, the one case where the main thread pays for it.
        const started = performance.now();
        openWriter.pragma('wal_checkpoint(TRUNCATE)');
        options.onCheckpoint?.({ type: 'restart', ms: performance.now() - started });
        walFrames = 0;
        release();
        return;
      }
      if (workerAlive && !held && walFrames * frameBytes > walLimit) {
        held = { since: performance.now(), waiters: [] };
        checkpointer.request();
      }
    };
    const checkpointer = startCheckpointer(file, {
      intervalMs: options.checkpointIntervalMs ?? 1000,
      ...(options.checkpointerLimits ? { resourceLimits: options.checkpointerLimits } : {}),
      onFailure: (reason) => {
        workerAlive = false;
        release();
        // Without the worker, SQLite's own checkpoints keep the WAL from growing without end.
        if (openWriter.open) openWriter.pragma('wal_autocheckpoint = 1000');
        options.onCheckpoint?.({ type: 'error', message: `checkpoint worker gone, SQLite checkpoints by itself again: ${reason}` });
      },
      onEvent: (event) => {
        options.onCheckpoint?.(event);
        if (event.type !== 'checkpoint') return;
        // Still the old count after a complete checkpoint: the restart happens at the next write,
        // and if a reader kept it from happening, the next report says so and holds again.
        walFrames = event.log ?? walFrames;
        if (!held || !event.requested) return;
        // Complete: the next transaction restarts the WAL. Otherwise a write or a reader came
        // between: ask again shortly.
        if (event.complete) release();
        else {
          held.retry = setTimeout(() => checkpointer.request(), 10);
          held.retry.unref();
        }
      },
    });
    const readyForPage = (): Promise<void> => {
      const current = held;
      if (!current) return Promise.resolve();
      return new Promise<void>((resume) => {
        current.waiters.push(resume);
        // Never wait on the worker for long: past this the hard limit keeps the WAL bounded.
        setTimeout(resume, HOLD_LIMIT_MS).unref();
      });
    };
    return {
      read,
      write,
      readyForPage,
      onCommit: (listener) => {
        commitListeners.push(listener);
      },
      close: () => {
        release();
        checkpointer.stop();
        openReader.close();
        openWriter.close();
      },
    };
  } catch (error) {
    reader?.close();
    writer?.close();
    if (isAppError(error)) throw error;
    throw appError(
      'STORAGE',
      '无法打开本地数据库,请检查磁盘空间和文件权限',
      'Could not open the local database; check disk space and file permissions',
      { file, reason: error instanceof Error ? error.message : String(error) },
      false,
    );
  }
}

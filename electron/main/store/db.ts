// The two handles every repository works through. A `ReadDb` can only run SELECT-shaped SQL and
// has no run/exec/transaction at all, so code that was handed a read handle cannot write: the
// compiler refuses it, and the connection behind it is opened read-only in case a string slips by.
// A `WriteDb` adds writes and transactions. Statements are prepared once and cached by their SQL
// text, and every value travels as a bound parameter: no SQL is ever assembled from values.
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { appError, isAppError } from '@shared/errors';
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

export interface Connections {
  read: ReadDb;
  write: WriteDb;
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
const WAL_KEPT_BYTES = 32 * 1024 * 1024;

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
  /** Past this size the writer restarts the WAL between transactions (default 256 MB). */
  walLimitBytes?: number;
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
    // the beginning. Pages written back to back leave no such gap; past the limit the writer runs a
    // PASSIVE checkpoint itself between transactions, which completes and restarts the WAL. The
    // worker has copied nearly everything by then; what remains is mostly the fsync (under 1 ms at
    // the median, 171 ms at worst in the benchmark), at most once per 256 MB written without a pause.
    const walLimit = options.walLimitBytes ?? WAL_LIMIT_BYTES;
    // A restarted WAL file is cut back to this size.
    writer.pragma(`journal_size_limit = ${Math.trunc(Math.min(walLimit, WAL_KEPT_BYTES))}`);
    write.afterCommit = () => {
      if (fileSize(`${file}-wal`) <= walLimit) return;
      const started = performance.now();
      openWriter.pragma('wal_checkpoint(PASSIVE)');
      options.onCheckpoint?.({ type: 'restart', ms: performance.now() - started });
    };
    const checkpointer = startCheckpointer(file, {
      intervalMs: options.checkpointIntervalMs ?? 1000,
      onFailure: () => {
        // Without the worker, SQLite's own checkpoints keep the WAL from growing without end.
        if (openWriter.open) openWriter.pragma('wal_autocheckpoint = 1000');
      },
      ...(options.onCheckpoint ? { onEvent: options.onCheckpoint } : {}),
    });
    return {
      read,
      write,
      close: () => {
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

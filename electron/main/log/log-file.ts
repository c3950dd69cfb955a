// Log files a user can send: `<name>.log` in the app's logs folder, rotated to `<name>.1.log` …
// `<name>.4.log` at 2 MB each, so the folder never holds more than 10 MB per host. Lines are
// buffered and written together every half second (or at 64 KB), one synchronous append each: the
// main thread pays one short write per batch, never one per line, and a crash loses at most the
// last half second. Every batch is scrubbed again on its way to disk, so a secret registered for
// redaction after its line was formatted still never reaches the file.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatLogLine, scrub, type LogSink } from './logger';

export interface LogFileOptions {
  dir: string;
  /** The host writing: 'desktop' or 'web-host'. Both may share one folder, each its own files. */
  name: string;
  maxFileBytes?: number;
  /** The current file and the rotated ones. */
  files?: number;
  flushEveryMs?: number;
  /** A batch this large is written at once. */
  bufferBytes?: number;
  /** A longer line is cut: one runaway message must not rotate the history away. */
  maxLineChars?: number;
}

export const LOG_FILE_LIMITS = { maxFileBytes: 2 * 1024 * 1024, files: 5 } as const;

export class RotatingLogFile {
  readonly path: string;
  private readonly maxFileBytes: number;
  private readonly files: number;
  private readonly flushEveryMs: number;
  private readonly bufferBytes: number;
  private readonly maxLineChars: number;
  private buffered: string[] = [];
  private bufferedChars = 0;
  private fd: number | undefined;
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Lines dropped because the disk refused them; said in the file once writing works again. */
  private lost = 0;
  private lostBecause = '';
  private closed = false;

  /** Throws when the folder or the file cannot be made; the caller logs to stderr only then. */
  constructor(private readonly options: LogFileOptions) {
    this.maxFileBytes = options.maxFileBytes ?? LOG_FILE_LIMITS.maxFileBytes;
    this.files = Math.max(1, options.files ?? LOG_FILE_LIMITS.files);
    this.flushEveryMs = options.flushEveryMs ?? 500;
    this.bufferBytes = options.bufferBytes ?? 64 * 1024;
    this.maxLineChars = options.maxLineChars ?? 8 * 1024;
    mkdirSync(options.dir, { recursive: true });
    this.path = join(options.dir, `${options.name}.log`);
    this.open();
  }

  readonly sink: LogSink = (record) => this.write(formatLogLine(record));

  write(line: string): void {
    if (this.closed) return;
    const text = line.length > this.maxLineChars ? `${line.slice(0, this.maxLineChars)} … [${line.length - this.maxLineChars} characters cut]\n` : line;
    this.buffered.push(text);
    this.bufferedChars += text.length;
    if (this.bufferedChars >= this.bufferBytes) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered now (also on exit and before an export). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffered.length === 0 || this.fd === undefined) return;
    const lines = this.buffered;
    this.buffered = [];
    this.bufferedChars = 0;
    const note = this.lost > 0 ? `${new Date().toISOString()} warn log ${this.lost} log lines were lost (${this.lostBecause})\n` : '';
    const chunk = Buffer.from(scrub(note + lines.join('')), 'utf8');
    try {
      if (this.size > 0 && this.size + chunk.length > this.maxFileBytes) this.rotate();
      writeSync(this.fd, chunk);
      this.size += chunk.length;
      this.lost = 0;
    } catch (error) {
      // A full or failing disk must not take the app down: the lines are dropped and counted.
      this.lost += lines.length;
      this.lostBecause = (error as NodeJS.ErrnoException).code ?? 'write failed';
      if (this.fd === undefined) this.reopen();
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    this.fd = openSync(this.path, 'a');
    this.size = statSync(this.path).size;
  }

  private reopen(): void {
    try {
      this.open();
    } catch {
      this.fd = undefined;
    }
  }

  private rotate(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    const rotated = (n: number) => join(this.options.dir, `${this.options.name}.${n}.log`);
    const oldest = rotated(this.files - 1);
    if (this.files === 1) unlinkSync(this.path);
    else {
      if (existsSync(oldest)) unlinkSync(oldest);
      for (let n = this.files - 2; n >= 1; n--) if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1));
      renameSync(this.path, rotated(1));
    }
    this.open();
  }
}

export interface LogFolderText {
  /** Oldest first; each file's text, or its newest part when the total was over the limit. */
  files: Array<{ name: string; text: string; cutBytes: number }>;
  totalBytes: number;
}

/**
 * The `.log` files of a folder, oldest first, keeping the newest `maxBytes` in all: an export a
 * ticket system accepts, with the latest moments complete. Scrubbed again on the way out.
 */
export function readLogFolder(dir: string, maxBytes: number): LogFolderText {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.log'));
  } catch {
    return { files: [], totalBytes: 0 };
  }
  const stats = names.flatMap((name) => {
    try {
      const stat = statSync(join(dir, name));
      return stat.isFile() ? [{ name, size: stat.size, mtime: stat.mtimeMs }] : [];
    } catch {
      return [];
    }
  });
  // Newest first by time written, then by rotation number (desktop.log before desktop.1.log).
  stats.sort((a, b) => b.mtime - a.mtime || rotation(a.name) - rotation(b.name));
  let budget = maxBytes;
  const files: LogFolderText['files'] = [];
  let totalBytes = 0;
  for (const file of stats) {
    totalBytes += file.size;
    if (budget <= 0) {
      files.push({ name: file.name, text: '', cutBytes: file.size });
      continue;
    }
    let bytes = readFileSync(join(dir, file.name));
    let cutBytes = 0;
    if (bytes.length > budget) {
      cutBytes = bytes.length - budget;
      bytes = bytes.subarray(cutBytes);
      // Start on a whole line.
      const newline = bytes.indexOf(0x0a);
      if (newline >= 0) {
        cutBytes += newline + 1;
        bytes = bytes.subarray(newline + 1);
      }
    }
    budget -= bytes.length;
    files.push({ name: file.name, text: scrub(bytes.toString('utf8')), cutBytes });
  }
  return { files: files.reverse(), totalBytes };
}

function rotation(name: string): number {
  const match = /\.(\d+)\.log$/.exec(name);
  return match ? Number(match[1]) : 0;
}

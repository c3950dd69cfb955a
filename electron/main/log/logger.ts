// One logger for the main process. Every line passes through redaction before it reaches a sink,
// so a request URL with accessToken=..., an Authorization header or a secret value that some
// code interpolated by mistake never lands in a log file.
import { redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  level: LogLevel;
  scope: string;
  message: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

/** Secret values known to the process (tokens, client secrets): scrubbed from every log line. */
const knownSecrets = new Set<string>();

/** Called by whoever reads a secret from the keychain, so a stray interpolation is still scrubbed. */
export function registerSecretForRedaction(value: string | null | undefined): void {
  // Short values would blank out ordinary words; real tokens are long.
  if (value && value.length >= 6) knownSecrets.add(value);
}

export function forgetSecretForRedaction(value: string): void {
  knownSecrets.delete(value);
}

export function scrub(text: string): string {
  let out = redactText(text);
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

function format(message: string, fields?: Record<string, unknown>): string {
  if (!fields) return message;
  let rendered: string;
  try {
    rendered = JSON.stringify(fields, (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message } : value,
    );
  } catch {
    rendered = '[unserializable fields]';
  }
  return `${message} ${rendered}`;
}

export function createLogger(sink: LogSink, scope = 'main', minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return;
    sink({ level, scope, message: scrub(format(message, fields)), at: Date.now() });
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (child) => createLogger(sink, `${scope}:${child}`, minLevel),
  };
}

/** One record as one `time level scope message` line, as stderr and the log files hold it. */
export function formatLogLine(r: LogRecord): string {
  return `${new Date(r.at).toISOString()} ${r.level} ${r.scope} ${r.message}\n`;
}

/** Writes every record to stderr; the default sink of the app. */
export const stderrSink: LogSink = (r) => {
  process.stderr.write(formatLogLine(r));
};

/** Every record to each sink, in order. */
export function allOf(...sinks: LogSink[]): LogSink {
  return (record) => {
    for (const sink of sinks) sink(record);
  };
}

/** A logger that drops everything; for code paths where the caller passed none. */
export const silentLogger: Logger = createLogger(() => {}, 'silent');

// How each entry (the Electron app, the web host) logs: every line to stderr as before and to its
// rotating files in the logs folder, through the same redaction. A folder that cannot be written
// leaves the app logging to stderr only, saying so once.
import { allOf, createLogger, stderrSink, type Logger, type LogSink } from './logger';
import { RotatingLogFile, type LogFileOptions } from './log-file';

export interface AppLogs {
  logger: Logger;
  /** The folder the files are in (shown in Settings → About, read by the diagnostics export). */
  dir: string;
  /** Writes what is buffered; before an export, and on the way out. */
  flush(): void;
  close(): void;
}

export function startAppLogging(options: Omit<LogFileOptions, 'name'> & { name: 'desktop' | 'web-host'; echo?: LogSink }): AppLogs {
  const echo = options.echo ?? stderrSink;
  let file: RotatingLogFile | undefined;
  let failure: string | undefined;
  try {
    file = new RotatingLogFile(options);
  } catch (error) {
    failure = (error as NodeJS.ErrnoException).code ?? String(error);
  }
  const logger = createLogger(file ? allOf(echo, file.sink) : echo, options.name);
  if (failure) logger.warn('the log folder cannot be written; logging to the terminal only', { dir: options.dir, reason: failure });
  const flush = () => file?.flush();
  // Whatever way the process ends (a quit, an exit after a storm of errors), the last lines are kept.
  process.once('exit', flush);
  return {
    logger,
    dir: options.dir,
    flush,
    close: () => {
      process.off('exit', flush);
      file?.close();
    },
  };
}

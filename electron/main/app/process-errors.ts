// What the main process does with an error nobody caught. Node would end the process (Electron
// would show its own dialog): here it is logged and the app goes on, because going on is safe in
// this app — every store write is one transaction that a throw rolls back before it gets here,
// sync and the outbox keep their place in the store, and what the throw interrupted is one
// callback's work (a poll, an IPC call) that its next turn repeats. Only a storm of them (a
// callback throwing in a loop) ends the process, after the logs are written.
import type { Logger } from '../log/logger';

export interface ProcessErrorSource {
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface ProcessErrorOptions {
  /** Ends the process (process.exit / app.exit). */
  exit: (code: number) => void;
  /** Written before the exit: the logs. */
  beforeExit?: () => void;
  now?: () => number;
  /** This many uncaught exceptions within `withinMs` end the process. */
  storm?: { count: number; withinMs: number };
}

export const ERROR_STORM = { count: 10, withinMs: 60_000 } as const;

/** Installs the handlers; returns their removal. */
export function watchProcessErrors(source: ProcessErrorSource, logger: Logger, options: ProcessErrorOptions): () => void {
  const log = logger.child('process');
  const now = options.now ?? Date.now;
  const storm = options.storm ?? ERROR_STORM;
  const recent: number[] = [];

  const noteAndMaybeExit = () => {
    const at = now();
    recent.push(at);
    while (recent.length > 0 && at - recent[0]! >= storm.withinMs) recent.shift();
    if (recent.length < storm.count) return;
    log.error('too many uncaught errors in a row; stopping so the app can be started afresh', { count: recent.length, withinMs: storm.withinMs });
    options.beforeExit?.();
    options.exit(1);
  };

  const onException = (error: Error, origin: string) => {
    log.error('uncaught exception; the app goes on', { origin, ...describe(error) });
    noteAndMaybeExit();
  };
  const onRejection = (reason: unknown) => {
    // A rejection left no code half-run (its promise chain just ended), so it never counts towards a storm.
    log.error('unhandled promise rejection; the app goes on', describe(reason));
  };
  source.on('uncaughtException', onException);
  source.on('unhandledRejection', onRejection);
  return () => {
    source.off('uncaughtException', onException);
    source.off('unhandledRejection', onRejection);
  };
}

/** Name, message and the top of the stack: where it came from, without the values in play. */
function describe(thrown: unknown): Record<string, unknown> {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    return {
      name: thrown.name,
      message: thrown.message,
      ...(typeof code === 'string' ? { code } : {}),
      stack: (thrown.stack ?? '').split('\n').slice(1, 13).map((line) => line.trim()),
    };
  }
  return { thrown: typeof thrown, message: String(thrown).slice(0, 500) };
}

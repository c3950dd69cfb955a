// Shared set-up of the Youmi client tests: a simulator, a logger whose every line is kept (to
// prove no token leaks), and clients with short backoff so retries do not slow the suite.
import { expect } from 'vitest';
import { AppError } from '@shared/errors';
import { createLogger, type LogRecord } from '../../log/logger';
import { ManualClock } from '../http/manual-clock';
import { startYoumiSimulator, type YoumiSimulator, type YoumiSimulatorOptions } from './simulator';
import type { YoumiV1ClientOptions } from './v1-client';
import type { YoumiV2ClientOptions } from './v2-client';

type ClientOptions = YoumiV1ClientOptions & YoumiV2ClientOptions;

/** The demo's "now": fixed, so the seeded store is the same on every run. */
export const DEMO_NOW = Date.UTC(2026, 0, 15, 4, 0, 0);

export interface YoumiTestbed {
  sim: YoumiSimulator;
  logLines: string[];
  clientOptions(extra?: Partial<ClientOptions>): ClientOptions;
}

export async function startTestbed(options: YoumiSimulatorOptions = {}): Promise<YoumiTestbed> {
  const sim = await startYoumiSimulator({ nowMs: DEMO_NOW, ...options });
  const logLines: string[] = [];
  const logger = createLogger((record: LogRecord) => logLines.push(`${record.level} ${record.scope} ${record.message}`), 'test', 'debug');
  return {
    sim,
    logLines,
    clientOptions: (extra = {}) => ({
      baseUrl: sim.url,
      getToken: async () => sim.token,
      logger,
      timeoutMs: 3_000,
      backoff: { baseMs: 1, capMs: 5 },
      ...extra,
    }),
  };
}

/** A clock whose sleeps pass instantly and move its time forward: rate limits without waiting. */
export function steppingClock(start = DEMO_NOW): ManualClock & { elapsed(): number } {
  const clock = new ManualClock(start);
  return Object.assign(clock, { elapsed: () => clock.now() - start });
}

/** The AppError a promise rejects with (and a test failure if it resolves or throws anything else). */
export async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Closes the simulator and checks that no line logged meanwhile carries the token. */
export async function closeTestbed(bed: YoumiTestbed): Promise<void> {
  await bed.sim.close();
  expect(bed.logLines.join('\n')).not.toContain(bed.sim.token);
}

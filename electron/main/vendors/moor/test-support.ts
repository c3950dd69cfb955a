// Shared by the 7moor tests: a simulator on a manual clock, clients wired to it with an
// in-memory SecretStore, and a log capture that the tests check for leaked secrets.
import { readFileSync } from 'node:fs';
import { AppError } from '@shared/errors';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { createLogger, type LogRecord, type Logger } from '../../log/logger';
import { MemorySecretStore } from '../../secrets/secret-store';
import { MoorClient, type MoorClientOptions } from './client';
import { ManualClock } from '../http/manual-clock';
import { startMoorSimulator, type MoorSimulator, type MoorSimulatorOptions } from './simulator';

/** 2024-06-20 10:00 in China. */
export const T0 = Date.UTC(2024, 5, 20, 2, 0, 0);
export const ACCOUNT = 'moor-test';

export interface LogCapture {
  logger: Logger;
  lines: string[];
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const logger = createLogger((r: LogRecord) => lines.push(`${r.level} ${r.scope} ${r.message}`), 'test', 'debug');
  return { logger, lines };
}

/** Lines that carry a secret the simulator issued or accepted, or an accessToken query not redacted. */
export function leakedLines(lines: string[], secrets: string[]): string[] {
  return lines.filter((line) => secrets.some((s) => line.includes(s)) || /accessToken=(?!\*\*\*)/i.test(line) || /refreshToken=(?!\*\*\*)/i.test(line));
}

export interface MoorRig {
  sim: MoorSimulator;
  clock: ManualClock;
  secrets: MemorySecretStore;
  logs: LogCapture;
  /** A client on the rig's clock, store and logger; options override. */
  client(options?: Partial<MoorClientOptions>): MoorClient;
  close(): Promise<void>;
}

export async function startRig(options: MoorSimulatorOptions & { storeSecret?: boolean } = {}, logs: LogCapture = captureLogs()): Promise<MoorRig> {
  const clock = new ManualClock(T0);
  const sim = await startMoorSimulator({ clock, ...options });
  const secrets = new MemorySecretStore();
  if (options.storeSecret !== false) await secrets.set(ACCOUNT, 'clientSecret', sim.credentials.clientSecret);
  return {
    sim,
    clock,
    secrets,
    logs,
    client: (overrides = {}) =>
      new MoorClient({
        accountId: ACCOUNT,
        clientId: sim.credentials.clientId,
        secrets,
        baseUrl: sim.url,
        clock,
        logger: logs.logger,
        backoff: { baseMs: 10, capMs: 50 },
        ...overrides,
      }),
    close: () => sim.close(),
  };
}

/** A doc example from fixtures/doc (see its README for what was done to make it JSON). */
export function docExample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/doc/${name}.json`, import.meta.url), 'utf8'));
}

export interface MoorSuite {
  /** The rig of the running test. */
  readonly rig: MoorRig;
  /** Replaces the running test's rig with one started from `options` (same log capture). */
  restart(options: MoorSimulatorOptions & { storeSecret?: boolean }): Promise<MoorRig>;
}

/**
 * A fresh rig per test and one log capture for the whole file; after the last test, no captured
 * line may hold a secret any simulator issued, and `redactedMarker` must have been logged (proof
 * that the lines checked are the ones that carried tokens).
 */
export function moorSuite(redactedMarker: string): MoorSuite {
  const logs = captureLogs();
  const issued = new Set<string>();
  let current: MoorRig | undefined;
  const rigOrThrow = (): MoorRig => {
    if (!current) throw new Error('no rig outside a test');
    return current;
  };
  beforeEach(async () => {
    current = await startRig({}, logs);
  });
  afterEach(async () => {
    const rig = rigOrThrow();
    for (const secret of rig.sim.secrets()) issued.add(secret);
    await rig.close();
  });
  afterAll(() => {
    expect(logs.lines.some((line) => line.includes(redactedMarker))).toBe(true);
    expect(leakedLines(logs.lines, [...issued])).toEqual([]);
  });
  return {
    get rig() {
      return rigOrThrow();
    },
    async restart(options) {
      const old = rigOrThrow();
      for (const secret of old.sim.secrets()) issued.add(secret);
      await old.close();
      current = await startRig(options, logs);
      return current;
    },
  };
}

/** The AppError a promise rejects with; fails the test when it resolves or throws something else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

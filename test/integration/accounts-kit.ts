// Shared by the accounts tests: the app core on a temp data dir, calls through its real router,
// the three vendor simulators, a SecretStore that fails on demand, and a sync control that
// records what the accounts service asked of it.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { appError, type SerializedError } from '@shared/errors';
import type { AccountDraft, AccountSummary } from '@shared/ipc/accounts';
import type { AppInput, AppMethod, AppOutput } from '@shared/ipc/contract';
import type { Result } from '@shared/ipc/define';
import type { SyncControl } from '../../electron/main/app/context';
import { createAppCore, DATABASE_FILE, type AppCore, type AppCoreOptions } from '../../electron/main/app/core';
import type { Logger, LogRecord } from '../../electron/main/log/logger';
import { createLogger } from '../../electron/main/log/logger';
import type { SecretName, SecretRef, SecretStore } from '../../electron/main/secrets/secret-store';
import type { Clock } from '../../electron/main/vendors/http/clock';
import type { MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import type { YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import type { ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';

type Method = AppMethod;

export interface TestApp {
  core: AppCore;
  dataDir: string;
  logs: string[];
  sync: RecordingSync;
  events: AccountSummary[][];
  call<M extends Method>(method: M, input: AppInput<M>): Promise<AppOutput<M>>;
  failure(method: Method, input: unknown): Promise<SerializedError>;
  close(): Promise<void>;
}

/** `realSync` keeps the app's own sync service (recorded on its way); otherwise nothing syncs. */
export async function startApp(options: {
  secrets: SecretStore;
  dataDir?: string;
  clock?: Clock;
  realSync?: boolean;
  /** The way out to the vendors (proxy tests); the web host's default otherwise. */
  network?: AppCoreOptions['network'];
}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wp-accounts-'));
  const logs: string[] = [];
  const logger: Logger = createLogger((r: LogRecord) => logs.push(`${r.level} ${r.scope} ${r.message}`), 'test', 'debug');
  const core = await createAppCore({
    host: 'web',
    dataDir,
    secrets: options.secrets,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.network ? { network: options.network } : {}),
  });
  const sync = new RecordingSync(options.realSync ? core.context.sync : undefined);
  core.context.sync = sync;
  const events: AccountSummary[][] = [];
  core.bus.on('accounts.onDidChange', (list) => events.push(list));
  const invoke = (method: Method, input: unknown) => core.router.invoke(method, input) as Promise<Result<unknown>>;
  return {
    core,
    dataDir,
    logs,
    sync,
    events,
    async call(method, input) {
      const result = await invoke(method, input);
      if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code} ${result.error.message}`), { error: result.error });
      return result.value as never;
    },
    async failure(method, input) {
      const result = await invoke(method, input);
      expect(result.ok, `${method} should fail`).toBe(false);
      return (result as { ok: false; error: SerializedError }).error;
    },
    close: () => core.close(),
  };
}

/** What the accounts service asked of the sync, in order, passed on to the real one if given. */
export class RecordingSync implements SyncControl {
  readonly calls: string[] = [];
  constructor(private readonly inner?: SyncControl) {}
  start(): void {
    this.inner?.start();
  }
  async startAccount(id: string): Promise<void> {
    this.calls.push(`start ${id}`);
    await this.inner?.startAccount(id);
  }
  async stopAccount(id: string): Promise<void> {
    this.calls.push(`stop ${id}`);
    await this.inner?.stopAccount(id);
  }
  async stop(): Promise<void> {
    await this.inner?.stop();
  }
  of(id: string): string[] {
    return this.calls.filter((c) => c.endsWith(` ${id}`)).map((c) => c.split(' ')[0]!);
  }
}

/**
 * A real SecretStore whose Nth operation from now (and, with `keepFailing`, every one after it)
 * fails the way a keychain that went away fails: a KEYCHAIN error, nothing written.
 */
export class FailingSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private countdown = 0;
  private keepFailing = false;
  readonly operations: string[] = [];

  constructor(private readonly inner: SecretStore) {}

  failOnCall(n: number, keepFailing = false): void {
    this.countdown = n;
    this.keepFailing = keepFailing;
  }

  private failing: ((operation: string) => boolean) | undefined;

  /** Fails every operation the predicate picks, e.g. `op => op === 'set token'`. */
  failWhen(pick: (operation: string) => boolean): void {
    this.failing = pick;
  }

  heal(): void {
    this.countdown = 0;
    this.keepFailing = false;
    this.failing = undefined;
  }

  private gate(operation: string): void {
    this.operations.push(operation);
    if (this.failing?.(operation)) throw appError('KEYCHAIN', '系统钥匙串已锁定', 'The keychain is locked', { reason: 'locked', operation });
    if (this.countdown === 0) return;
    this.countdown--;
    if (this.countdown === 0) {
      if (this.keepFailing) this.countdown = 1;
      throw appError('KEYCHAIN', '系统钥匙串已锁定', 'The keychain is locked', { reason: 'locked', operation });
    }
  }

  async get(accountId: string, name: SecretName): Promise<string | null> {
    this.gate(`get ${name}`);
    return this.inner.get(accountId, name);
  }
  async set(accountId: string, name: SecretName, value: string): Promise<void> {
    this.gate(`set ${name}`);
    return this.inner.set(accountId, name, value);
  }
  async delete(accountId: string, name: SecretName): Promise<boolean> {
    this.gate(`delete ${name}`);
    return this.inner.delete(accountId, name);
  }
  async list(accountId?: string): Promise<SecretRef[]> {
    this.gate('list');
    return this.inner.list(accountId);
  }
  async deleteAccount(accountId: string): Promise<number> {
    this.gate('deleteAccount');
    return this.inner.deleteAccount(accountId);
  }
}

/** A secret no other test uses, so a hit in a file or a log points at its test. */
export function marker(label: string): string {
  return `${label}-${randomUUID()}`;
}

export function moorDraft(sim: MoorSimulator, overrides: Partial<{ label: string; baseUrl: string; clientSecret: string }> = {}): AccountDraft {
  return {
    vendor: 'moor',
    label: overrides.label ?? '七陌工作手机',
    baseUrl: overrides.baseUrl ?? sim.url,
    settings: { clientId: sim.credentials.clientId },
    clientSecret: overrides.clientSecret ?? sim.credentials.clientSecret,
  };
}

export function youmiDraft(sim: YoumiSimulator, overrides: Partial<{ apiVersion: 'v1' | 'v2'; token: string }> = {}): AccountDraft {
  return {
    vendor: 'youmi',
    label: '友米聚合',
    baseUrl: sim.url,
    settings: { apiVersion: overrides.apiVersion ?? 'v2', wechatIds: sim.operators.map((o) => String(o.wechatId)) },
    token: overrides.token ?? sim.token,
  };
}

export function zhugeDraft(sim: ZhugeSimulator, overrides: Partial<{ token: string }> = {}): AccountDraft {
  const customer = sim.data.customers[0]!;
  const credentials = sim.account(customer.id);
  return {
    vendor: 'zhuge',
    label: '诸葛雷达',
    baseUrl: sim.url,
    settings: { userId: String(credentials.customerId), uId: String(credentials.radarUserId) },
    token: overrides.token ?? credentials.token,
  };
}

/** The SQLite file and its WAL as text, to search for secrets. */
export function databaseText(dataDir: string): string {
  const file = join(dataDir, DATABASE_FILE);
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

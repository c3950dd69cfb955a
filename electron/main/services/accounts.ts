// The agent's vendor accounts: add, edit, test, remove, the demo workspace, and each account's
// health (secret present, keychain reachable, secret refused, last error, token expiry).
//
// Atomic changes: a secret goes to the keychain first, then the row; when the row cannot be
// written the secret is taken back out. Removal is the reverse: the row is retired first, then
// the secrets go (the typed one last); when the keychain fails midway the row comes back.
//
// 7moor tokens stay fresh in the background: every minute the token keeper asks each 7moor
// account's MoorAuth for its token, which refreshes it in the last five minutes before it ends
// and signs in again with the client secret in the refresh token's last day (see docs/accounts.md).
import { randomUUID } from 'node:crypto';
import { appError, isAppError, type AppError, type SerializedError } from '@shared/errors';
import type { AccountDraft, AccountSummary, accountMethods, MyWorkPhone } from '@shared/ipc/accounts';
import type { AppContract } from '@shared/ipc/contract';
import type { AccountSyncStatus } from '@shared/ipc/sync';
import type { Agent, Customer } from '@shared/model';
import type { z } from 'zod';
import type { AppContext } from '../app/context';
import type { Handlers } from '../ipc/router';
import { registerSecretForRedaction, type Logger } from '../log/logger';
import type { SecretName } from '../secrets/secret-store';
import type { AccountRecord } from '../store';
import type { MoorAuth, MoorAuthState } from '../vendors/moor/auth';
import { credentialsRefused } from '../vendors/moor/errors';
import { checkConnection, connectionCheckOf } from './accounts-connection';
import {
  activeAccount,
  activeAccounts,
  createdAtOf,
  factsOf,
  isDemoAccount,
  needsCachePurge,
  PRIMARY_SECRET,
  storedSettings,
  vendorSettingsOf,
  withFacts,
} from './accounts-record';
import { checkBaseUrl, checkSettings, tidySettings } from './accounts-validation';
import { forgetWorkPhoneOf, getMyWorkPhone, setMyWorkPhone } from './identity';

export type AccountPatch = z.output<(typeof accountMethods)['accounts.update']['input']>;
export type ConnectionTestResult = z.output<(typeof accountMethods)['accounts.test']['output']>;

export interface AccountsServiceOptions {
  /** How often the token keeper looks at the 7moor accounts (default one minute). */
  tokenCheckEveryMs?: number;
  /** The longest a connection test may take (default 20 s). */
  testTimeoutMs?: number;
  /** The demo workspace's accounts, pointing at its in-process simulators. */
  demoDrafts?: () => Promise<AccountDraft[]> | AccountDraft[];
  /** The demo tenant's CRM customers, for the local customer list (7moor cannot list them). */
  demoCustomers?: () => Promise<Customer[]>;
}

/** What the service learned about an account beyond the keychain's own answer. */
interface AccountHealth {
  /** The vendor refused the secret itself: only the agent can fix it ("re-login needed"). */
  refusal?: SerializedError;
  lastError?: SerializedError;
  lastErrorFrom?: 'test' | 'sync';
  connected?: boolean;
  syncing?: boolean;
  /** The token keeper already logged a failure of this account; log again once it recovers. */
  keeperFailing?: boolean;
  /** Its sync stopped on a refused secret or a missing keychain; a passing test starts it again. */
  syncHalted?: boolean;
}

type SecretState = { hasSecret: boolean; tokenExpiresAt?: number } | { keychain: AppError };

const MOOR_TOKEN_NAMES: readonly SecretName[] = ['accessToken', 'accessTokenExpiresAt', 'refreshToken', 'refreshTokenExpiresAt'];

function serialize(error: unknown): SerializedError {
  if (isAppError(error)) return error.toJSON();
  return { code: 'INTERNAL', message: 'Something went wrong in the app', messageZh: '应用内部出错' };
}

function noSecretError(account: AccountRecord): SerializedError {
  return appError(
    'AUTH',
    '此账号还没有保存密钥，请在账号设置里重新填写',
    "No secret is saved for this account; enter it again in the account's settings",
    { accountId: account.id, reason: 'noSecret' },
  ).toJSON();
}

/** A refusal of the secret itself, as opposed to a network failure or a business error. */
function isSecretRefusal(account: AccountRecord, error: SerializedError): boolean {
  if (error.code !== 'AUTH') return false;
  // A 7moor AUTH error without reloginNeeded is a token refused again after a fresh sign-in: the
  // secret worked, so signing in again later may cure it.
  return account.vendor !== 'moor' || error.details?.reloginNeeded === true;
}

const servicesByContext = new WeakMap<AppContext, AccountsService>();

/**
 * The accounts service of an app: for the hosts (the demo on first run) and for tests that drive
 * the token keeper by hand.
 */
export function accountsServiceOf(context: AppContext): AccountsService {
  const service = servicesByContext.get(context);
  if (!service) throw new Error('no accounts service was created for this app context');
  return service;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class AccountsService {
  private readonly health = new Map<string, AccountHealth>();
  private readonly watched = new Map<string, { auth: MoorAuth; unsubscribe: () => void }>();
  private readonly unsubscribes: (() => void)[] = [];
  private readonly log: Logger;
  private changes: Promise<unknown> = Promise.resolve();
  private emissions: Promise<void> = Promise.resolve();
  private emitQueued = false;
  private forceNextEmit = false;
  private lastEmitted = '';
  private keeper: ReturnType<typeof setInterval> | undefined;
  private keeping: Promise<void> | undefined;
  private disposed = false;
  /** Removals of cached data that an earlier run did not finish; resumed at start. */
  readonly resumed: Promise<void>;

  constructor(
    private readonly context: AppContext,
    private readonly options: AccountsServiceOptions = {},
  ) {
    this.log = context.logger.child('accounts');
    servicesByContext.set(context, this);
    this.unsubscribes.push(
      context.bus.on('sync.onDidProgress', (status) => this.onSyncProgress(status)),
      context.bus.on('sync.onDidFail', ({ accountId, error }) => this.onSyncFailure(accountId, error)),
    );
    this.resumed = this.resumeRemovals();
    this.keeper = setInterval(() => void this.keepTokensFresh(), options.tokenCheckEveryMs ?? 60_000);
    this.keeper.unref();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  async list(): Promise<AccountSummary[]> {
    return Promise.all(activeAccounts(this.context.store).map((account) => this.summarize(account)));
  }

  async summary(id: string): Promise<AccountSummary> {
    return this.summarize(activeAccount(this.context.store, id));
  }

  // ---------------------------------------------------------------------------------------------
  // Changing

  add(draft: AccountDraft, facts: { demo?: boolean } = {}): Promise<AccountSummary> {
    return this.exclusive(() => this.addNow(draft, facts));
  }

  update(patch: AccountPatch): Promise<AccountSummary> {
    return this.exclusive(() => this.updateNow(patch));
  }

  remove(id: string, deleteCachedData: boolean): Promise<{ removed: true }> {
    return this.exclusive(() => this.removeNow(id, deleteCachedData));
  }

  /** The three demo accounts, added through the same path as the agent's own; once only. */
  createDemo(): Promise<AccountSummary[]> {
    return this.exclusive(async () => {
      const existing = activeAccounts(this.context.store).filter(isDemoAccount);
      if (existing.length > 0) return Promise.all(existing.map((a) => this.summarize(a)));
      if (!this.options.demoDrafts) {
        throw appError('UNSUPPORTED', '此版本没有演示工作区', 'This build has no demo workspace');
      }
      const drafts = await this.options.demoDrafts();
      const created: AccountSummary[] = [];
      try {
        for (const draft of drafts) created.push(await this.addNow(draft, { demo: true }));
      } catch (error) {
        // All three or none: a half-built demo would only confuse. The rows go whatever the
        // keychain says; their secrets are only the simulators' demo credentials.
        for (const account of created) {
          await this.stopSync(account.id);
          this.unwatch(account.id);
          this.context.vendors.forget(account.id);
          this.health.delete(account.id);
          await this.purgeCache(account.id);
          await this.discardSecrets(account.id);
        }
        await this.emitChange(true);
        throw error;
      }
      await this.presetDemoWorkPhone(created);
      await this.seedDemoCustomers(created);
      return created;
    });
  }

  private async seedDemoCustomers(created: readonly AccountSummary[]): Promise<void> {
    const moor = created.find((a) => a.vendor === 'moor');
    if (!moor || !this.options.demoCustomers) return;
    try {
      this.context.store.applyCustomerPage({ accountId: moor.id, items: await this.options.demoCustomers() });
    } catch (error) {
      this.log.warn('demo customers not seeded', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * The demo is for trying click-to-dial at once: the agent is the demo tenant's first agent until
   * they pick someone else. Best effort: without it the dial action explains what to set.
   */
  private async presetDemoWorkPhone(created: readonly AccountSummary[]): Promise<void> {
    const moor = created.find((a) => a.vendor === 'moor');
    if (!moor || getMyWorkPhone(this.context)) return;
    try {
      const agent = (await this.listAgents(moor.id)).find((a) => a.phone);
      if (agent?.phone) this.setMyWorkPhone({ accountId: moor.id, agentId: agent.vendorId, agentName: agent.name, phone: agent.phone });
    } catch (error) {
      this.log.warn('demo work phone not preset', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async addNow(draft: AccountDraft, facts: { demo?: boolean }): Promise<AccountSummary> {
    const { store, secrets, clock } = this.context;
    const settings = tidySettings(checkSettings(draft.vendor, draft.settings));
    const baseUrl = checkBaseUrl(draft.baseUrl);
    const secret = this.checkSecret(draft.vendor === 'moor' ? draft.clientSecret : draft.token);
    const record: AccountRecord = {
      id: randomUUID(),
      vendor: draft.vendor,
      label: draft.label,
      baseUrl,
      settings: storedSettings(settings, { createdAt: clock.now(), ...(facts.demo ? { demo: true } : {}) }),
    };
    try {
      await secrets.set(record.id, PRIMARY_SECRET[record.vendor], secret);
      store.accounts.upsert(record);
    } catch (error) {
      await this.discardSecrets(record.id);
      throw error;
    }
    this.log.info('account added', { accountId: record.id, vendor: record.vendor, demo: facts.demo === true });
    this.health.set(record.id, {});
    await this.startSync(record.id);
    await this.emitChange(true);
    return this.summarize(record);
  }

  private async updateNow(patch: AccountPatch): Promise<AccountSummary> {
    const { store, secrets, vendors } = this.context;
    const current = activeAccount(store, patch.id);
    const settings = patch.settings === undefined ? vendorSettingsOf(current) : tidySettings(checkSettings(current.vendor, patch.settings));
    const baseUrl = patch.baseUrl === undefined ? current.baseUrl : checkBaseUrl(patch.baseUrl);
    const secret = patch.secret === undefined ? undefined : this.checkSecret(patch.secret);
    const next: AccountRecord = { ...current, label: patch.label ?? current.label, baseUrl, settings: storedSettings(settings, factsOf(current)) };
    const connectionChanged =
      secret !== undefined || baseUrl !== current.baseUrl || JSON.stringify(settings) !== JSON.stringify(vendorSettingsOf(current));
    if (!connectionChanged) {
      store.accounts.upsert(next);
      vendors.forget(next.id);
      await this.emitChange(true);
      return this.summarize(next);
    }

    const secretName = PRIMARY_SECRET[current.vendor];
    const previousSecret = secret === undefined ? undefined : await secrets.get(current.id, secretName);
    await this.stopSync(current.id);
    try {
      // Tokens belong to the old address and credentials; the next call signs in afresh.
      if (current.vendor === 'moor') for (const name of MOOR_TOKEN_NAMES) await secrets.delete(current.id, name);
      if (secret !== undefined) await secrets.set(current.id, secretName, secret);
      try {
        store.accounts.upsert(next);
      } catch (error) {
        await this.restoreSecret(current.id, secretName, previousSecret);
        throw error;
      }
    } catch (error) {
      vendors.forget(current.id);
      await this.startSync(current.id);
      throw error;
    }
    vendors.forget(current.id);
    this.unwatch(current.id);
    this.health.set(current.id, {});
    this.log.info('account changed', { accountId: current.id, secretReplaced: secret !== undefined });
    await this.startSync(current.id);
    await this.emitChange(true);
    return this.summarize(next);
  }

  private async removeNow(id: string, deleteCachedData: boolean): Promise<{ removed: true }> {
    const { store, secrets, vendors, clock } = this.context;
    const account = activeAccount(store, id);
    await this.stopSync(id);
    this.unwatch(id);
    vendors.forget(id);
    try {
      const refs = await secrets.list(id);
      const primary = PRIMARY_SECRET[account.vendor];
      // The typed secret goes last: if the keychain fails midway the account still works, since
      // tokens are fetched again.
      const names = refs.map((r) => r.name).sort((a, b) => Number(a === primary) - Number(b === primary));
      store.accounts.upsert(withFacts(account, { retiredAt: clock.now(), ...(deleteCachedData ? { purgeCache: true } : {}) }));
      try {
        for (const name of names) await secrets.delete(id, name);
      } catch (error) {
        store.accounts.upsert(account);
        throw error;
      }
    } catch (error) {
      await this.startSync(id);
      throw error;
    }
    this.health.delete(id);
    forgetWorkPhoneOf(this.context, id);
    this.log.info('account removed', { accountId: id, deleteCachedData });
    await this.emitChange(true);
    if (deleteCachedData) await this.purgeCache(id);
    return { removed: true };
  }

  private checkSecret(raw: string): string {
    // Pasted secrets often carry a stray space or line break; no vendor secret has one.
    const secret = raw.trim();
    if (!secret) throw appError('VALIDATION', '密钥不能为空', 'The secret cannot be empty', { field: 'secret' });
    registerSecretForRedaction(secret);
    return secret;
  }

  private async discardSecrets(id: string): Promise<void> {
    try {
      await this.context.secrets.deleteAccount(id);
    } catch (error) {
      this.log.warn('could not take the secret of a failed change back out of the keychain', { accountId: id, code: serialize(error).code });
    }
  }

  private async restoreSecret(id: string, name: SecretName, previous: string | null | undefined): Promise<void> {
    if (previous === undefined) return;
    try {
      if (previous === null) await this.context.secrets.delete(id, name);
      else await this.context.secrets.set(id, name, previous);
    } catch (error) {
      this.log.warn('could not put the previous secret back', { accountId: id, code: serialize(error).code });
    }
  }

  /** Deletes the cache of a removed account in batches, letting other work run in between. */
  private async purgeCache(id: string): Promise<void> {
    const { store } = this.context;
    while (!this.disposed && !store.accounts.removeStep(id)) await nextTurn();
  }

  private async resumeRemovals(): Promise<void> {
    await nextTurn();
    try {
      for (const account of this.context.store.accounts.list()) {
        if (needsCachePurge(account)) await this.exclusive(() => this.purgeCache(account.id));
      }
    } catch (error) {
      this.log.warn('could not finish deleting the cache of a removed account', { code: serialize(error).code });
    }
  }

  /** Changes run one at a time, so an edit never meets a half-done removal of the same account. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.changes.then(work, work);
    this.changes = run.catch(() => undefined);
    return run;
  }

  // ---------------------------------------------------------------------------------------------
  // Testing and the agent's identity

  async test(id: string): Promise<ConnectionTestResult> {
    const account = activeAccount(this.context.store, id);
    const clients = this.context.vendors.clientsFor(id);
    this.watch(account);
    const check = connectionCheckOf(clients);
    const signal = AbortSignal.timeout(this.options.testTimeoutMs ?? 20_000);
    const health = this.healthOf(id);
    try {
      // A refused secret is remembered; the test is how the agent asks to try it again.
      if (clients.vendor === 'moor' && clients.moor.auth.state === 'reloginNeeded') await clients.moor.auth.signIn();
      const done = await checkConnection(clients, signal);
      const halted = health.refusal !== undefined || health.syncHalted === true;
      Object.assign(health, { refusal: undefined, lastError: undefined, lastErrorFrom: undefined, connected: true, syncHalted: false });
      if (halted) await this.startSync(id);
      await this.emitChange();
      return { ok: true, ...done };
    } catch (thrown) {
      const error = signal.aborted
        ? appError('TIMEOUT', '测试连接超时：服务商没有及时回应，请检查网络后再试', 'The connection test timed out: the vendor did not answer in time; check the network and try again', { accountId: id }, true)
        : thrown;
      this.noteFailure(account, serialize(error), 'test');
      await this.emitChange();
      return { ok: false, ...check, error: serialize(error) };
    }
  }

  async listAgents(accountId: string): Promise<Agent[]> {
    const account = activeAccount(this.context.store, accountId);
    this.watch(account);
    return this.context.vendors.moor(accountId).getAgents();
  }

  getMyWorkPhone(): MyWorkPhone | null {
    return getMyWorkPhone(this.context);
  }

  setMyWorkPhone(input: { accountId: string; agentId?: string; agentName?: string; phone: string }): MyWorkPhone {
    return setMyWorkPhone(this.context, input, this.context.store.agents.list(input.accountId));
  }

  // ---------------------------------------------------------------------------------------------
  // Health

  private healthOf(id: string): AccountHealth {
    let health = this.health.get(id);
    if (!health) {
      health = {};
      this.health.set(id, health);
    }
    return health;
  }

  private async readSecrets(account: AccountRecord): Promise<SecretState> {
    const { secrets } = this.context;
    try {
      const hasSecret = (await secrets.get(account.id, PRIMARY_SECRET[account.vendor])) !== null;
      if (account.vendor !== 'moor') return { hasSecret };
      // Not a secret: kept beside the token so it survives a restart with it.
      const expiresAt = Number(await secrets.get(account.id, 'accessTokenExpiresAt'));
      return { hasSecret, ...(Number.isFinite(expiresAt) && expiresAt > 0 ? { tokenExpiresAt: expiresAt } : {}) };
    } catch (error) {
      if (isAppError(error) && error.code === 'KEYCHAIN') return { keychain: error };
      throw error;
    }
  }

  private async summarize(account: AccountRecord): Promise<AccountSummary> {
    this.watch(account);
    const health = this.healthOf(account.id);
    const secrets = await this.readSecrets(account);
    let status: AccountSummary['status'];
    let lastError: SerializedError | undefined;
    if ('keychain' in secrets) [status, lastError] = ['keychainMissing', secrets.keychain.toJSON()];
    else if (!secrets.hasSecret) [status, lastError] = ['reloginNeeded', noSecretError(account)];
    else if (health.refusal) [status, lastError] = ['reloginNeeded', health.refusal];
    else if (health.lastError) [status, lastError] = ['error', health.lastError];
    else status = health.syncing ? 'syncing' : health.connected ? 'connected' : 'unknown';
    return {
      id: account.id,
      vendor: account.vendor,
      label: account.label,
      baseUrl: account.baseUrl,
      settings: vendorSettingsOf(account),
      hasSecret: 'hasSecret' in secrets && secrets.hasSecret,
      status,
      ...(lastError ? { lastError } : {}),
      ...('tokenExpiresAt' in secrets && secrets.tokenExpiresAt !== undefined ? { tokenExpiresAt: secrets.tokenExpiresAt } : {}),
      demo: isDemoAccount(account),
      createdAt: createdAtOf(account),
    };
  }

  private noteFailure(account: AccountRecord, error: SerializedError, from: 'test' | 'sync'): void {
    const health = this.healthOf(account.id);
    // The keychain's state is read afresh for every summary; only the stopped sync is remembered.
    if (error.code === 'KEYCHAIN') {
      if (from === 'sync') health.syncHalted = true;
      return;
    }
    health.connected = false;
    if (isSecretRefusal(account, error)) {
      const first = health.refusal === undefined;
      health.refusal = error;
      health.syncHalted = true;
      if (first) void this.stopSync(account.id);
      return;
    }
    health.lastError = error;
    health.lastErrorFrom = from;
  }

  /** Follows the MoorAuth of the account's current client (a new one after every edit). */
  private watch(account: AccountRecord): void {
    if (account.vendor !== 'moor' || this.disposed) return;
    const auth = this.context.vendors.moor(account.id).auth;
    const current = this.watched.get(account.id);
    if (current?.auth === auth) return;
    current?.unsubscribe();
    const unsubscribe = auth.onDidChangeState((state) => this.onAuthState(account.id, state));
    this.watched.set(account.id, { auth, unsubscribe });
  }

  private unwatch(id: string): void {
    this.watched.get(id)?.unsubscribe();
    this.watched.delete(id);
  }

  private onAuthState(id: string, state: MoorAuthState): void {
    const health = this.healthOf(id);
    if (state === 'reloginNeeded') {
      health.connected = false;
      health.syncHalted = true;
      if (!health.refusal) {
        // The refusal's own text arrives with the failed call (test, sync, keeper); until then a
        // general one says what to do.
        health.refusal = credentialsRefused('moor.oauth.getToken', { code: undefined, msg: undefined, statusCode: undefined }).toJSON();
        void this.stopSync(id);
      }
    } else if (state === 'ready') {
      const halted = health.refusal !== undefined || health.syncHalted === true;
      health.refusal = undefined;
      health.connected = true;
      health.syncHalted = false;
      if (halted) void this.startSync(id);
    }
    void this.emitChange();
  }

  private onSyncProgress(status: AccountSyncStatus): void {
    const account = this.context.store.accounts.get(status.accountId);
    if (!account) return;
    const health = this.healthOf(account.id);
    const before = JSON.stringify(health);
    health.syncing = status.streams.some((s) => s.phase === 'backfill');
    if (status.streams.some((s) => s.lastSuccessAt !== undefined)) health.connected = true;
    if (health.lastErrorFrom === 'sync' && !status.streams.some((s) => s.phase === 'error')) {
      health.lastError = undefined;
      health.lastErrorFrom = undefined;
    }
    if (JSON.stringify(health) !== before) void this.emitChange();
  }

  private onSyncFailure(accountId: string, error: SerializedError): void {
    const account = this.context.store.accounts.get(accountId);
    if (!account) return;
    this.noteFailure(account, error, 'sync');
    void this.emitChange();
  }

  /**
   * Emits the full list when it changed (always when `force`). Requests made while one is
   * waiting to run share it, so a burst of status changes costs one keychain round.
   */
  private emitChange(force = false): Promise<void> {
    this.forceNextEmit ||= force;
    if (this.emitQueued || this.disposed) return this.emissions;
    this.emitQueued = true;
    this.emissions = this.emissions.then(async () => {
      this.emitQueued = false;
      const forced = this.forceNextEmit;
      this.forceNextEmit = false;
      try {
        const list = await this.list();
        const text = JSON.stringify(list);
        if (!forced && text === this.lastEmitted) return;
        this.lastEmitted = text;
        this.context.bus.emit('accounts.onDidChange', list);
      } catch (error) {
        this.log.warn('could not read the accounts to announce a change', { code: serialize(error).code });
      }
    });
    return this.emissions;
  }

  // ---------------------------------------------------------------------------------------------
  // Sync and tokens

  private async startSync(id: string): Promise<void> {
    try {
      await this.context.sync.startAccount(id);
      // Starting builds the account's clients afresh; follow the sign-in state of the new ones.
      const account = this.context.store.accounts.get(id);
      if (account) this.watch(account);
    } catch (error) {
      this.log.warn('could not start syncing an account', { accountId: id, code: serialize(error).code });
    }
  }

  private async stopSync(id: string): Promise<void> {
    try {
      await this.context.sync.stopAccount(id);
    } catch (error) {
      this.log.warn('could not stop syncing an account', { accountId: id, code: serialize(error).code });
    }
  }

  /**
   * One round of the token keeper: each 7moor account whose secret is not refused asks for its
   * token, which MoorAuth refreshes or renews when due. Public for tests driving a manual clock.
   */
  keepTokensFresh(): Promise<void> {
    this.keeping ??= this.keepRound().finally(() => {
      this.keeping = undefined;
    });
    return this.keeping;
  }

  private async keepRound(): Promise<void> {
    if (this.disposed) return;
    let accounts: AccountRecord[];
    try {
      accounts = activeAccounts(this.context.store).filter((a) => a.vendor === 'moor');
    } catch {
      return;
    }
    for (const account of accounts) {
      const health = this.healthOf(account.id);
      if (health.refusal) continue;
      try {
        this.watch(account);
        await this.context.vendors.moor(account.id).auth.getAccessToken();
        if (health.keeperFailing) this.log.info('7moor sign-in is fresh again', { accountId: account.id });
        health.keeperFailing = false;
      } catch (error) {
        const failure = serialize(error);
        if (isSecretRefusal(account, failure)) this.noteFailure(account, failure, 'sync');
        if (!health.keeperFailing) this.log.warn('could not keep the 7moor sign-in fresh', { accountId: account.id, code: failure.code });
        health.keeperFailing = true;
      }
    }
    // The token's expiry, shown in the account's health, moves with every refresh.
    if (accounts.length > 0) await this.emitChange();
  }

  /** Stops the token keeper and the listeners; the store and the bus stay the caller's. */
  dispose(): void {
    this.disposed = true;
    if (this.keeper) clearInterval(this.keeper);
    this.keeper = undefined;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    for (const id of [...this.watched.keys()]) this.unwatch(id);
  }
}

export function createAccountHandlers(accounts: AccountsService): Pick<Handlers<AppContract>, keyof typeof accountMethods> {
  return {
    'accounts.list': () => accounts.list(),
    'accounts.add': (draft) => accounts.add(draft),
    'accounts.update': (patch) => accounts.update(patch),
    'accounts.test': ({ id }) => accounts.test(id),
    'accounts.remove': ({ id, deleteCachedData }) => accounts.remove(id, deleteCachedData),
    'accounts.createDemo': () => accounts.createDemo(),
    'accounts.listAgents': ({ accountId }) => accounts.listAgents(accountId),
    'accounts.getMyWorkPhone': () => accounts.getMyWorkPhone(),
    'accounts.setMyWorkPhone': (input) => accounts.setMyWorkPhone(input),
  };
}

// The real SecretStore: every secret is one entry in the OS keychain (macOS Keychain, Windows
// Credential Manager, the Secret Service on Linux) under one service name, with the account field
// `<accountId>/<secretName>`. keytar is loaded on first use, so a missing native module or a
// missing keychain becomes a KEYCHAIN error the agent can act on instead of a crash at start-up;
// there is no plaintext fallback.
import { randomBytes } from 'node:crypto';
import { type AppError, appError } from '@shared/errors';
import { registerSecretForRedaction, silentLogger, type Logger } from '../log/logger';
import { keychainError, type KeychainOperation } from './keychain-error';
import type { SecretName, SecretRef, SecretStore } from './secret-store';

export const KEYCHAIN_SERVICE = 'workphone-desk';

/** The part of keytar we use; what `import('keytar')` gives, whichever way Node wraps the CJS module. */
interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeychainStatus = { ok: true } | { ok: false; error: AppError };

export interface KeytarSecretStoreOptions {
  /** Keychain service name; tests pass `workphone-desk-test-<random>` so they never meet real entries. */
  service?: string;
  /** Chooses the advice in KEYCHAIN errors; tests pass another OS. */
  platform?: NodeJS.Platform;
  logger?: Logger;
}

// `satisfies` makes the compiler flag a SecretName added to secret-store.ts but forgotten here.
const SECRET_NAMES = {
  clientSecret: true,
  accessToken: true,
  accessTokenExpiresAt: true,
  refreshToken: true,
  refreshTokenExpiresAt: true,
  token: true,
  proxyUsername: true,
  proxyPassword: true,
} as const satisfies Record<SecretName, true>;

function isSecretName(name: unknown): name is SecretName {
  return typeof name === 'string' && Object.hasOwn(SECRET_NAMES, name);
}

/**
 * Expiry times are kept beside their tokens but are not secret; registering a timestamp for
 * redaction would blank that number out of every log line that happens to contain it.
 */
function isExpiry(name: SecretName): boolean {
  return name.endsWith('ExpiresAt');
}

// Windows Credential Manager refuses blobs over 2560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE); the
// same limit everywhere means a value that works in a Linux test also works on an agent's PC.
const MAX_VALUE_BYTES = 2560;
const MAX_ACCOUNT_ID_LENGTH = 200;
// Entries whose account field has no '/' are never an account's secret, so list() skips them.
const PROBE_ACCOUNT = '.availability-probe';

function checkAccountId(accountId: unknown): asserts accountId is string {
  if (
    typeof accountId !== 'string' ||
    accountId.length === 0 ||
    accountId.length > MAX_ACCOUNT_ID_LENGTH ||
    // Keychain UIs show the account field as text; control characters would garble it.
    [...accountId].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
  ) {
    throw appError('VALIDATION', '账号标识无效', 'The account id is not valid', { field: 'accountId' });
  }
}

function checkName(name: unknown): asserts name is SecretName {
  if (!isSecretName(name)) {
    throw appError('VALIDATION', '不支持的密钥名称', 'This kind of secret is not supported', {
      field: 'name',
    });
  }
}

function checkValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw appError(
      'VALIDATION',
      '密钥不能为空；要删除请使用“删除”',
      'A secret cannot be empty; use delete to remove it',
      { field: 'value' },
    );
  }
  if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_BYTES) {
    throw appError('VALIDATION', '密钥过长，无法存入系统钥匙串', 'The secret is too long for the system keychain', {
      field: 'value',
      maxBytes: MAX_VALUE_BYTES,
    });
  }
}

function entryAccount(accountId: string, name: SecretName): string {
  return `${accountId}/${name}`;
}

/** The ref an entry stands for, or null for an entry that is not one of ours (probe, foreign). */
function parseEntryAccount(account: string): SecretRef | null {
  const slash = account.lastIndexOf('/');
  if (slash <= 0) return null;
  const name = account.slice(slash + 1);
  return isSecretName(name) ? { accountId: account.slice(0, slash), name } : null;
}

async function importKeytar(): Promise<Keytar> {
  const loaded = (await import('keytar')) as Keytar & { default?: Keytar };
  return loaded.default ?? loaded;
}

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly service: string;
  private readonly platform: NodeJS.Platform;
  private readonly logger: Logger;
  private keytar: Promise<Keytar> | undefined;
  private probing: Promise<void> | undefined;
  /** Per-entry chains: calls on one entry run in the order they were made, across keytar's threads. */
  private readonly entryQueues = new Map<string, Promise<unknown>>();

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    if (this.service.length === 0) throw new Error('KeytarSecretStore needs a service name');
    this.platform = options.platform ?? process.platform;
    this.logger = (options.logger ?? silentLogger).child('keychain');
  }

  async get(accountId: string, name: SecretName): Promise<string | null> {
    checkAccountId(accountId);
    checkName(name);
    return this.onEntry(accountId, name, 'get', [], async (keytar) => {
      const value = await keytar.getPassword(this.service, entryAccount(accountId, name));
      if (value === null) {
        await this.confirmUsable(keytar);
        return null;
      }
      if (!isExpiry(name)) registerSecretForRedaction(value);
      return value;
    });
  }

  async set(accountId: string, name: SecretName, value: string): Promise<void> {
    checkAccountId(accountId);
    checkName(name);
    checkValue(value);
    if (!isExpiry(name)) registerSecretForRedaction(value);
    await this.onEntry(accountId, name, 'set', [value], (keytar) =>
      keytar.setPassword(this.service, entryAccount(accountId, name), value),
    );
  }

  async delete(accountId: string, name: SecretName): Promise<boolean> {
    checkAccountId(accountId);
    checkName(name);
    return this.onEntry(accountId, name, 'delete', [], async (keytar) => {
      if (await keytar.deletePassword(this.service, entryAccount(accountId, name))) return true;
      await this.confirmUsable(keytar);
      return false;
    });
  }

  /** Refs only: the values findCredentials hands back are dropped here and never returned. */
  async list(accountId?: string): Promise<SecretRef[]> {
    if (accountId !== undefined) checkAccountId(accountId);
    return this.withKeytar('list', [], async (keytar) => {
      // keytar 7.9 dereferences a NULL secret when the Secret Service hands back a locked item and
      // takes the whole process down (atom/node-keytar#477, never fixed): search only once a write
      // has shown the keyring is unlocked.
      await this.confirmUsable(keytar);
      const found = await keytar.findCredentials(this.service);
      const seen = new Set<string>();
      const refs: SecretRef[] = [];
      for (const { account } of found) {
        const ref = parseEntryAccount(account);
        if (!ref || (accountId !== undefined && ref.accountId !== accountId)) continue;
        // Two racing writers from another process can leave duplicate items on the Secret Service.
        if (seen.has(account)) continue;
        seen.add(account);
        // Windows enumerates `workphone-desk*`, so a workphone-desk-beta install's entries come
        // back too; an exact lookup keeps only ours.
        const value = await keytar.getPassword(this.service, account);
        if (value === null) continue;
        if (!isExpiry(ref.name)) registerSecretForRedaction(value);
        refs.push(ref);
      }
      return refs;
    });
  }

  async deleteAccount(accountId: string): Promise<number> {
    checkAccountId(accountId);
    let removed = 0;
    for (const ref of await this.list(accountId)) {
      if (await this.delete(ref.accountId, ref.name)) removed++;
    }
    return removed;
  }

  /** A cheap check for start-up: can this machine's keychain save and return a secret right now? */
  async checkAvailable(): Promise<KeychainStatus> {
    try {
      await this.withKeytar('probe', [], (keytar) => this.confirmUsable(keytar));
      return { ok: true };
    } catch (error) {
      return { ok: false, error: keychainError(error, { operation: 'probe', platform: this.platform }) };
    }
  }

  /**
   * Writes, reads back and deletes a throwaway entry; concurrent callers share one probe. A read
   * alone proves nothing: a Secret Service whose keyring is locked (and whose unlock prompt was
   * dismissed) answers lookups with "nothing there" and deletes with "nothing deleted", so a null
   * from get() or false from delete() is only believed once this succeeds.
   */
  private confirmUsable(keytar: Keytar): Promise<void> {
    this.probing ??= this.writeProbe(keytar).finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async writeProbe(keytar: Keytar): Promise<void> {
    const probe = randomBytes(16).toString('hex');
    await keytar.setPassword(this.service, PROBE_ACCOUNT, probe);
    let readBack: string | null;
    try {
      readBack = await keytar.getPassword(this.service, PROBE_ACCOUNT);
    } finally {
      await keytar.deletePassword(this.service, PROBE_ACCOUNT);
    }
    if (readBack !== probe) throw new Error('the keychain did not return what was just saved');
  }

  private loadKeytar(): Promise<Keytar> {
    if (!this.keytar) {
      const loading = importKeytar();
      this.keytar = loading;
      // A failed load is not remembered: the agent may install libsecret and press retry.
      loading.catch(() => {
        if (this.keytar === loading) this.keytar = undefined;
      });
    }
    return this.keytar;
  }

  private async withKeytar<T>(
    operation: KeychainOperation,
    hide: readonly string[],
    work: (keytar: Keytar) => Promise<T>,
  ): Promise<T> {
    let keytar: Keytar;
    try {
      keytar = await this.loadKeytar();
    } catch (error) {
      throw this.fail(error, 'load', hide);
    }
    try {
      return await work(keytar);
    } catch (error) {
      throw this.fail(error, operation, hide);
    }
  }

  private fail(error: unknown, operation: KeychainOperation, hide: readonly string[]): AppError {
    const mapped = keychainError(error, { operation, platform: this.platform, hide });
    this.logger.warn('keychain operation failed', { operation, details: mapped.details });
    return mapped;
  }

  private onEntry<T>(
    accountId: string,
    name: SecretName,
    operation: KeychainOperation,
    hide: readonly string[],
    work: (keytar: Keytar) => Promise<T>,
  ): Promise<T> {
    const key = entryAccount(accountId, name);
    const previous = this.entryQueues.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.withKeytar(operation, hide, work));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.entryQueues.set(key, settled);
    void settled.then(() => {
      if (this.entryQueues.get(key) === settled) this.entryQueues.delete(key);
    });
    return run;
  }
}

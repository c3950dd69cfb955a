// Vendor clients per account, built once from the account's record and the keychain, and
// dropped when the account changes. Clients of one account share their rate limiter and, for
// 7moor, the token single-flight in MoorAuth — so every poller and user action of that account
// stays inside one budget and causes one refresh.
import { appError } from '@shared/errors';
import type { UndecodedObservation } from '@shared/model';
import type { Logger } from '../log/logger';
import { activeAccounts } from '../services/accounts-record';
import type { SecretStore } from '../secrets/secret-store';
import type { AccountRecord, Store } from '../store';
import type { Clock } from '../vendors/http/clock';
import { MoorClient } from '../vendors/moor/client';
import { YoumiV1Client } from '../vendors/youmi/v1-client';
import { youmiTokenFromStore } from '../vendors/youmi/transport';
import { YoumiV2Client } from '../vendors/youmi/v2-client';
import { tokenFromSecretStore, ZhugeClient } from '../vendors/zhuge/client';

export type VendorClients =
  | { vendor: 'moor'; account: AccountRecord; moor: MoorClient }
  | { vendor: 'youmi'; account: AccountRecord; version: 'v1' | 'v2'; v1: YoumiV1Client; v2: YoumiV2Client | undefined }
  | { vendor: 'zhuge'; account: AccountRecord; zhuge: ZhugeClient };

export interface VendorRegistryOptions {
  store: Store;
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  /** Tests and the demo may shorten timeouts or budgets. */
  timeoutMs?: number;
  /** How the host reaches the vendors: through its proxy setting (app/core passes the network's fetch). */
  fetch?: typeof fetch;
}

export class VendorRegistry {
  private readonly cache = new Map<string, VendorClients>();

  constructor(private readonly options: VendorRegistryOptions) {}

  clientsFor(accountId: string): VendorClients {
    const cached = this.cache.get(accountId);
    if (cached) return cached;
    const account = this.options.store.accounts.get(accountId);
    if (!account) throw appError('NOT_FOUND', '账号不存在', 'Account not found');
    const clients = this.build(account);
    this.cache.set(accountId, clients);
    return clients;
  }

  moor(accountId: string): MoorClient {
    const clients = this.clientsFor(accountId);
    if (clients.vendor !== 'moor') throw appError('UNSUPPORTED', '该账号不是七陌工作手机账号', 'This is not a 7moor work phone account', { accountId });
    return clients.moor;
  }

  /** The 7moor account for dialing, CRM and reports: the given one, else the only one. */
  primaryMoor(accountId?: string): { accountId: string; client: MoorClient } {
    if (accountId) return { accountId, client: this.moor(accountId) };
    const moorAccounts = activeAccounts(this.options.store).filter((a) => a.vendor === 'moor');
    const first = moorAccounts[0];
    if (!first) {
      throw appError('NOT_FOUND', '还没有七陌工作手机账号，请先在设置中添加', 'No 7moor work phone account yet; add one in Settings', { reason: 'noMoorAccount' });
    }
    return { accountId: first.id, client: this.moor(first.id) };
  }

  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  private build(account: AccountRecord): VendorClients {
    const { secrets, logger, clock, timeoutMs, store, fetch } = this.options;
    const common = {
      logger: logger.child(account.vendor),
      // What the decoders could not read goes to the health panel; failing to note it never fails a sync.
      onUndecoded: (observations: UndecodedObservation[]) => {
        try {
          store.undecoded.record(account.id, observations);
        } catch (error) {
          logger.warn('could not keep what a decoder could not read', { accountId: account.id, error: error instanceof Error ? error.message : String(error) });
        }
      },
      ...(clock ? { clock } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(fetch ? { fetch } : {}),
    };
    const settings = account.settings;
    switch (account.vendor) {
      case 'moor':
        return {
          vendor: 'moor',
          account,
          moor: new MoorClient({ ...common, accountId: account.id, clientId: String(settings.clientId ?? ''), secrets, baseUrl: account.baseUrl }),
        };
      case 'youmi': {
        const getToken = youmiTokenFromStore(secrets, account.id);
        const version = settings.apiVersion === 'v1' ? 'v1' : 'v2';
        const tenantId = typeof settings.tenantId === 'string' && settings.tenantId ? settings.tenantId : undefined;
        return {
          vendor: 'youmi',
          account,
          version,
          // v1's all-friends query is how new fans are discovered, whatever the account's version.
          v1: new YoumiV1Client({ ...common, baseUrl: account.baseUrl, getToken }),
          v2: version === 'v2' ? new YoumiV2Client({ ...common, baseUrl: account.baseUrl, getToken, ...(tenantId ? { tenantId } : {}) }) : undefined,
        };
      }
      case 'zhuge':
        return {
          vendor: 'zhuge',
          account,
          zhuge: new ZhugeClient({
            ...common,
            baseUrl: account.baseUrl,
            customerId: Number(settings.userId),
            radarUserId: Number(settings.uId),
            getToken: tokenFromSecretStore(secrets, account.id),
          }),
        };
    }
  }
}

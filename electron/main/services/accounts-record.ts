// How an account sits in the store: the vendor's non-secret settings plus a few facts about the
// account itself (when it was added, whether it is a demo account, whether the agent removed it
// but kept its cached data). Secrets are never here: they live in the SecretStore only.
import { appError } from '@shared/errors';
import { MoorSettings, YoumiSettings, ZhugeSettings, type AccountSummary } from '@shared/ipc/accounts';
import type { Vendor } from '@shared/model';
import type { SecretName } from '../secrets/secret-store';
import type { AccountRecord, Store } from '../store';

/** The secret the agent types for each vendor; everything else in the keychain is derived from it. */
export const PRIMARY_SECRET: Record<Vendor, SecretName> = { moor: 'clientSecret', youmi: 'token', zhuge: 'token' };

export const VENDOR_SETTINGS = { moor: MoorSettings, youmi: YoumiSettings, zhuge: ZhugeSettings } as const;

export type VendorSettings = AccountSummary['settings'];

/** Stored beside the vendor settings in the account's settings JSON. */
interface AccountFacts {
  createdAt: number;
  demo?: true;
  /**
   * Set when the agent removed the account but kept its cached messages and records: the row
   * must stay (the cache hangs off it by foreign key) yet the account is gone for everything else.
   */
  retiredAt?: number;
  /** The agent asked for the cache to go too; a removal interrupted by a quit resumes at start. */
  purgeCache?: true;
}

export function storedSettings(settings: VendorSettings, facts: AccountFacts): Record<string, unknown> {
  return { ...settings, ...facts };
}

export function isRetiredAccount(account: AccountRecord): boolean {
  return typeof account.settings.retiredAt === 'number';
}

/** Accounts the agent has not removed: what sync, dialing and the account list work with. */
export function activeAccounts(store: Store): AccountRecord[] {
  return store.accounts.list().filter((a) => !isRetiredAccount(a));
}

export function activeAccount(store: Store, id: string): AccountRecord {
  const account = store.accounts.get(id);
  if (!account || isRetiredAccount(account)) throw appError('NOT_FOUND', '账号不存在或已被删除', 'This account does not exist or was removed');
  return account;
}

export function isDemoAccount(account: AccountRecord): boolean {
  return account.settings.demo === true;
}

export function createdAtOf(account: AccountRecord): number {
  const at = account.settings.createdAt;
  return typeof at === 'number' && Number.isFinite(at) ? at : 0;
}

export function needsCachePurge(account: AccountRecord): boolean {
  return isRetiredAccount(account) && account.settings.purgeCache === true;
}

/** The vendor settings alone, as the contract names them; facts and unknown keys are dropped. */
export function vendorSettingsOf(account: AccountRecord): VendorSettings {
  const parsed = VENDOR_SETTINGS[account.vendor].safeParse(account.settings);
  if (parsed.success) return parsed.data;
  // A row written by a future version may not parse; show what we can rather than fail the list.
  switch (account.vendor) {
    case 'moor':
      return { clientId: String(account.settings.clientId ?? '') };
    case 'youmi':
      return { apiVersion: account.settings.apiVersion === 'v1' ? 'v1' : 'v2', wechatIds: [] };
    case 'zhuge':
      return { userId: String(account.settings.userId ?? ''), uId: String(account.settings.uId ?? '') };
  }
}

export function withFacts(account: AccountRecord, facts: Partial<AccountFacts>): AccountRecord {
  const settings: Record<string, unknown> = { ...account.settings, ...facts };
  for (const [key, value] of Object.entries(facts)) if (value === undefined) delete settings[key];
  return { ...account, settings };
}

/** The facts of an account, to carry over when its vendor settings change. */
export function factsOf(account: AccountRecord): AccountFacts {
  return { createdAt: createdAtOf(account), ...(isDemoAccount(account) ? { demo: true as const } : {}) };
}

// The vendor accounts: the list (snapshot of accounts.list, then accounts.onDidChange), and the
// actions on them. Secrets only ever travel renderer → main; the list says `hasSecret`.
import type { AccountDraft, AccountSummary, MyWorkPhone } from '@shared/ipc/accounts';
import type { AppInput, AppOutput } from '@shared/ipc/contract';
import type { Agent } from '@shared/model';
import { IpcError, type Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';
import { refreshAfterReconnect } from './app.svelte';

export type AccountPatch = AppInput<'accounts.update'>;
export type ConnectionTestResult = AppOutput<'accounts.test'>;

/** What the last "test connection" said for an account. */
export type TestState = { state: 'testing' } | { state: 'done'; result: ConnectionTestResult } | { state: 'failed'; error: unknown };

export class AccountsState {
  readonly synced: Synced<AccountSummary[], 'accounts.onDidChange'>;
  /** The agent's work-phone number for click-to-dial (null: not set yet). */
  readonly myWorkPhone: Synced<MyWorkPhone | null, 'accounts.onDidChange'>;
  tests = $state<Record<string, TestState>>({});
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
    this.synced = new Synced(client, () => client.invoke('accounts.list', {}), 'accounts.onDidChange', (_old, next) => next);
    // Removing the account that held the work phone clears it; re-read it whenever accounts change.
    this.myWorkPhone = new Synced(
      client,
      () => client.invoke('accounts.getMyWorkPhone', {}),
      'accounts.onDidChange',
      (current) => {
        void this.myWorkPhone.refresh();
        return current;
      },
    );
    refreshAfterReconnect(client, this.synced, this.myWorkPhone);
  }

  get list(): AccountSummary[] {
    return this.synced.value ?? [];
  }

  get loaded(): boolean {
    return this.synced.value !== undefined;
  }

  /** The accounts domain answered UNSUPPORTED (a build without it): no first-run screen then. */
  get unavailable(): boolean {
    return this.synced.error instanceof IpcError && this.synced.error.code === 'UNSUPPORTED';
  }

  /** The very first run: the list loaded and there is nothing in it. */
  get firstRun(): boolean {
    return this.loaded && this.list.length === 0;
  }

  get keychainMissing(): boolean {
    return this.list.some((a) => a.status === 'keychainMissing');
  }

  byId(id: string): AccountSummary | undefined {
    return this.list.find((a) => a.id === id);
  }

  async add(draft: AccountDraft): Promise<AccountSummary> {
    const added = await this.#client.invoke('accounts.add', draft);
    this.#put(added);
    return added;
  }

  async update(patch: AccountPatch): Promise<AccountSummary> {
    const updated = await this.#client.invoke('accounts.update', patch);
    this.#put(updated);
    return updated;
  }

  async remove(id: string, deleteCachedData: boolean): Promise<void> {
    await this.#client.invoke('accounts.remove', { id, deleteCachedData });
    this.synced.value = this.list.filter((a) => a.id !== id);
    const { [id]: _gone, ...rest } = this.tests;
    this.tests = rest;
  }

  async createDemo(): Promise<AccountSummary[]> {
    const created = await this.#client.invoke('accounts.createDemo', {});
    await this.synced.refresh();
    return created;
  }

  /** Tests an account's connection; the outcome stays in `tests[id]` for the list to show. */
  async test(id: string): Promise<TestState> {
    this.tests = { ...this.tests, [id]: { state: 'testing' } };
    let outcome: TestState;
    try {
      outcome = { state: 'done', result: await this.#client.invoke('accounts.test', { id }) };
    } catch (error) {
      outcome = { state: 'failed', error };
    }
    this.tests = { ...this.tests, [id]: outcome };
    // A test may change the status (e.g. reloginNeeded → connected).
    void this.synced.refresh();
    return outcome;
  }

  listAgents(accountId: string): Promise<Agent[]> {
    return this.#client.invoke('accounts.listAgents', { accountId });
  }

  async setMyWorkPhone(input: AppInput<'accounts.setMyWorkPhone'>): Promise<MyWorkPhone> {
    const saved = await this.#client.invoke('accounts.setMyWorkPhone', input);
    this.myWorkPhone.value = saved;
    return saved;
  }

  #put(account: AccountSummary): void {
    const list = this.list;
    const i = list.findIndex((a) => a.id === account.id);
    this.synced.value = i < 0 ? [...list, account] : list.map((a) => (a.id === account.id ? account : a));
  }
}

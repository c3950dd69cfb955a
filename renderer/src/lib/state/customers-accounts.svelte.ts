// The 7moor accounts (the only vendor with CRM, calls and SMS), kept current by snapshot-then-
// subscribe. Shared by Customers and Calls & SMS so both offer the same account picker.
import type { AccountSummary } from '@shared/ipc/accounts';
import { Synced } from '../ipc/synced.svelte';
import type { AppState } from './app.svelte';
import { perApp } from './calls-per-app';

export class MoorAccounts {
  readonly all: Synced<AccountSummary[], 'accounts.onDidChange'>;
  list: AccountSummary[];
  /** Whether the first snapshot has come back (an empty list then means "no 7moor account"). */
  loaded: boolean;

  constructor(app: AppState) {
    const client = app.client;
    this.all = new Synced(client, () => client.invoke('accounts.list', {}), 'accounts.onDidChange', (_old, next) => next);
    this.list = $derived((this.all.value ?? []).filter((a) => a.vendor === 'moor'));
    this.loaded = $derived(this.all.value !== undefined || this.all.error !== undefined);
  }
}

export const moorAccountsFor = perApp((app) => new MoorAccounts(app));

// Customers: the 7moor accounts to work in, the searchable customer list, each account's CRM
// template, and what is selected on the right (a customer, a new-customer form, or a bare number's
// timeline). One state per AppState, so the list survives leaving the view.
import type { AppInput } from '@shared/ipc/contract';
import type { CustomerRecord } from '@shared/ipc/crm';
import type { CustomerField } from '@shared/model';
import type { AppState } from './app.svelte';
import { KeysetList } from './calls-keyset-list.svelte';
import { perApp } from './calls-per-app';
import { moorAccountsFor, type MoorAccounts } from './customers-accounts.svelte';

const PAGE_SIZE = 50;

export type CustomerPane =
  | { mode: 'none' }
  | { mode: 'create'; phone?: string }
  | { mode: 'customer'; record: CustomerRecord; tab: 'record' | 'timeline' }
  | { mode: 'number'; phone: string };

export const sameCustomer = (a: CustomerRecord, b: CustomerRecord) => a.accountId === b.accountId && a.vendorId === b.vendorId;

export class CustomersState {
  readonly accounts: MoorAccounts;
  /** The 7moor account chosen by the agent; null means the first one. */
  chosenAccountId = $state<string | null>(null);
  query = $state('');
  readonly list: KeysetList<CustomerRecord>;
  pane = $state.raw<CustomerPane>({ mode: 'none' });
  templates = $state.raw<Record<string, CustomerField[]>>({});
  templateErrors = $state.raw<Record<string, unknown>>({});
  /** The query and account the list was last loaded for. */
  #listedFor: string | null = null;

  accountId: string | null;

  constructor(private readonly app: AppState) {
    const client = app.client;
    this.accounts = moorAccountsFor(app);
    this.accountId = $derived(this.accounts.list.find((a) => a.id === this.chosenAccountId)?.id ?? this.accounts.list[0]?.id ?? null);
    this.list = new KeysetList((cursor) => {
      const query = this.query.trim();
      return client.invoke('crm.listCustomers', {
        ...(this.accountId ? { accountId: this.accountId } : {}),
        ...(query ? { query: query.slice(0, 100) } : {}),
        cursor,
        limit: PAGE_SIZE,
      });
    });
  }

  /** Loads the list when the account or the search changed since it was last loaded. */
  async refreshList(force = false): Promise<void> {
    if (!this.accountId) return;
    const key = `${this.accountId}\u0000${this.query.trim()}`;
    if (!force && key === this.#listedFor) return;
    this.#listedFor = key;
    await this.list.reload();
  }

  chooseAccount(id: string): void {
    this.chosenAccountId = id;
    this.pane = { mode: 'none' };
  }

  async template(accountId: string): Promise<CustomerField[]> {
    const cached = this.templates[accountId];
    if (cached) return cached;
    try {
      const fields = await this.app.client.invoke('crm.getTemplate', { accountId });
      this.templates = { ...this.templates, [accountId]: fields };
      const { [accountId]: _dropped, ...rest } = this.templateErrors;
      this.templateErrors = rest;
      return fields;
    } catch (error) {
      this.templateErrors = { ...this.templateErrors, [accountId]: error };
      throw error;
    }
  }

  select(record: CustomerRecord, tab: 'record' | 'timeline' = 'record'): void {
    this.pane = { mode: 'customer', record, tab };
  }

  startCreate(phone?: string): void {
    this.pane = phone ? { mode: 'create', phone } : { mode: 'create' };
  }

  closePane(): void {
    this.pane = { mode: 'none' };
  }

  /** app.openTimeline(phone): the customer with that number if CRM knows one, else the bare number. */
  async openPhone(phone: string): Promise<void> {
    try {
      const record = await this.app.client.invoke('crm.getCustomerByPhone', { phone });
      this.pane = record ? { mode: 'customer', record, tab: 'timeline' } : { mode: 'number', phone };
    } catch {
      this.pane = { mode: 'number', phone };
    }
  }

  async create(input: AppInput<'crm.createCustomer'>): Promise<CustomerRecord> {
    const record = await this.app.client.invoke('crm.createCustomer', input);
    this.list.upsert(record, sameCustomer);
    this.pane = { mode: 'customer', record, tab: 'record' };
    return record;
  }

  async update(input: AppInput<'crm.updateCustomer'>): Promise<CustomerRecord> {
    const record = await this.app.client.invoke('crm.updateCustomer', input);
    this.list.upsert(record, sameCustomer);
    this.pane = { mode: 'customer', record, tab: 'record' };
    return record;
  }

  async remove(record: CustomerRecord): Promise<void> {
    await this.app.client.invoke('crm.deleteCustomer', { accountId: record.accountId, vendorId: record.vendorId });
    this.list.remove((item) => sameCustomer(item, record));
    this.pane = { mode: 'none' };
  }
}

export const customersStateFor = perApp((app) => new CustomersState(app));

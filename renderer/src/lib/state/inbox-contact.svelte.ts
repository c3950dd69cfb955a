// What the contact panel shows beside a chat: the contact (WeChat id, remark, phones), the CRM
// record of each phone if 7moor has one, and how often the customer was called. Each part
// loads on its own: a domain that is unavailable leaves its part empty, not the whole panel.
import type { CustomerRecord } from '@shared/ipc/crm';
import type { Contact, Conversation } from '@shared/model';
import type { AppState } from './app.svelte';

export interface CallCount {
  count: number;
  more: boolean;
}

export class ContactDetails {
  contact = $state.raw<Contact | null>(null);
  /** Per phone: the CRM record, null when 7moor has none; absent while unknown. */
  customers = $state.raw<Readonly<Record<string, CustomerRecord | null>>>({});
  calls = $state.raw<Readonly<Record<string, CallCount>>>({});
  /** The CRM template's labels per account, so fields read "Company", not "filed0". */
  fieldLabels = $state.raw<Readonly<Record<string, Readonly<Record<string, string>>>>>({});
  loading = $state(true);

  constructor(
    private readonly app: AppState,
    private readonly conversation: Conversation,
  ) {
    void this.load();
  }

  /** Every number known for the customer, the conversation's first. */
  get phones(): string[] {
    const all = [...this.conversation.phones, ...(this.contact?.phones ?? [])];
    return all.filter((phone, i) => all.indexOf(phone) === i);
  }

  async load(): Promise<void> {
    this.loading = true;
    const id = this.conversation.contactId;
    if (id !== undefined) {
      const contact = await this.app.client.call('inbox.getContact', { id });
      if (contact.ok) this.contact = contact.value;
    }
    await Promise.all(this.phones.map((phone) => Promise.all([this.#loadCustomer(phone), this.#loadCalls(phone)])));
    this.loading = false;
  }

  async #loadCustomer(phone: string): Promise<void> {
    const answer = await this.app.client.call('crm.getCustomerByPhone', { phone });
    if (!answer.ok) return;
    this.customers = { ...this.customers, [phone]: answer.value };
    const accountId = answer.value?.accountId;
    if (accountId && !(accountId in this.fieldLabels)) {
      const template = await this.app.client.call('crm.getTemplate', { accountId });
      if (template.ok) this.fieldLabels = { ...this.fieldLabels, [accountId]: Object.fromEntries(template.value.map((f) => [f.key, f.label])) };
    }
  }

  async #loadCalls(phone: string): Promise<void> {
    const answer = await this.app.client.call('records.listCalls', { filters: { number: phone }, limit: 100 });
    if (answer.ok) this.calls = { ...this.calls, [phone]: { count: answer.value.items.length, more: answer.value.nextCursor !== undefined } };
  }

  fieldLabel(accountId: string, key: string): string {
    return this.fieldLabels[accountId]?.[key] ?? key;
  }
}

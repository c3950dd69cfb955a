// The add / edit account form: one set of fields per vendor, checked in the browser before
// anything is sent, with messages the agent can act on. The same limits as the contract
// (shared/ipc/accounts.ts) plus one the contract leaves to the UI: vendor APIs are reached over
// https, except on this computer (the demo simulators, a local proxy).
import type { AccountDraft, AccountSummary } from '@shared/ipc/accounts';
import type { Vendor } from '@shared/model';
import type { AccountPatch } from './accounts.svelte';

export const DEFAULT_BASE_URL: Record<Vendor, string> = { moor: 'https://wpapi.7moor.com', youmi: '', zhuge: '' };

export type FormError = 'required' | 'tooLong' | 'url' | 'https' | 'numeric' | 'wechatIds';
export type FormField = 'label' | 'baseUrl' | 'secret' | 'clientId' | 'tenantId' | 'wechatIds' | 'userId' | 'uId';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const NUMERIC_ID = /^\d{1,18}$/;

export function baseUrlError(value: string): FormError | undefined {
  const text = value.trim();
  if (!text) return 'required';
  if (text.length > 500) return 'tooLong';
  const parsed = URL.parse(text);
  if (!parsed) return 'url';
  const { protocol, hostname } = parsed;
  if (protocol === 'https:') return hostname ? undefined : 'url';
  if (protocol === 'http:') return LOOPBACK_HOSTS.has(hostname) ? undefined : 'https';
  return 'url';
}

/** WeChat ids typed as one text: commas (ASCII or Chinese), spaces or new lines between them. */
export function splitWeChatIds(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((id) => id.trim())
    .filter(Boolean);
}

export class AccountForm {
  readonly mode: 'add' | 'edit';
  readonly accountId: string | undefined;
  vendor = $state<Vendor>('moor');
  label = $state('');
  baseUrl = $state(DEFAULT_BASE_URL.moor);
  /** clientSecret for 7moor, token for Youmi and Zhuge; empty on edit keeps the stored one. */
  secret = $state('');
  clientId = $state('');
  apiVersion = $state<'v1' | 'v2'>('v2');
  tenantId = $state('');
  wechatIds = $state('');
  userId = $state('');
  uId = $state('');
  /** Errors are shown once the agent tried to save, so an empty form does not start red. */
  submitted = $state(false);

  readonly errors: Partial<Record<FormField, FormError>> = $derived(this.#validate());
  readonly valid = $derived(Object.keys(this.errors).length === 0);

  constructor(init: { vendor?: Vendor; account?: AccountSummary } = {}) {
    const account = init.account;
    this.mode = account ? 'edit' : 'add';
    this.accountId = account?.id;
    if (!account) {
      this.setVendor(init.vendor ?? 'moor');
      return;
    }
    this.vendor = account.vendor;
    this.label = account.label;
    this.baseUrl = account.baseUrl;
    const s = account.settings;
    if ('clientId' in s) this.clientId = s.clientId;
    if ('apiVersion' in s) {
      this.apiVersion = s.apiVersion;
      this.tenantId = s.tenantId ?? '';
      this.wechatIds = s.wechatIds.join(', ');
    }
    if ('userId' in s) {
      this.userId = s.userId;
      this.uId = s.uId;
    }
  }

  /** Only while adding: switching vendor resets the address to that vendor's default. */
  setVendor(vendor: Vendor): void {
    if (this.mode === 'edit') return;
    if (this.baseUrl === '' || this.baseUrl === DEFAULT_BASE_URL[this.vendor]) this.baseUrl = DEFAULT_BASE_URL[vendor];
    this.vendor = vendor;
  }

  errorFor(field: FormField): FormError | undefined {
    return this.submitted ? this.errors[field] : undefined;
  }

  /** The draft to add, or undefined (and errors shown) when something is wrong. */
  toDraft(): AccountDraft | undefined {
    this.submitted = true;
    if (!this.valid) return undefined;
    const common = { label: this.label.trim(), baseUrl: this.baseUrl.trim() };
    switch (this.vendor) {
      case 'moor':
        return { vendor: 'moor', ...common, settings: this.#moorSettings(), clientSecret: this.secret };
      case 'youmi':
        return { vendor: 'youmi', ...common, settings: this.#youmiSettings(), token: this.secret };
      case 'zhuge':
        return { vendor: 'zhuge', ...common, settings: this.#zhugeSettings(), token: this.secret };
    }
  }

  /** The change to save for an existing account; an empty secret keeps the stored one. */
  toPatch(): AccountPatch | undefined {
    this.submitted = true;
    if (!this.valid || !this.accountId) return undefined;
    const settings = this.vendor === 'moor' ? this.#moorSettings() : this.vendor === 'youmi' ? this.#youmiSettings() : this.#zhugeSettings();
    return {
      id: this.accountId,
      label: this.label.trim(),
      baseUrl: this.baseUrl.trim(),
      settings,
      ...(this.secret ? { secret: this.secret } : {}),
    };
  }

  #moorSettings() {
    return { clientId: this.clientId.trim() };
  }

  #youmiSettings() {
    const tenantId = this.tenantId.trim();
    return { apiVersion: this.apiVersion, ...(tenantId ? { tenantId } : {}), wechatIds: splitWeChatIds(this.wechatIds) };
  }

  #zhugeSettings() {
    return { userId: this.userId.trim(), uId: this.uId.trim() };
  }

  #validate(): Partial<Record<FormField, FormError>> {
    const errors: Partial<Record<FormField, FormError>> = {};
    const label = this.label.trim();
    if (!label) errors.label = 'required';
    else if (label.length > 60) errors.label = 'tooLong';
    const url = baseUrlError(this.baseUrl);
    if (url) errors.baseUrl = url;
    if (this.mode === 'add' && this.secret.length === 0) errors.secret = 'required';
    else if (this.secret.length > 500) errors.secret = 'tooLong';
    if (this.vendor === 'moor') {
      const clientId = this.clientId.trim();
      if (!clientId) errors.clientId = 'required';
      else if (clientId.length > 200) errors.clientId = 'tooLong';
    }
    if (this.vendor === 'youmi') {
      if (this.tenantId.trim().length > 100) errors.tenantId = 'tooLong';
      const ids = splitWeChatIds(this.wechatIds);
      if (ids.length === 0) errors.wechatIds = 'required';
      else if (ids.length > 50 || !ids.every((id) => NUMERIC_ID.test(id))) errors.wechatIds = 'wechatIds';
    }
    if (this.vendor === 'zhuge') {
      for (const field of ['userId', 'uId'] as const) {
        const value = this[field].trim();
        if (!value) errors[field] = 'required';
        else if (!NUMERIC_ID.test(value)) errors[field] = 'numeric';
      }
    }
    return errors;
  }
}

// CRM customers through 7moor crm/*Customer. 7moor has no list endpoint, so the list is the local
// copy of what was created or edited here; each write goes to 7moor first and is cached only once
// 7moor accepted it.
import { z } from 'zod';
import { appError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { CustomerRecord, crmMethods } from '@shared/ipc/crm';
import type { Handlers } from '../ipc/router';
import type { AppContext } from '../app/context';
import { normalizeChinesePhone } from '@shared/phone';
import type { StoredCustomer } from '../store';
import { decodeCursor, encodeCursor } from './cursor';

/** Keys the form sends as their own fields, not as template fields. */
const CORE_KEYS = new Set(['name', 'phone', 'id']);

function phoneDigits(raw: string): string {
  const result = normalizeChinesePhone(raw);
  if (!result.ok) throw result.error;
  return result.phone.digits;
}

function toRecord(customer: StoredCustomer, updatedAt: number, wechatIds: string[] = []): CustomerRecord {
  return {
    accountId: customer.accountId,
    vendorId: customer.vendorId,
    name: customer.name,
    phone: customer.phone,
    fields: customer.fields,
    updatedAt,
    ...(wechatIds.length ? { wechatIds } : {}),
  };
}

export function createCrmHandlers(context: AppContext): Pick<Handlers<AppContract>, keyof typeof crmMethods> {
  const { store, vendors, clock } = context;
  /** The customer's WeChat ids: the contacts synced from any account that carry the same number. */
  const wechatIdsOf = (phone: string) => [...new Set(store.contacts.byPhone(phone).flatMap((c) => (c.wxNo ? [c.wxNo] : [])))];

  /** The tenant's customer fields: cached by the sync, fetched from 7moor when not yet. */
  const template = async (accountId: string) => {
    const client = vendors.moor(accountId);
    const cached = store.customers.fields(accountId);
    if (cached.length) return cached;
    const fields = await client.getCustomerTemplate();
    store.setCustomerFields(accountId, fields);
    return fields;
  };
  const templateKeys = async (accountId: string) => new Set((await template(accountId)).map((f) => f.key));

  /** Only fields of the tenant's template are sent; anything else is a form bug or tampering. */
  const checkedFields = async (accountId: string, fields: Record<string, string>) => {
    const allowed = await templateKeys(accountId);
    const extra = Object.keys(fields).filter((k) => !CORE_KEYS.has(k) && !allowed.has(k));
    if (extra.length) {
      // Not named back: an unknown key is the caller's text, not a field of the template.
      throw appError('VALIDATION', `客户资料中有 ${extra.length} 个客户模板里没有的字段`, `The customer record has ${extra.length} field(s) that the tenant's customer template does not have`, {
        unknownFields: extra.length,
      });
    }
    return Object.fromEntries(Object.entries(fields).filter(([k]) => !CORE_KEYS.has(k)));
  };


  return {
    'crm.getTemplate': ({ accountId }) => template(accountId),
    'crm.listCustomers': ({ accountId, query, limit, cursor }) => {
      const before = decodeCursor(cursor, z.number().int());
      const rows = store.customers.page({ ...(accountId ? { accountId } : {}), ...(query ? { query } : {}) }, before, limit + 1);
      const items = rows.slice(0, limit).map((c) => toRecord(c, c.updatedAt, wechatIdsOf(c.phone)));
      const last = items[items.length - 1];
      return { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor(rows[limit - 1]!.id) } : {}) };
    },
    'crm.getCustomerByPhone': ({ phone }) => {
      const found = store.customers.byPhone(phoneDigits(phone))[0];
      return found ? toRecord(found, clock.now(), wechatIdsOf(found.phone)) : null;
    },
    'crm.createCustomer': async ({ accountId, name, phone, fields }) => {
      const digits = phoneDigits(phone);
      const extra = await checkedFields(accountId, fields);
      const vendorId = await vendors.moor(accountId).addCustomer({ name, phone: digits, fields: extra });
      store.applyCustomerPage({ accountId, items: [{ vendorId, name, phone: digits, fields: extra }] });
      return { accountId, vendorId, name, phone: digits, fields: extra, updatedAt: clock.now() };
    },
    'crm.updateCustomer': async ({ accountId, vendorId, name, phone, fields }) => {
      const current = store.customers.find(accountId, vendorId);
      const extra = await checkedFields(accountId, fields);
      const digits = phone !== undefined ? phoneDigits(phone) : current?.phone;
      const next = {
        vendorId,
        name: name ?? current?.name ?? '',
        phone: digits ?? '',
        fields: { ...(current?.fields ?? {}), ...extra },
      };
      if (!next.name || !next.phone) {
        throw appError('VALIDATION', '客户姓名和手机号码不能为空', "The customer's name and phone number are required", { fields: ['name', 'phone'] });
      }
      await vendors.moor(accountId).updateCustomer(vendorId, { ...extra, name: next.name, phone: next.phone });
      store.applyCustomerPage({ accountId, items: [next] });
      return { accountId, ...next, updatedAt: clock.now() };
    },
    'crm.deleteCustomer': async ({ accountId, vendorId }) => {
      await vendors.moor(accountId).deleteCustomer(vendorId);
      store.customers.remove(accountId, vendorId);
      return { deleted: true as const };
    },
  };
}

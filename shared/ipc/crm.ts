// CRM customers (7moor crm/*Customer). 7moor has no list endpoint, so the list is the local copy of
// what was created or edited here, merged with what sync learned.
import { z } from 'zod';
import { CustomerField } from '../model';
import { method } from './define';
import { AccountId, page, PageInput, PhoneInput } from './common';

export const CustomerRecord = z.object({
  accountId: AccountId,
  vendorId: z.string(),
  name: z.string(),
  phone: z.string(),
  fields: z.record(z.string(), z.string()),
  updatedAt: z.number(),
  /** WeChat ids of the contacts that share this customer's phone, where sync has seen them. */
  wechatIds: z.array(z.string()).optional(),
});
export type CustomerRecord = z.infer<typeof CustomerRecord>;

const FieldValues = z.record(z.string().max(64), z.string().max(2000));

export const crmMethods = {
  'crm.getTemplate': method(z.object({ accountId: AccountId }).strict(), z.array(CustomerField)),
  'crm.listCustomers': method(z.object({ accountId: AccountId.optional(), query: z.string().max(100).optional(), ...PageInput }).strict(), page(CustomerRecord)),
  'crm.getCustomerByPhone': method(z.object({ phone: PhoneInput }).strict(), CustomerRecord.nullable()),
  'crm.createCustomer': method(
    z.object({ accountId: AccountId, name: z.string().trim().min(1).max(100), phone: PhoneInput, fields: FieldValues.default({}) }).strict(),
    CustomerRecord,
  ),
  'crm.updateCustomer': method(
    z
      .object({ accountId: AccountId, vendorId: z.string().min(1).max(100), name: z.string().trim().min(1).max(100).optional(), phone: PhoneInput.optional(), fields: FieldValues.default({}) })
      .strict(),
    CustomerRecord,
  ),
  'crm.deleteCustomer': method(z.object({ accountId: AccountId, vendorId: z.string().min(1).max(100) }).strict(), z.object({ deleted: z.literal(true) })),
};

export const crmEvents = {};

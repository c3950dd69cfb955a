// CRM customers (7moor crm/*Customer). 7moor has no list endpoint, so the list is the local copy of
// what was created or edited here, merged with what sync learned.
import { z } from 'zod';
import { CustomerField } from '../model';
import { method } from './define';
import { AccountId, page, PageInput, PhoneInput, VendorKey } from './common';
import { multiLine, singleLine } from './text';

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

/** Template field key → value; the service refuses keys the tenant's template does not have. */
const FieldValues = z.record(singleLine({ min: 1, max: 64 }), multiLine({ max: 2000 }));
const CustomerName = singleLine({ min: 1, max: 100 });

export const crmMethods = {
  'crm.getTemplate': method(z.object({ accountId: AccountId }).strict(), z.array(CustomerField)),
  'crm.listCustomers': method(z.object({ accountId: AccountId.optional(), query: singleLine({ max: 100 }).optional(), ...PageInput }).strict(), page(CustomerRecord)),
  'crm.getCustomerByPhone': method(z.object({ phone: PhoneInput }).strict(), CustomerRecord.nullable()),
  'crm.createCustomer': method(
    z.object({ accountId: AccountId, name: CustomerName, phone: PhoneInput, fields: FieldValues.default({}) }).strict(),
    CustomerRecord,
  ),
  'crm.updateCustomer': method(
    z
      .object({ accountId: AccountId, vendorId: VendorKey, name: CustomerName.optional(), phone: PhoneInput.optional(), fields: FieldValues.default({}) })
      .strict(),
    CustomerRecord,
  ),
  'crm.deleteCustomer': method(z.object({ accountId: AccountId, vendorId: VendorKey }).strict(), z.object({ deleted: z.literal(true) })),
};

export const crmEvents = {};

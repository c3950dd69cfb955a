import type { Customer, CustomerField } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';
import { phoneKey } from '../phone-key';

export interface StoredCustomer extends Customer {
  id: number;
  accountId: string;
}

interface CustomerRow {
  id: number;
  account_id: string;
  vendor_id: string;
  name: string;
  phone: string;
  fields: string;
}

const toCustomer = (row: CustomerRow): StoredCustomer => ({
  id: row.id,
  accountId: row.account_id,
  vendorId: row.vendor_id,
  name: row.name,
  phone: row.phone,
  fields: JSON.parse(row.fields) as Record<string, string>,
});

export function upsertCustomer(
  db: WriteDb,
  accountId: string,
  customer: Customer,
  now: number,
): 'inserted' | 'updated' | 'unchanged' {
  const cached = db
    .select<CustomerRow>(
      'SELECT id, account_id, vendor_id, name, phone, fields FROM customers WHERE account_id = @accountId AND vendor_id = @vendorId',
    )
    .get({ accountId, vendorId: customer.vendorId });
  const fields = JSON.stringify(customer.fields);
  if (cached && cached.name === customer.name && cached.phone === customer.phone && cached.fields === fields) {
    return 'unchanged';
  }
  db.write(
    `INSERT INTO customers (account_id, vendor_id, name, phone, phone_key, fields, updated_at)
     VALUES (@accountId, @vendorId, @name, @phone, @phoneKey, @fields, @now)
     ON CONFLICT (account_id, vendor_id) DO UPDATE SET
       name = excluded.name, phone = excluded.phone, phone_key = excluded.phone_key, fields = excluded.fields,
       updated_at = excluded.updated_at`,
  ).run({
    accountId,
    vendorId: customer.vendorId,
    name: customer.name,
    phone: customer.phone,
    phoneKey: phoneKey(customer.phone),
    fields,
    now,
  });
  return cached ? 'updated' : 'inserted';
}

export function removeCustomer(db: WriteDb, accountId: string, vendorId: string): boolean {
  return db.write('DELETE FROM customers WHERE account_id = @accountId AND vendor_id = @vendorId').run({ accountId, vendorId }).changes > 0;
}

export function customersByPhone(db: ReadDb, phone: string): StoredCustomer[] {
  return db
    .select<CustomerRow>('SELECT id, account_id, vendor_id, name, phone, fields FROM customers WHERE phone_key = @key ORDER BY id')
    .all({ key: phoneKey(phone) })
    .map(toCustomer);
}

export function findCustomer(db: ReadDb, accountId: string, vendorId: string): StoredCustomer | undefined {
  const row = db
    .select<CustomerRow>('SELECT id, account_id, vendor_id, name, phone, fields FROM customers WHERE account_id = @accountId AND vendor_id = @vendorId')
    .get({ accountId, vendorId });
  return row && toCustomer(row);
}

export function getCustomer(db: ReadDb, id: number): StoredCustomer | undefined {
  const row = db
    .select<CustomerRow>('SELECT id, account_id, vendor_id, name, phone, fields FROM customers WHERE id = @id')
    .get({ id });
  return row && toCustomer(row);
}

/** The CRM form template (crm/customerTmp) replaces the previous one as a whole. */
export function replaceCustomerFields(db: WriteDb, accountId: string, fields: readonly CustomerField[]): void {
  db.write('DELETE FROM customer_fields WHERE account_id = @accountId').run({ accountId });
  fields.forEach((field, position) => {
    db.write(
      'INSERT INTO customer_fields (account_id, key, label, position) VALUES (@accountId, @key, @label, @position)',
    ).run({ accountId, key: field.key, label: field.label, position });
  });
}

export function customerFields(db: ReadDb, accountId: string): CustomerField[] {
  return db
    .select<CustomerField>('SELECT key, label FROM customer_fields WHERE account_id = @accountId ORDER BY position')
    .all({ accountId });
}

export interface CustomerListFilter {
  accountId?: string;
  /** A substring of the name or the phone number, case-insensitive. */
  query?: string;
}

/** The CRM list, newest first by id; the list is small (what the agent created or edited). */
export function customerPage(db: ReadDb, filter: CustomerListFilter, before: number | undefined, limit: number): (StoredCustomer & { updatedAt: number })[] {
  const pattern = filter.query ? `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select<CustomerRow & { updated_at: number }>(
      `SELECT id, account_id, vendor_id, name, phone, fields, updated_at FROM customers
        WHERE (@accountId IS NULL OR account_id = @accountId)
          AND (@pattern IS NULL OR name LIKE @pattern ESCAPE '\\' OR phone LIKE @pattern ESCAPE '\\')
          AND id < @before
        ORDER BY id DESC LIMIT @limit`,
    )
    .all({ accountId: filter.accountId ?? null, pattern, before: before ?? Number.MAX_SAFE_INTEGER, limit })
    .map((row) => ({ ...toCustomer(row), updatedAt: row.updated_at }));
}

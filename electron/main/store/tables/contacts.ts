import type { Contact } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';
import { phoneKey } from '../phone-key';
import type { ContactInput } from '../types';

interface ContactRow {
  id: number;
  account_id: string;
  vendor_contact_id: string;
  name: string;
  remark: string | null;
  wx_no: string | null;
  phones: string;
  avatar_url: string | null;
  owner_wx_no: string | null;
  created_at: number | null;
}

const COLUMNS = 'id, account_id, vendor_contact_id, name, remark, wx_no, phones, avatar_url, owner_wx_no, created_at';

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    accountId: row.account_id,
    vendorContactId: row.vendor_contact_id,
    name: row.name,
    ...(row.remark !== null ? { remark: row.remark } : {}),
    ...(row.wx_no !== null ? { wxNo: row.wx_no } : {}),
    phones: JSON.parse(row.phones) as string[],
    ...(row.avatar_url !== null ? { avatarUrl: row.avatar_url } : {}),
    ...(row.owner_wx_no !== null ? { ownerWxNo: row.owner_wx_no } : {}),
    ...(row.created_at !== null ? { createdAt: row.created_at } : {}),
  };
}

function contactValues(accountId: string, contact: ContactInput) {
  return {
    accountId,
    vendorContactId: contact.vendorContactId,
    name: contact.name,
    remark: contact.remark ?? null,
    wxNo: contact.wxNo ?? null,
    phones: JSON.stringify(contact.phones),
    avatarUrl: contact.avatarUrl ?? null,
    ownerWxNo: contact.ownerWxNo ?? null,
    createdAt: contact.createdAt ?? null,
  };
}

export function findContactByVendorId(db: ReadDb, accountId: string, vendorContactId: string): Contact | undefined {
  const row = db
    .select<ContactRow>(`SELECT ${COLUMNS} FROM contacts WHERE account_id = @accountId AND vendor_contact_id = @vendorContactId`)
    .get({ accountId, vendorContactId });
  return row && toContact(row);
}

export function getContact(db: ReadDb, id: number): Contact | undefined {
  const row = db.select<ContactRow>(`SELECT ${COLUMNS} FROM contacts WHERE id = @id`).get({ id });
  return row && toContact(row);
}

export type ContactUpsert = { id: number; change: 'inserted' | 'updated' | 'unchanged' };

export function upsertContact(db: WriteDb, accountId: string, contact: ContactInput, now: number): ContactUpsert {
  const values = contactValues(accountId, contact);
  const existing = findContactByVendorId(db, accountId, contact.vendorContactId);
  if (!existing) {
    const { lastInsertRowid } = db
      .write(
        `INSERT INTO contacts (account_id, vendor_contact_id, name, remark, wx_no, phones, avatar_url, owner_wx_no, created_at, updated_at)
         VALUES (@accountId, @vendorContactId, @name, @remark, @wxNo, @phones, @avatarUrl, @ownerWxNo, @createdAt, @now)`,
      )
      .run({ ...values, now });
    replaceContactPhones(db, lastInsertRowid, contact.phones);
    return { id: lastInsertRowid, change: 'inserted' };
  }
  const before = contactValues(accountId, { ...existing });
  if (JSON.stringify(before) === JSON.stringify(values)) return { id: existing.id, change: 'unchanged' };
  db.write(
    `UPDATE contacts SET name = @name, remark = @remark, wx_no = @wxNo, phones = @phones, avatar_url = @avatarUrl,
       owner_wx_no = @ownerWxNo, created_at = @createdAt, updated_at = @now
     WHERE id = @id`,
  ).run({ ...values, id: existing.id, now });
  if (before.phones !== values.phones) replaceContactPhones(db, existing.id, contact.phones);
  return { id: existing.id, change: 'updated' };
}

function replaceContactPhones(db: WriteDb, contactId: number, phones: readonly string[]): void {
  db.write('DELETE FROM contact_phones WHERE contact_id = @contactId').run({ contactId });
  for (const key of new Set(phones.map(phoneKey))) {
    if (key) db.write('INSERT INTO contact_phones (phone_key, contact_id) VALUES (@key, @contactId)').run({ key, contactId });
  }
}

/** Contacts with this number, for the customer timeline. */
export function contactIdsByPhone(db: ReadDb, key: string): number[] {
  return db.select<number>('SELECT contact_id FROM contact_phones WHERE phone_key = @key').column<number>({ key });
}

/** The rows among `ids` that pass the filter, for search. */
export function contactsByIds(db: ReadDb, ids: readonly number[], accountId: string | null): Contact[] {
  return db
    .select<ContactRow>(
      `SELECT ${COLUMNS} FROM contacts WHERE id IN (SELECT value FROM json_each(@ids))
         AND (@accountId IS NULL OR account_id = @accountId)`,
    )
    .all({ ids: JSON.stringify(ids), accountId })
    .map(toContact);
}


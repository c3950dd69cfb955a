import type { Vendor } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';
import { assertNoSecrets } from '../secret-guard';
import type { AccountRecord } from '../types';

interface AccountRow {
  id: string;
  vendor: Vendor;
  label: string;
  base_url: string;
  settings: string;
}

const toAccount = (row: AccountRow): AccountRecord => ({
  id: row.id,
  vendor: row.vendor,
  label: row.label,
  baseUrl: row.base_url,
  settings: JSON.parse(row.settings) as Record<string, unknown>,
});

export function upsertAccount(db: WriteDb, account: AccountRecord, now: number): void {
  assertNoSecrets(account.settings);
  db.write(
    `INSERT INTO accounts (id, vendor, label, base_url, settings, created_at, updated_at)
     VALUES (@id, @vendor, @label, @baseUrl, @settings, @now, @now)
     ON CONFLICT (id) DO UPDATE SET
       vendor = excluded.vendor, label = excluded.label, base_url = excluded.base_url,
       settings = excluded.settings, updated_at = excluded.updated_at`,
  ).run({
    id: account.id,
    vendor: account.vendor,
    label: account.label,
    baseUrl: account.baseUrl,
    settings: JSON.stringify(account.settings),
    now,
  });
}

export function getAccount(db: ReadDb, id: string): AccountRecord | undefined {
  const row = db
    .select<AccountRow>('SELECT id, vendor, label, base_url, settings FROM accounts WHERE id = @id')
    .get({ id });
  return row && toAccount(row);
}

export function listAccounts(db: ReadDb): AccountRecord[] {
  return db
    .select<AccountRow>('SELECT id, vendor, label, base_url, settings FROM accounts ORDER BY created_at, id')
    .all()
    .map(toAccount);
}

/** Removes the account and, through the foreign keys, everything cached for it. */
export function removeAccount(db: WriteDb, id: string): boolean {
  return db.write('DELETE FROM accounts WHERE id = @id').run({ id }).changes > 0;
}

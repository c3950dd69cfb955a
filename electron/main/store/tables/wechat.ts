// WeChat accounts, groups and members are kept whole as JSON: they are shown, never filtered by field.
import type { WeChatAccount, WeChatGroup, WeChatGroupMember } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';

type Change = 'inserted' | 'updated' | 'unchanged';

function upsertRecord(
  db: WriteDb,
  table: 'wechat_accounts' | 'wechat_groups',
  accountId: string,
  vendorId: string,
  record: unknown,
  now: number,
): Change {
  const json = JSON.stringify(record);
  const cached =
    table === 'wechat_accounts'
      ? db.select<string>('SELECT record FROM wechat_accounts WHERE account_id = @accountId AND vendor_id = @vendorId')
      : db.select<string>('SELECT record FROM wechat_groups WHERE account_id = @accountId AND vendor_id = @vendorId');
  const before = cached.column<string>({ accountId, vendorId })[0];
  if (before === json) return 'unchanged';
  db.write(
    `INSERT INTO ${table} (account_id, vendor_id, record, updated_at) VALUES (@accountId, @vendorId, @json, @now)
     ON CONFLICT (account_id, vendor_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at`,
  ).run({ accountId, vendorId, json, now });
  return before === undefined ? 'inserted' : 'updated';
}

export const upsertWeChatAccount = (db: WriteDb, accountId: string, account: WeChatAccount, now: number): Change =>
  upsertRecord(db, 'wechat_accounts', accountId, account.vendorId, account, now);

export const upsertWeChatGroup = (db: WriteDb, accountId: string, group: WeChatGroup, now: number): Change =>
  upsertRecord(db, 'wechat_groups', accountId, group.vendorId, group, now);

export function upsertWeChatGroupMember(db: WriteDb, accountId: string, member: WeChatGroupMember, now: number): Change {
  const json = JSON.stringify(member);
  const before = db
    .select<string>(
      `SELECT record FROM wechat_group_members
       WHERE account_id = @accountId AND group_vendor_id = @groupId AND vendor_id = @vendorId`,
    )
    .column<string>({ accountId, groupId: member.groupId, vendorId: member.vendorId })[0];
  if (before === json) return 'unchanged';
  db.write(
    `INSERT INTO wechat_group_members (account_id, group_vendor_id, vendor_id, record, updated_at)
     VALUES (@accountId, @groupId, @vendorId, @json, @now)
     ON CONFLICT (account_id, group_vendor_id, vendor_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at`,
  ).run({ accountId, groupId: member.groupId, vendorId: member.vendorId, json, now });
  return before === undefined ? 'inserted' : 'updated';
}

export function listWeChatAccounts(db: ReadDb, accountId: string): WeChatAccount[] {
  return db
    .select<string>('SELECT record FROM wechat_accounts WHERE account_id = @accountId ORDER BY id')
    .column<string>({ accountId })
    .map((json) => JSON.parse(json) as WeChatAccount);
}

export function listWeChatGroups(db: ReadDb, accountId: string): WeChatGroup[] {
  return db
    .select<string>('SELECT record FROM wechat_groups WHERE account_id = @accountId ORDER BY id')
    .column<string>({ accountId })
    .map((json) => JSON.parse(json) as WeChatGroup);
}

export function listWeChatGroupMembers(db: ReadDb, accountId: string, groupId: string): WeChatGroupMember[] {
  return db
    .select<string>('SELECT record FROM wechat_group_members WHERE account_id = @accountId AND group_vendor_id = @groupId ORDER BY id')
    .column<string>({ accountId, groupId })
    .map((json) => JSON.parse(json) as WeChatGroupMember);
}

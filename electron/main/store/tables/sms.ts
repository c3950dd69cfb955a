import type { SmsRecord } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';
import { phoneKey } from '../phone-key';
import type { RecordFilter } from '../types';
import { RECORD_FILTER_SQL, recordFilterBinds } from './record-tables';

export interface StoredSms extends SmsRecord {
  id: number;
  accountId: string;
}

interface SmsRow {
  id: number;
  account_id: string;
  vendor_id: string;
  device_id: string | null;
  imei: string | null;
  direction: 'in' | 'out';
  local_phone: string;
  agent_id: string | null;
  agent_name: string | null;
  contact_phone: string;
  contact_name: string | null;
  sent_at: number | null;
  raw: string;
}

const COLUMNS = `id, account_id, vendor_id, device_id, imei, direction, local_phone, agent_id, agent_name, contact_phone,
  contact_name, sent_at, raw`;

function toSms(row: SmsRow): StoredSms {
  const sms: StoredSms = {
    id: row.id,
    accountId: row.account_id,
    vendorId: row.vendor_id,
    direction: row.direction,
    localPhone: row.local_phone,
    contactPhone: row.contact_phone,
    raw: row.raw,
  };
  if (row.device_id !== null) sms.deviceId = row.device_id;
  if (row.imei !== null) sms.imei = row.imei;
  if (row.agent_id !== null) sms.agentId = row.agent_id;
  if (row.agent_name !== null) sms.agentName = row.agent_name;
  if (row.contact_name !== null) sms.contactName = row.contact_name;
  if (row.sent_at !== null) sms.sentAt = row.sent_at;
  return sms;
}

function smsValues(sms: SmsRecord) {
  return {
    deviceId: sms.deviceId ?? null,
    imei: sms.imei ?? null,
    direction: sms.direction,
    localPhone: sms.localPhone,
    agentId: sms.agentId ?? null,
    agentName: sms.agentName ?? null,
    contactPhone: sms.contactPhone,
    contactPhoneKey: phoneKey(sms.contactPhone),
    contactName: sms.contactName ?? null,
    sentAt: sms.sentAt ?? null,
    raw: sms.raw,
  };
}

export const smsTime = (sms: SmsRecord): number => sms.sentAt ?? 0;

export function findSms(db: ReadDb, accountId: string, vendorId: string): StoredSms | undefined {
  const row = db
    .select<SmsRow>(`SELECT ${COLUMNS} FROM sms WHERE account_id = @accountId AND vendor_id = @vendorId`)
    .get({ accountId, vendorId });
  return row && toSms(row);
}

export function insertSms(db: WriteDb, id: number, accountId: string, sms: SmsRecord): void {
  db.write(
    `INSERT INTO sms (id, account_id, vendor_id, device_id, imei, direction, local_phone, agent_id, agent_name, contact_phone,
       contact_phone_key, contact_name, sent_at, at, raw)
     VALUES (@id, @accountId, @vendorId, @deviceId, @imei, @direction, @localPhone, @agentId, @agentName, @contactPhone,
       @contactPhoneKey, @contactName, @sentAt, @at, @raw)`,
  ).run({ id, accountId, vendorId: sms.vendorId, at: smsTime(sms), ...smsValues(sms) });
}

export function updateSms(db: WriteDb, cached: StoredSms, sms: SmsRecord): boolean {
  const values = smsValues(sms);
  if (JSON.stringify(smsValues(cached)) === JSON.stringify(values)) return false;
  db.write(
    `UPDATE sms SET device_id = @deviceId, imei = @imei, direction = @direction, local_phone = @localPhone,
       agent_id = @agentId, agent_name = @agentName, contact_phone = @contactPhone, contact_phone_key = @contactPhoneKey,
       contact_name = @contactName, sent_at = @sentAt, raw = @raw
     WHERE id = @id`,
  ).run({ id: cached.id, ...values });
  return true;
}

export function getSms(db: ReadDb, id: number): StoredSms | undefined {
  const row = db.select<SmsRow>(`SELECT ${COLUMNS} FROM sms WHERE id = @id`).get({ id });
  return row && toSms(row);
}

export function smsByIds(db: ReadDb, ids: readonly number[], filter: RecordFilter): StoredSms[] {
  return db
    .select<SmsRow>(
      `SELECT ${COLUMNS} FROM sms WHERE id IN (SELECT value FROM json_each(@ids))
         ${RECORD_FILTER_SQL}`,
    )
    .all({ ids: JSON.stringify(ids), ...recordFilterBinds(filter) })
    .map(toSms);
}

export function smsByPhone(db: ReadDb, key: string, before: number, limit: number): StoredSms[] {
  return db
    .select<SmsRow>(`SELECT ${COLUMNS} FROM sms WHERE contact_phone_key = @key AND id < @before ORDER BY id DESC LIMIT @limit`)
    .all({ key, before, limit })
    .map(toSms);
}


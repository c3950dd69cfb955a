import type { CallRecord, RecordingState } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';
import { phoneKey } from '../phone-key';
import type { RecordFilter } from '../types';
import { RECORD_FILTER_SQL, recordFilterBinds } from './record-tables';

export interface StoredCall extends CallRecord {
  id: number;
  accountId: string;
}

interface CallRow {
  id: number;
  account_id: string;
  vendor_id: string;
  device_id: string | null;
  imei: string | null;
  direction: 'in' | 'out';
  connected: 0 | 1;
  local_phone: string;
  agent_id: string | null;
  agent_name: string | null;
  contact_phone: string;
  contact_name: string | null;
  began_at: number | null;
  ended_at: number | null;
  duration_sec: number;
  recording_state: RecordingState;
  recording_url: string | null;
  raw: string;
}

const COLUMNS = `id, account_id, vendor_id, device_id, imei, direction, connected, local_phone, agent_id, agent_name,
  contact_phone, contact_name, began_at, ended_at, duration_sec, recording_state, recording_url, raw`;

const optional = <Key extends string, Value>(key: Key, value: Value | null) =>
  (value === null ? {} : { [key]: value }) as Partial<Record<Key, Value>>;

function toCall(row: CallRow): StoredCall {
  return {
    id: row.id,
    accountId: row.account_id,
    vendorId: row.vendor_id,
    ...optional('deviceId', row.device_id),
    ...optional('imei', row.imei),
    direction: row.direction,
    connected: row.connected === 1,
    localPhone: row.local_phone,
    ...optional('agentId', row.agent_id),
    ...optional('agentName', row.agent_name),
    contactPhone: row.contact_phone,
    ...optional('contactName', row.contact_name),
    ...optional('beganAt', row.began_at),
    ...optional('endedAt', row.ended_at),
    durationSec: row.duration_sec,
    recordingState: row.recording_state,
    ...optional('recordingUrl', row.recording_url),
    raw: row.raw,
  };
}

function callValues(call: CallRecord) {
  return {
    deviceId: call.deviceId ?? null,
    imei: call.imei ?? null,
    direction: call.direction,
    connected: call.connected ? 1 : 0,
    localPhone: call.localPhone,
    agentId: call.agentId ?? null,
    agentName: call.agentName ?? null,
    contactPhone: call.contactPhone,
    contactPhoneKey: phoneKey(call.contactPhone),
    contactName: call.contactName ?? null,
    beganAt: call.beganAt ?? null,
    endedAt: call.endedAt ?? null,
    durationSec: call.durationSec,
    recordingState: call.recordingState,
    recordingUrl: call.recordingUrl ?? null,
    raw: call.raw,
  };
}

/** When a call happened, for its id and for date filters. */
export const callTime = (call: CallRecord): number => call.beganAt ?? call.endedAt ?? 0;

export function findCall(db: ReadDb, accountId: string, vendorId: string): StoredCall | undefined {
  const row = db
    .select<CallRow>(`SELECT ${COLUMNS} FROM calls WHERE account_id = @accountId AND vendor_id = @vendorId`)
    .get({ accountId, vendorId });
  return row && toCall(row);
}

export function insertCall(db: WriteDb, id: number, accountId: string, call: CallRecord): void {
  db.write(
    `INSERT INTO calls (id, account_id, vendor_id, device_id, imei, direction, connected, local_phone, agent_id, agent_name,
       contact_phone, contact_phone_key, contact_name, began_at, ended_at, at, duration_sec, recording_state, recording_url, raw)
     VALUES (@id, @accountId, @vendorId, @deviceId, @imei, @direction, @connected, @localPhone, @agentId, @agentName,
       @contactPhone, @contactPhoneKey, @contactName, @beganAt, @endedAt, @at, @durationSec, @recordingState, @recordingUrl, @raw)`,
  ).run({ id, accountId, vendorId: call.vendorId, at: callTime(call), ...callValues(call) });
}

/** Writes the call when it differs from what is cached; returns whether it did. */
export function updateCall(db: WriteDb, cached: StoredCall, call: CallRecord): boolean {
  const values = callValues(call);
  if (JSON.stringify(callValues(cached)) === JSON.stringify(values)) return false;
  db.write(
    `UPDATE calls SET device_id = @deviceId, imei = @imei, direction = @direction, connected = @connected,
       local_phone = @localPhone, agent_id = @agentId, agent_name = @agentName, contact_phone = @contactPhone,
       contact_phone_key = @contactPhoneKey, contact_name = @contactName, began_at = @beganAt, ended_at = @endedAt,
       duration_sec = @durationSec, recording_state = @recordingState, recording_url = @recordingUrl, raw = @raw
     WHERE id = @id`,
  ).run({ id: cached.id, ...values });
  return true;
}

export function getCall(db: ReadDb, id: number): StoredCall | undefined {
  const row = db.select<CallRow>(`SELECT ${COLUMNS} FROM calls WHERE id = @id`).get({ id });
  return row && toCall(row);
}

/** The calls among `ids` that pass the filter. */
export function callsByIds(db: ReadDb, ids: readonly number[], filter: RecordFilter): StoredCall[] {
  return db
    .select<CallRow>(
      `SELECT ${COLUMNS} FROM calls WHERE id IN (SELECT value FROM json_each(@ids))
         AND (@connected IS NULL OR connected = @connected)
         ${RECORD_FILTER_SQL}`,
    )
    .all({
      ids: JSON.stringify(ids),
      connected: filter.connected === undefined ? null : filter.connected ? 1 : 0,
      ...recordFilterBinds(filter),
    })
    .map(toCall);
}

/** A customer's calls below `before`, newest first, for the timeline. */
export function callsByPhone(db: ReadDb, key: string, before: number, limit: number): StoredCall[] {
  return db
    .select<CallRow>(
      `SELECT ${COLUMNS} FROM calls WHERE contact_phone_key = @key AND id < @before ORDER BY id DESC LIMIT @limit`,
    )
    .all({ key, before, limit })
    .map(toCall);
}


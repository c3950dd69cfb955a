// The undecoded table (migrations/0004-undecoded.ts): what the vendor decoders could not fully read.
import type { UndecodedDetail, UndecodedKind, UndecodedObservation, UndecodedRecordType } from '@shared/model';
import type { ReadDb, SelectSql, WriteDb } from '../db';

export function upsertUndecoded(db: WriteDb, accountId: string, observation: UndecodedObservation, now: number): void {
  db.write(
    `INSERT INTO undecoded (account_id, record_type, record_key, endpoint, kind, detail, sample, decoder, first_seen_at, last_seen_at)
     VALUES (@accountId, @recordType, @recordKey, @endpoint, @kind, @detail, @sample, @decoder, @now, @now)
     ON CONFLICT (account_id, record_type, record_key) DO UPDATE SET
       endpoint = excluded.endpoint, kind = excluded.kind, detail = excluded.detail, sample = excluded.sample,
       decoder = excluded.decoder, seen = seen + 1, last_seen_at = excluded.last_seen_at`,
  ).run({
    accountId,
    recordType: observation.recordType,
    recordKey: observation.recordKey,
    endpoint: observation.endpoint,
    kind: observation.kind,
    detail: JSON.stringify(observation.detail),
    sample: observation.sample ?? null,
    decoder: observation.decoder,
    now,
  });
}

export function deleteUndecoded(db: WriteDb, accountId: string, recordType: UndecodedRecordType, recordKey: string): void {
  db.write('DELETE FROM undecoded WHERE account_id = @accountId AND record_type = @recordType AND record_key = @recordKey').run({
    accountId,
    recordType,
    recordKey,
  });
}

export function deleteUndecodedById(db: WriteDb, id: number): void {
  db.write('DELETE FROM undecoded WHERE id = @id').run({ id });
}

export interface UndecodedGroupRow {
  endpoint: string;
  recordType: UndecodedRecordType;
  kind: UndecodedKind;
  records: number;
  seen: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** One row per endpoint, record type and kind of an account, busiest first. */
export function undecodedGroups(db: ReadDb, accountId: string): UndecodedGroupRow[] {
  return db
    .select<UndecodedGroupRow>(
      `SELECT endpoint, record_type AS recordType, kind, count(*) AS records, sum(seen) AS seen,
         min(first_seen_at) AS firstSeenAt, max(last_seen_at) AS lastSeenAt
       FROM undecoded WHERE account_id = @accountId
       GROUP BY endpoint, record_type, kind ORDER BY records DESC, endpoint`,
    )
    .all({ accountId });
}

export interface UndecodedEntry {
  id: number;
  accountId: string;
  recordType: UndecodedRecordType;
  recordKey: string;
  endpoint: string;
  kind: UndecodedKind;
  detail: UndecodedDetail;
  sample: string | null;
  decoder: number;
}

interface EntryRow extends Omit<UndecodedEntry, 'detail'> {
  detail: string;
}

const ENTRY = `SELECT id, account_id AS accountId, record_type AS recordType, record_key AS recordKey, endpoint, kind, detail, sample,
  decoder FROM undecoded`;

const toEntry = (row: EntryRow): UndecodedEntry => ({ ...row, detail: JSON.parse(row.detail) as UndecodedDetail });

/** The newest entries of a group, through the group index: what the panel shows of it. */
export function newestOfGroup(db: ReadDb, accountId: string, group: Pick<UndecodedGroupRow, 'endpoint' | 'recordType' | 'kind'>, limit: number): UndecodedEntry[] {
  return db
    .select<EntryRow>(
      `${ENTRY} WHERE account_id = @accountId AND endpoint = @endpoint AND record_type = @recordType AND kind = @kind
       ORDER BY last_seen_at DESC LIMIT @limit`,
    )
    .all({ accountId, endpoint: group.endpoint, recordType: group.recordType, kind: group.kind, limit })
    .map(toEntry);
}

/** Up to `limit` entries after `after` in id order, for walks that must not scan the table in one go. */
export function undecodedAfter(db: ReadDb, after: number, limit: number): UndecodedEntry[] {
  return db.select<EntryRow>(`${ENTRY} WHERE id > @after ORDER BY id LIMIT @limit`).all({ after, limit }).map(toEntry);
}

export function findUndecoded(db: ReadDb, accountId: string, recordType: UndecodedRecordType, recordKey: string): UndecodedEntry | undefined {
  const row = db
    .select<EntryRow>(`${ENTRY} WHERE account_id = @accountId AND record_type = @recordType AND record_key = @recordKey`)
    .get({ accountId, recordType, recordKey });
  return row && toEntry(row);
}

/** The tables that keep a record type's raw payload, and the column of its vendor id. */
const KEPT: Record<'message' | 'call' | 'sms', { table: string; key: string }> = {
  message: { table: 'messages', key: 'vendor_msg_id' },
  call: { table: 'calls', key: 'vendor_id' },
  sms: { table: 'sms', key: 'vendor_id' },
};

export type KeptRecordType = keyof typeof KEPT;

export function isKeptRecordType(recordType: UndecodedRecordType): recordType is KeptRecordType {
  return Object.hasOwn(KEPT, recordType);
}

/** The local id and raw payload of a kept record, by its vendor id. */
export function keptRecord(db: ReadDb, accountId: string, recordType: KeptRecordType, recordKey: string): { id: number; raw: string } | undefined {
  const { table, key } = KEPT[recordType];
  const sql: SelectSql = `SELECT id, raw FROM ${table} WHERE account_id = @accountId AND ${key} = @recordKey`;
  return db.select<{ id: number; raw: string }>(sql).get({ accountId, recordKey });
}

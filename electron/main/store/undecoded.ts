// What the vendor decoders could not fully read, in the cache: noted with the record that lacks it
// (messages, calls, SMS, in the page's own transaction), recorded from the clients' reports
// (everything else), summed up per endpoint and kind for the health panel, and decoded again from
// the stored raw payloads when a better decoder arrives (the walk is sync/redecode.ts; the pages
// it reads and the transactions it writes are here).
import {
  unknownOf,
  type CallRecord,
  type DecodedMessage,
  type DecodeGaps,
  type Message,
  type SmsRecord,
  type UndecodedObservation,
  type UndecodedRecordType,
  type WithGaps,
} from '@shared/model';
import type { ReadDb, WriteDb } from './db';
import type { WriteContext } from './ingest';
import { CALL_INDEX, MESSAGE_INDEX, SMS_INDEX, queueForIndex } from './search/fts';
import { findCall, updateCall } from './tables/calls';
import { refreshPreviewOf, uncountUnread } from './tables/conversations';
import { findCachedMessage, getMessages, sameMessageFields, updateMessageFields, decodedMessageFields } from './tables/messages';
import { findSms, updateSms } from './tables/sms';
import { deleteMeta, writeMetaNumber } from './tables/store-meta';
import {
  deleteUndecoded,
  deleteUndecodedById,
  isKeptRecordType,
  keptRecord,
  newestOfGroup,
  undecodedAfter,
  undecodedGroups,
  upsertUndecoded,
  type KeptRecordType,
  type UndecodedEntry,
  type UndecodedGroupRow,
} from './tables/undecoded';

/** As long as a conversation preview (ingest.ts). */
const PREVIEW_LENGTH = 120;

/** What a kept record stands for in the undecoded table, or undefined when it was read in full. */
export function keptObservation(
  recordType: KeptRecordType,
  recordKey: string,
  gaps: DecodeGaps | undefined,
  unknown?: { vendorType?: string; reason: string },
): UndecodedObservation | undefined {
  if (!gaps && !unknown) return undefined;
  const fields = gaps?.unread ?? [];
  return {
    endpoint: gaps?.endpoint ?? '',
    kind: unknown ? 'unknownType' : 'partlyRead',
    recordType,
    recordKey,
    detail: { ...unknown, ...(fields.length > 0 ? { fields } : {}) },
    decoder: gaps?.decoder ?? 0,
  };
}

/**
 * Notes what a kept record lacks. `replaces`: the record was stored before and is now rewritten,
 * so an earlier note goes when this copy lacks nothing.
 */
export function noteKeptRecord(db: WriteDb, accountId: string, observation: UndecodedObservation | undefined, replaces: { recordType: KeptRecordType; recordKey: string } | undefined, now: number): void {
  if (observation) upsertUndecoded(db, accountId, observation, now);
  else if (replaces) deleteUndecoded(db, accountId, replaces.recordType, replaces.recordKey);
}

export const messageObservation = (message: DecodedMessage): UndecodedObservation | undefined =>
  keptObservation('message', message.vendorMsgId, message.gaps, unknownOf(message.content));

/** Whether storing this page writes to the undecoded table (so the health panel hears of it). */
export const hasGaps = (items: readonly object[]): boolean =>
  items.some((item) => (item as { gaps?: unknown }).gaps !== undefined || (item as Partial<DecodedMessage>).content?.kind === 'unknown');

/** The clients' reports: each in the same transaction as the others of its page. */
export function recordObservations(ctx: WriteContext, accountId: string, observations: readonly UndecodedObservation[]): void {
  ctx.db.transaction(() => {
    for (const observation of observations) upsertUndecoded(ctx.db, accountId, observation, ctx.now);
  });
}

// ---------------------------------------------------------------------------------------------
// The health panel

export interface UndecodedSummary extends UndecodedGroupRow {
  /** Type codes seen among the newest records of the group (unknown types). */
  vendorTypes: string[];
  /** Fields left out among the newest records of the group. */
  fields: string[];
  /** The newest payload of the group as received (secrets scrubbed when stored; redact before showing). */
  sample?: string;
}

const SUMMARY_DEPTH = 200;
const SUMMARY_LIST = 10;

export function undecodedSummary(db: ReadDb, accountId: string): UndecodedSummary[] {
  return undecodedGroups(db, accountId).map((group) => {
    const newest = newestOfGroup(db, accountId, group, SUMMARY_DEPTH);
    const vendorTypes = distinct(newest.map((e) => e.detail.vendorType));
    const fields = distinct(newest.flatMap((e) => (e.detail.fields ?? []).map((f) => f.field)));
    const sample = firstSample(db, newest);
    return { ...group, vendorTypes, fields, ...(sample !== undefined ? { sample } : {}) };
  });
}

function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))].slice(0, SUMMARY_LIST);
}

function firstSample(db: ReadDb, entries: UndecodedEntry[]): string | undefined {
  for (const entry of entries.slice(0, 20)) {
    if (entry.sample !== null) return entry.sample;
    if (isKeptRecordType(entry.recordType)) {
      const record = keptRecord(db, entry.accountId, entry.recordType, entry.recordKey);
      if (record) return record.raw;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Decoding again

export interface RedecodeCandidate {
  /** The undecoded row that named it; absent for a message found by the scan of an older cache. */
  entryId?: number;
  accountId: string;
  recordType: UndecodedRecordType;
  recordKey: string;
  /** '' when nothing recorded it (the caller knows each vendor's message endpoint). */
  endpoint: string;
  /** The kept record, when the cache holds it. */
  record?: { id: number; raw: string };
}

export interface CandidatePage {
  candidates: RedecodeCandidate[];
  /** Where the next page starts (exclusive). */
  next: number;
  /** Nothing is left after `next`. */
  finished: boolean;
  /** Rows looked at, for progress. */
  scanned: number;
}

/**
 * The walk's bounded step over rows in id order (already limited to `scan`): picks at most `limit`
 * of them, and says where the next step starts and whether this one reached the end.
 */
function pickInOrder<R extends { id: number }>(rows: readonly R[], after: number, scan: number, limit: number, pick: (row: R) => boolean): { picked: R[]; next: number; finished: boolean; scanned: number } {
  const picked: R[] = [];
  let next = after;
  let scanned = 0;
  for (const row of rows) {
    if (picked.length === limit) break;
    scanned++;
    next = row.id;
    if (pick(row)) picked.push(row);
  }
  return { picked, next, finished: rows.length < scan && scanned === rows.length, scanned };
}

/**
 * Messages of kind `unknown` after `after` in id order, looking at no more than `scan` rows and
 * picking at most `limit`: a cache written before anything was noted is walked this way, a page
 * per transaction, never in one long query.
 */
export function legacyUnknownPage(db: ReadDb, after: number, scan: number, limit: number): CandidatePage {
  const rows = db.select<{ id: number; unknown: 0 | 1 }>(`SELECT id, kind = 'unknown' AS unknown FROM messages WHERE id > @after ORDER BY id LIMIT @scan`).all({ after, scan });
  const { picked, ...step } = pickInOrder(rows, after, scan, limit, (row) => row.unknown === 1);
  const candidates = db
    .select<{ id: number; accountId: string; vendorMsgId: string; raw: string }>(
      `SELECT id, account_id AS accountId, vendor_msg_id AS vendorMsgId, raw FROM messages WHERE id IN (SELECT value FROM json_each(@ids)) ORDER BY id`,
    )
    .all({ ids: JSON.stringify(picked.map((row) => row.id)) })
    .map((m) => ({ accountId: m.accountId, recordType: 'message' as const, recordKey: m.vendorMsgId, endpoint: '', record: { id: m.id, raw: m.raw } }));
  return { candidates, ...step };
}

/** Undecoded rows after `after` that `accept` picks (one vendor's, noted by an older decoder), bounded like legacyUnknownPage. */
export function undecodedPage(db: ReadDb, accept: (entry: UndecodedEntry) => boolean, after: number, scan: number, limit: number): CandidatePage {
  const { picked, ...step } = pickInOrder(undecodedAfter(db, after, scan), after, scan, limit, accept);
  const candidates = picked.map((entry): RedecodeCandidate => {
    const record = isKeptRecordType(entry.recordType) ? keptRecord(db, entry.accountId, entry.recordType, entry.recordKey) : undefined;
    return { entryId: entry.id, accountId: entry.accountId, recordType: entry.recordType, recordKey: entry.recordKey, endpoint: entry.endpoint, ...(record ? { record } : {}) };
  });
  return { candidates, ...step };
}

/** How many rows each walk has at most, for its progress. */
export function walkSizes(db: ReadDb): { messages: number; undecoded: number } {
  const count = (sql: 'SELECT count(*) FROM messages' | 'SELECT count(*) FROM undecoded') => db.select<number>(sql).column<number>()[0] ?? 0;
  return { messages: count('SELECT count(*) FROM messages'), undecoded: count('SELECT count(*) FROM undecoded') };
}

/** What decoding a candidate again gave; `forget` drops an observation nothing in the cache keeps. */
export type RedecodeResult =
  | { candidate: RedecodeCandidate; message: DecodedMessage }
  | { candidate: RedecodeCandidate; call: WithGaps<CallRecord> }
  | { candidate: RedecodeCandidate; sms: WithGaps<SmsRecord> }
  | { candidate: RedecodeCandidate; forget: true };

export interface RedecodeOutcome {
  /** Messages whose content changed, as stored now. */
  messages: Message[];
  /** Conversations whose preview or unread count changed. */
  conversations: number[];
  unreadChanged: boolean;
  calls: number;
  sms: number;
  /** Accounts whose undecoded rows changed. */
  accounts: string[];
}

/** A store_meta number to set (or clear, with null) in the same transaction: the walk's position. */
export interface MetaWrite {
  key: string;
  value: number | null;
}

/**
 * Applies one batch of re-decoded records and the walk's new position in one transaction. A record
 * the sync rewrote since the batch was read (its raw differs) is left alone: that write already
 * decoded and noted it with the current decoder.
 */
export function applyRedecoded(ctx: WriteContext, results: readonly RedecodeResult[], meta: readonly MetaWrite[]): RedecodeOutcome {
  const { db, now } = ctx;
  return db.transaction(() => {
    const changedMessages: number[] = [];
    const retexted: number[] = [];
    const conversations = new Set<number>();
    const accounts = new Set<string>();
    let unreadChanged = false;
    let calls = 0;
    let sms = 0;
    for (const result of results) {
      const { candidate } = result;
      accounts.add(candidate.accountId);
      if ('forget' in result) {
        if (candidate.entryId !== undefined) deleteUndecodedById(db, candidate.entryId);
        continue;
      }
      const raw = candidate.record?.raw;
      if ('message' in result) {
        const cached = findCachedMessage(db, candidate.accountId, candidate.recordKey);
        if (!cached || cached.raw !== raw) continue;
        const fields = { ...decodedMessageFields(result.message), raw: cached.raw };
        if (!sameMessageFields(cached, fields)) {
          if (cached.direction === 'in' && fields.direction === 'out' && uncountUnread(db, cached.conversationId, cached.id)) {
            unreadChanged = true;
            conversations.add(cached.conversationId);
          }
          updateMessageFields(db, cached.id, fields);
          changedMessages.push(cached.id);
          if (cached.text !== fields.text) {
            retexted.push(cached.id);
            if (refreshPreviewOf(db, cached.conversationId, cached.id, fields.text.slice(0, PREVIEW_LENGTH))) conversations.add(cached.conversationId);
          }
        }
        noteKeptRecord(db, candidate.accountId, messageObservation(result.message), { recordType: 'message', recordKey: candidate.recordKey }, now);
      } else if ('call' in result) {
        const cached = findCall(db, candidate.accountId, candidate.recordKey);
        if (!cached || cached.raw !== raw) continue;
        if (updateCall(db, cached, { ...result.call, raw: cached.raw })) {
          queueForIndex(db, CALL_INDEX, 'refresh', [cached.id]);
          calls++;
        }
        noteKeptRecord(db, candidate.accountId, keptObservation('call', candidate.recordKey, result.call.gaps), { recordType: 'call', recordKey: candidate.recordKey }, now);
      } else {
        const cached = findSms(db, candidate.accountId, candidate.recordKey);
        if (!cached || cached.raw !== raw) continue;
        if (updateSms(db, cached, { ...result.sms, raw: cached.raw })) {
          queueForIndex(db, SMS_INDEX, 'refresh', [cached.id]);
          sms++;
        }
        noteKeptRecord(db, candidate.accountId, keptObservation('sms', candidate.recordKey, result.sms.gaps), { recordType: 'sms', recordKey: candidate.recordKey }, now);
      }
    }
    queueForIndex(db, MESSAGE_INDEX, 'refresh', retexted);
    for (const { key, value } of meta) {
      if (value === null) deleteMeta(db, key);
      else writeMetaNumber(db, key, value);
    }
    const messages = getMessages(db, changedMessages);
    for (const message of messages) conversations.add(message.conversationId);
    return { messages, conversations: [...conversations], unreadChanged, calls, sms, accounts: [...accounts] };
  });
}

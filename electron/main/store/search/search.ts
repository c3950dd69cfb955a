// Offline search over messages, contacts, calls and SMS. The answer is defined as a substring
// scan: a record matches when one of its searched fields, folded (normalize.ts), contains the
// folded query. The FTS indexes only make that fast: they propose candidates newest first, the
// filters and the substring check decide, and keyset-scan.ts bounds the work per call.
import type { Contact, MessageKind } from '@shared/model';
import type { ReadDb } from '../db';
import { scanNewestFirst } from '../keyset-scan';
import { timeKeyCeiling, timeKeyFloor } from '../time-key';
import { contactsByIds } from '../tables/contacts';
import { conversationTitles } from '../tables/conversations';
import { callsByIds, type StoredCall } from '../tables/calls';
import { conversationIdRange, messagesForSearch, type MessageSearchRow } from '../tables/messages';
import { smsByIds, type StoredSms } from '../tables/sms';
import { readMetaNumber } from '../tables/store-meta';
import type { Page } from '../types';
import {
  CALL_INDEX,
  CONTACT_INDEX,
  MESSAGE_INDEX,
  SMS_INDEX,
  WHOLE_RANGE,
  candidateRowids,
  type FtsIndex,
  type Pending,
  type RowidWindow,
  type SearchIndex,
} from './fts';
import { foldQuery } from './normalize';
import { snippetFor, type Snippet } from './snippet';

export type SearchGroup = 'messages' | 'contacts' | 'calls' | 'sms';
export const SEARCH_GROUPS: readonly SearchGroup[] = ['messages', 'contacts', 'calls', 'sms'];

export interface SearchFilters {
  accountId?: string;
  /** Messages only: search inside one conversation. */
  conversationId?: number;
  /** Messages only. */
  kinds?: MessageKind[];
  /** Inclusive, epoch ms; messages, calls and SMS. */
  from?: number;
  /** Exclusive, epoch ms. */
  to?: number;
  /** Which groups searchAll fills; all four by default. */
  groups?: SearchGroup[];
}

export interface SearchPageRequest {
  limit?: number;
  /** The `next` of the previous page of the same group. */
  after?: number;
}

export interface MessageHit {
  messageId: number;
  conversationId: number;
  conversationTitle: string;
  accountId: string;
  kind: MessageKind;
  direction: 'in' | 'out';
  sentAt: number;
  senderName?: string;
  snippet: Snippet;
}

export interface FieldMatch<Field extends string> {
  field: Field;
  snippet: Snippet;
}

export interface ContactHit {
  contact: Contact;
  matches: FieldMatch<'name' | 'remark' | 'wxNo' | 'phone'>[];
}

export interface CallHit {
  call: StoredCall;
  matches: FieldMatch<'name' | 'phone'>[];
}

export interface SmsHit {
  sms: StoredSms;
  matches: FieldMatch<'name' | 'phone'>[];
}

export interface SearchResults {
  /** The query as searched (folded and trimmed); empty when there was nothing to search. */
  query: string;
  messages: Page<MessageHit>;
  contacts: Page<ContactHit>;
  calls: Page<CallHit>;
  sms: Page<SmsHit>;
}

export const DEFAULT_SEARCH_LIMIT = 50;
const MAX_SEARCH_LIMIT = 200;

const pageLimit = (page: SearchPageRequest | undefined) =>
  Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(page?.limit ?? DEFAULT_SEARCH_LIMIT)));

/** Rowid bounds from a date range: ids are time keys, so the range is a stretch of the index. */
export function dateWindow(db: ReadDb, table: 'messages' | 'calls' | 'sms', from?: number, to?: number): RowidWindow {
  return {
    before: to === undefined ? WHOLE_RANGE.before : timeKeyCeiling(to, readMetaNumber(db, `time_key_spill_ms:${table}`)),
    from: from === undefined ? WHOLE_RANGE.from : timeKeyFloor(from),
  };
}

function narrow(window: RowidWindow, after: number | undefined): RowidWindow {
  return after === undefined ? window : { before: Math.min(window.before, after), from: window.from };
}

function fieldMatches<Field extends string>(
  foldedQuery: string,
  fields: ReadonlyArray<readonly [Field, string | readonly string[] | undefined]>,
): FieldMatch<Field>[] {
  const matches: FieldMatch<Field>[] = [];
  for (const [field, value] of fields) {
    for (const text of typeof value === 'string' ? [value] : (value ?? [])) {
      const snippet = snippetFor(text, foldedQuery);
      if (snippet) matches.push({ field, snippet });
    }
  }
  return matches;
}

/** The candidate source of one search call: the queue is read once, at its first chunk. */
function ftsCandidates(search: SearchIndex, index: FtsIndex, foldedQuery: string, column?: string) {
  let waiting: Pending | undefined;
  return (window: RowidWindow, limit: number) =>
    candidateRowids(search, index, foldedQuery, window, limit, column, (waiting ??= search.pending(index)));
}

const emptyPage = <Item>(): Page<Item> => ({ items: [] });

export function searchMessages(
  db: ReadDb,
  search: SearchIndex,
  query: string,
  filters: SearchFilters = {},
  page?: SearchPageRequest,
): Page<MessageHit> {
  const folded = foldQuery(query);
  if (!folded) return emptyPage();
  let window = narrow(dateWindow(db, 'messages', filters.from, filters.to), page?.after);
  if (filters.conversationId !== undefined) {
    const range = conversationIdRange(db, filters.conversationId);
    if (!range) return emptyPage();
    window = { before: Math.min(window.before, range.last + 1), from: Math.max(window.from, range.first) };
  }
  const filter = {
    accountId: filters.accountId ?? null,
    conversationId: filters.conversationId ?? null,
    kinds: filters.kinds && filters.kinds.length > 0 ? JSON.stringify(filters.kinds) : null,
    from: filters.from ?? null,
    to: filters.to ?? null,
  };
  type Hit = { id: number; row: MessageSearchRow; snippet: Snippet };
  const { rows, next } = scanNewestFirst<Hit>(
    {
      candidates: ftsCandidates(search, MESSAGE_INDEX, folded),
      accept: (ids) =>
        messagesForSearch(db, ids, filter).flatMap((row) => {
          const snippet = snippetFor(row.text, folded);
          return snippet ? [{ id: row.id, row, snippet }] : [];
        }),
    },
    window,
    pageLimit(page),
  );
  const titles = conversationTitles(db, [...new Set(rows.map((hit) => hit.row.conversation_id))]);
  const items = rows.map(({ row, snippet }): MessageHit => ({
    messageId: row.id,
    conversationId: row.conversation_id,
    conversationTitle: titles.get(row.conversation_id) ?? '',
    accountId: row.account_id,
    kind: row.kind,
    direction: row.direction,
    sentAt: row.sent_at,
    ...(row.sender_name !== null ? { senderName: row.sender_name } : {}),
    snippet,
  }));
  return next === undefined ? { items } : { items, next };
}

export function searchContacts(
  db: ReadDb,
  search: SearchIndex,
  query: string,
  filters: SearchFilters = {},
  page?: SearchPageRequest,
): Page<ContactHit> {
  const folded = foldQuery(query);
  if (!folded) return emptyPage();
  type Hit = ContactHit & { id: number };
  const { rows, next } = scanNewestFirst<Hit>(
    {
      candidates: ftsCandidates(search, CONTACT_INDEX, folded),
      accept: (ids) =>
        contactsByIds(db, ids, filters.accountId ?? null).flatMap((contact) => {
          const matches = fieldMatches(folded, [
            ['name', contact.name],
            ['remark', contact.remark],
            ['wxNo', contact.wxNo],
            ['phone', contact.phones],
          ]);
          return matches.length > 0 ? [{ id: contact.id, contact, matches }] : [];
        }),
    },
    narrow(WHOLE_RANGE, page?.after),
    pageLimit(page),
  );
  const items = rows.map(({ contact, matches }) => ({ contact, matches }));
  return next === undefined ? { items } : { items, next };
}

/** Calls or SMS whose customer name or number contains the query (or only the number, for list filters). */
function searchParties<Party extends { id: number; contactName?: string; contactPhone: string }>(
  db: ReadDb,
  search: SearchIndex,
  index: FtsIndex,
  table: 'calls' | 'sms',
  fetch: (ids: number[]) => Party[],
  query: string,
  filters: SearchFilters,
  page: SearchPageRequest | undefined,
  numberOnly: boolean,
): Page<{ record: Party; matches: FieldMatch<'name' | 'phone'>[] }> {
  const folded = foldQuery(query);
  if (!folded) return emptyPage();
  type Hit = { id: number; record: Party; matches: FieldMatch<'name' | 'phone'>[] };
  const { rows, next } = scanNewestFirst<Hit>(
    {
      candidates: ftsCandidates(search, index, folded, numberOnly ? 'phone' : undefined),
      accept: (ids) =>
        fetch(ids).flatMap((record) => {
          const matches = fieldMatches<'name' | 'phone'>(
            folded,
            numberOnly ? [['phone', record.contactPhone]] : [['name', record.contactName], ['phone', record.contactPhone]],
          );
          return matches.length > 0 ? [{ id: record.id, record, matches }] : [];
        }),
    },
    narrow(dateWindow(db, table, filters.from, filters.to), page?.after),
    pageLimit(page),
  );
  const items = rows.map(({ record, matches }) => ({ record, matches }));
  return next === undefined ? { items } : { items, next };
}

export function searchCalls(db: ReadDb, search: SearchIndex, query: string, filters: SearchFilters = {}, page?: SearchPageRequest): Page<CallHit> {
  const found = searchParties(db, search, CALL_INDEX, 'calls', (ids) => callsByIds(db, ids, filters), query, filters, page, false);
  return { ...found, items: found.items.map(({ record, matches }) => ({ call: record, matches })) };
}

export function searchSms(db: ReadDb, search: SearchIndex, query: string, filters: SearchFilters = {}, page?: SearchPageRequest): Page<SmsHit> {
  const found = searchParties(db, search, SMS_INDEX, 'sms', (ids) => smsByIds(db, ids, filters), query, filters, page, false);
  return { ...found, items: found.items.map(({ record, matches }) => ({ sms: record, matches })) };
}

/** Calls or SMS whose number contains `number`: the list filter "number substring". */
export function partiesByNumber<Party extends { id: number; contactName?: string; contactPhone: string }>(
  db: ReadDb,
  search: SearchIndex,
  table: 'calls' | 'sms',
  fetch: (ids: number[]) => Party[],
  number: string,
  filters: { from?: number; to?: number },
  page: SearchPageRequest | undefined,
): Page<Party> {
  const index = table === 'calls' ? CALL_INDEX : SMS_INDEX;
  const found = searchParties(db, search, index, table, fetch, number, filters, page, true);
  return { ...found, items: found.items.map(({ record }) => record) };
}

/** The first page of every group; "more" pages come from the per-group functions with `after`. */
export function searchAll(db: ReadDb, search: SearchIndex, query: string, filters: SearchFilters = {}, page?: { limit?: number }): SearchResults {
  const groups = new Set(filters.groups ?? SEARCH_GROUPS);
  const limit = page?.limit === undefined ? {} : { limit: page.limit };
  // Searching inside a conversation is about its messages only.
  const onlyMessages = filters.conversationId !== undefined;
  return {
    query: foldQuery(query),
    messages: groups.has('messages') ? searchMessages(db, search, query, filters, limit) : emptyPage(),
    contacts: groups.has('contacts') && !onlyMessages ? searchContacts(db, search, query, filters, limit) : emptyPage(),
    calls: groups.has('calls') && !onlyMessages ? searchCalls(db, search, query, filters, limit) : emptyPage(),
    sms: groups.has('sms') && !onlyMessages ? searchSms(db, search, query, filters, limit) : emptyPage(),
  };
}

// Call and SMS lists: newest first, keyset-paged on the time-key id, filtered by direction,
// connection, date, agent and any part of the customer's number.
import type { ReadDb } from './db';
import { scanNewestFirst } from './keyset-scan';
import type { SearchIndex } from './search/fts';
import { dateWindow, partiesByNumber } from './search/search';
import { callsByIds, type StoredCall } from './tables/calls';
import { idsBelow } from './tables/record-tables';
import { smsByIds, type StoredSms } from './tables/sms';
import type { Page, PageRequest, RecordFilter } from './types';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

function listParties<Party extends StoredCall | StoredSms>(
  db: ReadDb,
  search: SearchIndex,
  table: 'calls' | 'sms',
  byIds: (ids: readonly number[], filter: RecordFilter) => Party[],
  filter: RecordFilter,
  page: PageRequest,
): Page<Party> {
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(page.limit ?? DEFAULT_PAGE)));
  const number = filter.number?.trim();
  if (number) {
    return partiesByNumber(db, search, table, (ids) => byIds(ids, filter), number, filter, { limit, ...(page.after !== undefined ? { after: page.after } : {}) });
  }
  const window = dateWindow(db, table, filter.from, filter.to);
  const { rows, next } = scanNewestFirst(
    {
      candidates: (bounds, size) => idsBelow(db, table, filter.agentId, bounds, size),
      accept: (ids) => byIds(ids, filter),
    },
    { before: Math.min(window.before, page.after ?? window.before), from: window.from },
    limit,
  );
  return next === undefined ? { items: rows } : { items: rows, next };
}

export function callPage(db: ReadDb, search: SearchIndex, filter: RecordFilter = {}, page: PageRequest = {}): Page<StoredCall> {
  return listParties(db, search, 'calls', (ids, f) => callsByIds(db, ids, f), filter, page);
}

export function smsPage(db: ReadDb, search: SearchIndex, filter: RecordFilter = {}, page: PageRequest = {}): Page<StoredSms> {
  return listParties(db, search, 'sms', (ids, f) => smsByIds(db, ids, f), filter, page);
}

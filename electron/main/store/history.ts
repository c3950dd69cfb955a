// Reading a conversation and a customer's history. Message ids are time keys (time-key.ts), so
// (sent_at, id) order is id order and every page is one index range.
import type { Message } from '@shared/model';
import type { ReadDb } from './db';
import { phoneKey } from './phone-key';
import { callsByPhone } from './tables/calls';
import { conversationIdsByPhone } from './tables/conversations';
import { getMessage, messagesBeside } from './tables/messages';
import { smsByPhone } from './tables/sms';
import type { Page, TimelineItem } from './types';

/** A stretch of a conversation, oldest first, and whether there is more on either side. */
export interface MessageWindow {
  items: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
}

export interface MessagePageRequest {
  /** Messages older than this id (scrolling back). */
  before?: number;
  /** Messages newer than this id (catching up). */
  after?: number;
  limit?: number;
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;
const pageSize = (limit: number | undefined) => Math.min(MAX_PAGE, Math.max(1, Math.trunc(limit ?? DEFAULT_PAGE)));

/** The latest messages, or the page before / after a message id. */
export function messageWindow(db: ReadDb, conversationId: number, request: MessagePageRequest = {}): MessageWindow {
  const limit = pageSize(request.limit);
  if (request.after !== undefined) {
    const newer = messagesBeside(db, conversationId, 'after', request.after, limit + 1);
    return { items: newer.slice(0, limit), hasOlder: true, hasNewer: newer.length > limit };
  }
  const older = messagesBeside(db, conversationId, 'before', request.before ?? Number.MAX_SAFE_INTEGER, limit + 1);
  return { items: older.slice(0, limit).reverse(), hasOlder: older.length > limit, hasNewer: request.before !== undefined };
}

/** The message and its neighbours, for jumping to a search result. */
export function messagesAround(db: ReadDb, messageId: number, limit?: number): MessageWindow | undefined {
  const message = getMessage(db, messageId);
  if (!message) return undefined;
  const size = pageSize(limit);
  const olderCount = Math.floor((size - 1) / 2);
  const newerCount = size - 1 - olderCount;
  const older = messagesBeside(db, message.conversationId, 'before', messageId, olderCount + 1);
  const newer = messagesBeside(db, message.conversationId, 'after', messageId, newerCount + 1);
  return {
    items: [...older.slice(0, olderCount).reverse(), message, ...newer.slice(0, newerCount)],
    hasOlder: older.length > olderCount,
    hasNewer: newer.length > newerCount,
  };
}

/** Where the timeline stopped: ids are unique per table, so the type breaks ties across tables. */
export interface TimelineCursor {
  id: number;
  type: TimelineItem['type'];
}

const TYPE_ORDER: Record<TimelineItem['type'], number> = { call: 2, sms: 1, message: 0 };

const newerFirst = (a: TimelineCursor, b: TimelineCursor) => b.id - a.id || TYPE_ORDER[b.type] - TYPE_ORDER[a.type];

/**
 * Everything with one customer's number, newest first: calls, SMS and the messages of the
 * conversations tied to the number. All three have time-key ids, so they merge on id.
 */
export function customerTimeline(
  db: ReadDb,
  phone: string,
  request: { after?: TimelineCursor; limit?: number } = {},
): Page<TimelineItem, TimelineCursor> {
  const key = phoneKey(phone);
  if (!key) return { items: [] };
  const limit = pageSize(request.limit);
  const cursor = request.after;
  // Up to and including the cursor's id: a record of another table may share it.
  const below = cursor ? cursor.id + 1 : Number.MAX_SAFE_INTEGER;
  const fetch = limit + 2;
  const items: TimelineItem[] = [
    ...callsByPhone(db, key, below, fetch).map((call): TimelineItem => ({ type: 'call', id: call.id, at: call.beganAt ?? call.endedAt ?? 0, call })),
    ...smsByPhone(db, key, below, fetch).map((sms): TimelineItem => ({ type: 'sms', id: sms.id, at: sms.sentAt ?? 0, sms })),
    ...conversationIdsByPhone(db, key).flatMap((conversationId) =>
      messagesBeside(db, conversationId, 'before', below, fetch).map(
        (message): TimelineItem => ({ type: 'message', id: message.id, at: message.sentAt, message }),
      ),
    ),
  ]
    .filter((item) => !cursor || newerFirst(cursor, item) < 0)
    .sort(newerFirst);
  const page = items.slice(0, limit);
  const last = page[limit - 1];
  return items.length > limit && last ? { items: page, next: { id: last.id, type: last.type } } : { items: page };
}

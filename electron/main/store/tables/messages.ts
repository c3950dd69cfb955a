import type { DecodedMessage, Direction, Message, MessageContent, MessageKind, MessageStatus } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';

interface MessageRow {
  id: number;
  account_id: string;
  conversation_id: number;
  vendor_msg_id: string;
  direction: Direction;
  sent_at: number;
  kind: MessageKind;
  text: string;
  body: string;
  status: MessageStatus;
  sender_id: string | null;
  sender_name: string | null;
  failure_reason: string | null;
  raw: string;
}

/**
 * A vendor names the colleague behind an outgoing message by number only (Youmi's staff number);
 * the name is what 7moor's agent list (getUsers, any account) or the agent's own identity
 * (Settings → My work phone, `identity.myWorkPhone` of services/work-phone.ts) says that number is.
 */
const SENDER_NAME = `CASE WHEN sender_name IS NULL AND direction = 'out' AND sender_id IS NOT NULL THEN coalesce(
    (SELECT min(name) FROM agents WHERE vendor_id = messages.sender_id),
    (SELECT json_extract(value, '$.agentName') FROM settings
      WHERE key = 'identity.myWorkPhone' AND json_extract(value, '$.agentId') = messages.sender_id)
  ) ELSE sender_name END AS sender_name`;

const COLUMNS = `id, account_id, conversation_id, vendor_msg_id, direction, sent_at, kind, text, body, status, sender_id, ${SENDER_NAME}, failure_reason, raw`;

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    accountId: row.account_id,
    conversationId: row.conversation_id,
    vendorMsgId: row.vendor_msg_id,
    direction: row.direction,
    sentAt: row.sent_at,
    ...({ kind: row.kind, body: JSON.parse(row.body) } as MessageContent),
    text: row.text,
    status: row.status,
    ...(row.sender_id !== null ? { senderId: row.sender_id } : {}),
    ...(row.sender_name !== null ? { senderName: row.sender_name } : {}),
    ...(row.failure_reason !== null ? { failureReason: row.failure_reason } : {}),
    // Whole: what crosses IPC is cut by services/message-budget.ts, with inbox.getMessageText for the rest.
    raw: row.raw,
  };
}

/** The columns a vendor may change when it delivers a message again. */
export interface MessageFields {
  direction: Direction;
  kind: MessageKind;
  text: string;
  body: string;
  senderId: string | null;
  senderName: string | null;
  raw: string;
}

export function decodedMessageFields(message: DecodedMessage): MessageFields {
  return {
    direction: message.direction,
    kind: message.content.kind,
    text: message.text,
    body: JSON.stringify(message.content.body),
    senderId: message.senderId ?? null,
    senderName: message.senderName ?? null,
    raw: message.raw,
  };
}

export interface NewMessage extends MessageFields {
  id: number;
  accountId: string;
  conversationId: number;
  vendorMsgId: string;
  sentAt: number;
  status: MessageStatus;
}

/** Inserts unless the vendor id is already cached or the id is taken; returns whether it did. */
export function insertMessage(db: WriteDb, message: NewMessage): boolean {
  return (
    db
      .write(
        `INSERT INTO messages (id, account_id, conversation_id, vendor_msg_id, direction, sent_at, kind, text, body, status,
           sender_id, sender_name, raw)
         VALUES (@id, @accountId, @conversationId, @vendorMsgId, @direction, @sentAt, @kind, @text, @body, @status,
           @senderId, @senderName, @raw)
         ON CONFLICT DO NOTHING`,
      )
      .run({ ...message }).changes > 0
  );
}

export interface CachedMessage extends MessageFields {
  id: number;
  conversationId: number;
  sentAt: number;
}

export function findCachedMessage(db: ReadDb, accountId: string, vendorMsgId: string): CachedMessage | undefined {
  return db
    .select<CachedMessage>(
      `SELECT id, conversation_id AS conversationId, sent_at AS sentAt, direction, kind, text, body, sender_id AS senderId,
         sender_name AS senderName, raw
       FROM messages WHERE account_id = @accountId AND vendor_msg_id = @vendorMsgId`,
    )
    .get({ accountId, vendorMsgId });
}

export function sameMessageFields(a: MessageFields, b: MessageFields): boolean {
  return (
    a.direction === b.direction &&
    a.kind === b.kind &&
    a.text === b.text &&
    a.body === b.body &&
    a.senderId === b.senderId &&
    a.senderName === b.senderName &&
    a.raw === b.raw
  );
}

/** The send time and conversation stay as first seen: the id encodes them. */
export function updateMessageFields(db: WriteDb, id: number, fields: MessageFields): void {
  db.write(
    `UPDATE messages SET direction = @direction, kind = @kind, text = @text, body = @body, sender_id = @senderId,
       sender_name = @senderName, raw = @raw
     WHERE id = @id`,
  ).run({ id, ...fields });
}

export function setMessageStatus(db: WriteDb, id: number, status: MessageStatus, failureReason: string | null): void {
  db.write('UPDATE messages SET status = @status, failure_reason = @failureReason WHERE id = @id').run({
    id,
    status,
    failureReason,
  });
}

export function getMessage(db: ReadDb, id: number): Message | undefined {
  const row = db.select<MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE id = @id`).get({ id });
  return row && toMessage(row);
}

export function getMessages(db: ReadDb, ids: readonly number[]): Message[] {
  return db
    .select<MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE id IN (SELECT value FROM json_each(@ids)) ORDER BY id`)
    .all({ ids: JSON.stringify(ids) })
    .map(toMessage);
}

export const MESSAGE_PAGE_QUERIES = {
  before: `SELECT ${COLUMNS} FROM messages WHERE conversation_id = @conversationId AND id < @id ORDER BY id DESC LIMIT @limit`,
  after: `SELECT ${COLUMNS} FROM messages WHERE conversation_id = @conversationId AND id > @id ORDER BY id LIMIT @limit`,
} as const;

/** Up to `limit` messages older than `id` (newest first), or newer than `id` (oldest first). */
export function messagesBeside(
  db: ReadDb,
  conversationId: number,
  side: 'before' | 'after',
  id: number,
  limit: number,
): Message[] {
  return db.select<MessageRow>(MESSAGE_PAGE_QUERIES[side]).all({ conversationId, id, limit }).map(toMessage);
}

/** [first id, last id] of a conversation: narrows a search inside it to that stretch of the index. */
export function conversationIdRange(db: ReadDb, conversationId: number): { first: number; last: number } | undefined {
  const row = db
    .select<{ first: number | null; last: number | null }>(
      'SELECT min(id) AS first, max(id) AS last FROM messages WHERE conversation_id = @conversationId',
    )
    .get({ conversationId });
  return row && row.first !== null && row.last !== null ? { first: row.first, last: row.last } : undefined;
}

export interface MessageSearchFilter {
  accountId: string | null;
  conversationId: number | null;
  /** JSON array of kinds, or null for every kind. */
  kinds: string | null;
  from: number | null;
  to: number | null;
}

export interface MessageSearchRow {
  id: number;
  account_id: string;
  conversation_id: number;
  direction: Direction;
  sent_at: number;
  kind: MessageKind;
  text: string;
  sender_name: string | null;
}

/** The candidates among `ids` that pass the filters, newest first. */
export function messagesForSearch(db: ReadDb, ids: readonly number[], filter: MessageSearchFilter): MessageSearchRow[] {
  return db
    .select<MessageSearchRow>(
      `SELECT m.id, m.account_id, m.conversation_id, m.direction, m.sent_at, m.kind, m.text, m.sender_name
       FROM json_each(@ids) j JOIN messages m ON m.id = j.value
       WHERE (@accountId IS NULL OR m.account_id = @accountId)
         AND (@conversationId IS NULL OR m.conversation_id = @conversationId)
         AND (@kinds IS NULL OR m.kind IN (SELECT value FROM json_each(@kinds)))
         AND (@from IS NULL OR m.sent_at >= @from)
         AND (@to IS NULL OR m.sent_at < @to)
       ORDER BY m.id DESC`,
    )
    .all({ ids: JSON.stringify(ids), ...filter });
}

/**
 * Conversations holding replies of ours whose vendor echo has not come back: their local vendor id
 * still starts with "outbox:", a range of the (account, vendor id) index.
 */
export const AWAITING_ECHO_QUERY = `SELECT DISTINCT conversation_id FROM messages
  WHERE account_id = @accountId AND vendor_msg_id >= 'outbox:' AND vendor_msg_id < 'outbox;'` as const;

export function conversationsAwaitingEcho(db: ReadDb, accountId: string): Set<number> {
  return new Set(db.select<number>(AWAITING_ECHO_QUERY).column<number>({ accountId }));
}

/**
 * Our pending reply takes the vendor's id, payload and sender (the staff number the vendor
 * recorded for it) once the vendor echoes it back: it is sent.
 */
export function adoptVendorEcho(db: WriteDb, id: number, echo: Pick<DecodedMessage, 'vendorMsgId' | 'raw' | 'senderId'>): void {
  db.write(
    `UPDATE messages SET vendor_msg_id = @vendorMsgId, raw = @raw, sender_id = @senderId, status = 'sent', failure_reason = NULL WHERE id = @id`,
  ).run({ id, vendorMsgId: echo.vendorMsgId, raw: echo.raw, senderId: echo.senderId ?? null });
}

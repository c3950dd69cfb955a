import type { Conversation, ReplyKind, Vendor } from '@shared/model';
import type { ReadDb, SelectSql, WriteDb } from '../db';
import { phoneKey } from '../phone-key';
import type { ConversationCursor, ConversationListFilter, Page, UnreadTotals } from '../types';

interface ConversationRow {
  id: number;
  account_id: string;
  vendor: Vendor;
  vendor_key: string;
  kind: 'direct' | 'group';
  title: string;
  avatar_url: string | null;
  unread_count: number;
  read_only: 0 | 1;
  read_only_reason: string | null;
  capabilities: string;
  contact_id: number | null;
  phones: string;
  last_message_id: number | null;
  last_message_at: number | null;
  last_message_preview: string | null;
  activity_at: number;
}

const SELECT_CONVERSATION = `SELECT c.id, c.account_id, a.vendor, c.vendor_key, c.kind, c.title, c.avatar_url, c.unread_count,
  c.read_only, c.read_only_reason, c.capabilities, c.contact_id, c.phones, c.last_message_id, c.last_message_at,
  c.last_message_preview, c.activity_at
  FROM conversations c JOIN accounts a ON a.id = c.account_id`;

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    accountId: row.account_id,
    vendor: row.vendor,
    vendorConversationId: row.vendor_key,
    kind: row.kind,
    title: row.title,
    ...(row.avatar_url !== null ? { avatarUrl: row.avatar_url } : {}),
    unreadCount: row.unread_count,
    readOnly: row.read_only === 1,
    ...(row.read_only_reason !== null ? { readOnlyReason: row.read_only_reason } : {}),
    capabilities: JSON.parse(row.capabilities) as ReplyKind[],
    ...(row.last_message_at !== null ? { lastMessageAt: row.last_message_at } : {}),
    ...(row.last_message_preview !== null ? { lastMessagePreview: row.last_message_preview } : {}),
    ...(row.contact_id !== null ? { contactId: row.contact_id } : {}),
    phones: JSON.parse(row.phones) as string[],
  };
}

export function getConversation(db: ReadDb, id: number): Conversation | undefined {
  const row = db.select<ConversationRow>(`${SELECT_CONVERSATION} WHERE c.id = @id`).get({ id });
  return row && toConversation(row);
}

/** The parts of a conversation a sync page may change. */
export interface ConversationProfile {
  kind: 'direct' | 'group';
  title: string;
  avatarUrl: string | null;
  readOnly: boolean;
  readOnlyReason: string | null;
  capabilities: ReplyKind[];
  phones: string[];
  contactId: number | null;
}

/** What ingest needs to know about a conversation to apply a page to it. */
export interface ConversationState extends ConversationProfile {
  id: number;
  lastMessageAt: number | null;
}

interface StateRow {
  id: number;
  kind: 'direct' | 'group';
  title: string;
  avatar_url: string | null;
  read_only: 0 | 1;
  read_only_reason: string | null;
  capabilities: string;
  phones: string;
  contact_id: number | null;
  last_message_at: number | null;
}

export function findConversationState(db: ReadDb, accountId: string, vendorKey: string): ConversationState | undefined {
  const row = db
    .select<StateRow>(
      `SELECT id, kind, title, avatar_url, read_only, read_only_reason, capabilities, phones, contact_id, last_message_at
       FROM conversations WHERE account_id = @accountId AND vendor_key = @vendorKey`,
    )
    .get({ accountId, vendorKey });
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    avatarUrl: row.avatar_url,
    readOnly: row.read_only === 1,
    readOnlyReason: row.read_only_reason,
    capabilities: JSON.parse(row.capabilities) as ReplyKind[],
    phones: JSON.parse(row.phones) as string[],
    contactId: row.contact_id,
    lastMessageAt: row.last_message_at,
  };
}

function profileValues(profile: ConversationProfile) {
  return {
    kind: profile.kind,
    title: profile.title,
    avatarUrl: profile.avatarUrl,
    readOnly: profile.readOnly ? 1 : 0,
    readOnlyReason: profile.readOnlyReason,
    capabilities: JSON.stringify(profile.capabilities),
    phones: JSON.stringify(profile.phones),
    contactId: profile.contactId,
  };
}

export function insertConversation(
  db: WriteDb,
  accountId: string,
  vendorKey: string,
  profile: ConversationProfile,
  now: number,
): number {
  const { lastInsertRowid } = db
    .write(
      `INSERT INTO conversations (account_id, vendor_key, kind, title, avatar_url, read_only, read_only_reason, capabilities,
         phones, contact_id, created_at)
       VALUES (@accountId, @vendorKey, @kind, @title, @avatarUrl, @readOnly, @readOnlyReason, @capabilities, @phones,
         @contactId, @now)`,
    )
    .run({ accountId, vendorKey, ...profileValues(profile), now });
  replaceConversationPhones(db, lastInsertRowid, profile.phones);
  return lastInsertRowid;
}

/** Writes the profile when it differs from `before`; returns whether anything changed. */
export function updateConversationProfile(db: WriteDb, id: number, before: ConversationProfile, after: ConversationProfile): boolean {
  const old = profileValues(before);
  const values = profileValues(after);
  if (JSON.stringify(old) === JSON.stringify(values)) return false;
  db.write(
    `UPDATE conversations SET kind = @kind, title = @title, avatar_url = @avatarUrl, read_only = @readOnly,
       read_only_reason = @readOnlyReason, capabilities = @capabilities, phones = @phones, contact_id = @contactId
     WHERE id = @id`,
  ).run({ id, ...values });
  if (old.phones !== values.phones) replaceConversationPhones(db, id, after.phones);
  return true;
}

function replaceConversationPhones(db: WriteDb, conversationId: number, phones: readonly string[]): void {
  db.write('DELETE FROM conversation_phones WHERE conversation_id = @conversationId').run({ conversationId });
  for (const key of new Set(phones.map(phoneKey))) {
    if (key) {
      db.write('INSERT INTO conversation_phones (phone_key, conversation_id) VALUES (@key, @conversationId)').run({
        key,
        conversationId,
      });
    }
  }
}

// The page's newest message is newer than the conversation's last one (ties broken by id).
const NEWER = `(@sentAt IS NOT NULL AND (last_message_at IS NULL OR last_message_at < @sentAt
  OR (last_message_at = @sentAt AND last_message_id <= @messageId)))`;
const RECORD_ACTIVITY = `UPDATE conversations SET unread_count = unread_count + @unreadDelta,
  last_message_id = CASE WHEN ${NEWER} THEN @messageId ELSE last_message_id END,
  last_message_at = CASE WHEN ${NEWER} THEN @sentAt ELSE last_message_at END,
  last_message_preview = CASE WHEN ${NEWER} THEN @preview ELSE last_message_preview END,
  activity_at = CASE WHEN ${NEWER} THEN @sentAt ELSE activity_at END
  WHERE id = @id`;

/**
 * Moves the conversation's last message forward (never back: an old page arriving late does not
 * change the preview) and adds newly received inbound messages to its unread count.
 */
export function recordConversationActivity(
  db: WriteDb,
  id: number,
  latest: { messageId: number; sentAt: number; preview: string } | null,
  unreadDelta: number,
): void {
  if (!latest && unreadDelta === 0) return;
  db.write(RECORD_ACTIVITY).run({
    id,
    unreadDelta,
    messageId: latest?.messageId ?? null,
    sentAt: latest?.sentAt ?? null,
    preview: latest?.preview ?? null,
  });
}

/** The customer's current nickname and avatar, as the newest message shows them. */
export function updateConversationPeer(db: WriteDb, id: number, title: string, avatarUrl: string | null): void {
  db.write('UPDATE conversations SET title = @title, avatar_url = coalesce(@avatarUrl, avatar_url) WHERE id = @id').run({
    id,
    title,
    avatarUrl,
  });
}

/** A direct conversation whose key is the contact's vendor id belongs to that contact. */
export function linkConversationsToContact(db: WriteDb, accountId: string, vendorKey: string, contactId: number): void {
  db.write(
    `UPDATE conversations SET contact_id = @contactId
     WHERE account_id = @accountId AND vendor_key = @vendorKey AND kind = 'direct' AND contact_id IS NULL`,
  ).run({ accountId, vendorKey, contactId });
}

const PAGE_ORDER = 'ORDER BY c.activity_at DESC, c.id DESC LIMIT @limit';
const KEYSET = '(c.activity_at, c.id) < (@activityAt, @id)';
const INBOX: Record<'all' | 'unread' | 'account' | 'accountUnread', SelectSql> = {
  all: `${SELECT_CONVERSATION} WHERE ${KEYSET} ${PAGE_ORDER}`,
  unread: `${SELECT_CONVERSATION} WHERE c.unread_count > 0 AND ${KEYSET} ${PAGE_ORDER}`,
  account: `${SELECT_CONVERSATION} WHERE c.account_id = @accountId AND ${KEYSET} ${PAGE_ORDER}`,
  accountUnread: `${SELECT_CONVERSATION} WHERE c.account_id = @accountId AND c.unread_count > 0 AND ${KEYSET} ${PAGE_ORDER}`,
};

/** The inbox: newest activity first, keyset-paged on (activity, id). */
export function conversationPage(
  db: ReadDb,
  filter: ConversationListFilter,
  after: ConversationCursor | undefined,
  limit: number,
): Page<Conversation, ConversationCursor> {
  const variant = filter.accountId ? (filter.unreadOnly ? 'accountUnread' : 'account') : filter.unreadOnly ? 'unread' : 'all';
  const rows = db.select<ConversationRow>(INBOX[variant]).all({
    ...(filter.accountId ? { accountId: filter.accountId } : {}),
    activityAt: after?.activityAt ?? Number.MAX_SAFE_INTEGER,
    id: after?.id ?? Number.MAX_SAFE_INTEGER,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit).map(toConversation);
  const last = rows[limit - 1];
  return rows.length > limit && last ? { items, next: { activityAt: last.activity_at, id: last.id } } : { items };
}

export const INBOX_QUERIES = INBOX;

export function markConversationRead(db: WriteDb, id: number): boolean {
  return db.write('UPDATE conversations SET unread_count = 0 WHERE id = @id AND unread_count > 0').run({ id }).changes > 0;
}

export function unreadTotals(db: ReadDb): UnreadTotals {
  const rows = db
    .select<{ account_id: string; unread: number }>(
      'SELECT account_id, SUM(unread_count) AS unread FROM conversations WHERE unread_count > 0 GROUP BY account_id',
    )
    .all();
  const byAccount: Record<string, number> = {};
  let total = 0;
  for (const row of rows) {
    byAccount[row.account_id] = row.unread;
    total += row.unread;
  }
  return { total, byAccount };
}

/** Conversations with a customer: by the numbers the conversation carries or its linked contact's. */
export function conversationIdsByPhone(db: ReadDb, key: string): number[] {
  return db
    .select<number>(
      `SELECT conversation_id FROM conversation_phones WHERE phone_key = @key
       UNION
       SELECT c.id FROM contact_phones p JOIN conversations c ON c.contact_id = p.contact_id WHERE p.phone_key = @key`,
    )
    .column<number>({ key });
}

/** Titles for search hits. */
export function conversationTitles(db: ReadDb, ids: readonly number[]): Map<number, string> {
  const rows = db
    .select<{ id: number; title: string }>('SELECT id, title FROM conversations WHERE id IN (SELECT value FROM json_each(@ids))')
    .all({ ids: JSON.stringify(ids) });
  return new Map(rows.map((row) => [row.id, row.title]));
}

export function deleteConversationsOfAccount(db: WriteDb, accountId: string): void {
  db.write('DELETE FROM conversations WHERE account_id = @accountId').run({ accountId });
}

/** A message re-decoded in place: when it is the conversation's last one, the preview follows it. */
export function refreshPreviewOf(db: WriteDb, conversationId: number, messageId: number, preview: string): boolean {
  return (
    db
      .write('UPDATE conversations SET last_message_preview = @preview WHERE id = @conversationId AND last_message_id = @messageId AND last_message_preview IS NOT @preview')
      .run({ conversationId, messageId, preview }).changes > 0
  );
}

/**
 * An inbound message turned out to be outgoing: if it is among the newest `unread_count` inbound
 * messages (the ones the count stands for), the count drops by one.
 */
export function uncountUnread(db: WriteDb, conversationId: number, messageId: number): boolean {
  return (
    db
      .write(
        `UPDATE conversations SET unread_count = unread_count - 1
         WHERE id = @conversationId AND unread_count > (
           SELECT count(*) FROM (SELECT 1 FROM messages WHERE conversation_id = @conversationId AND id > @messageId AND direction = 'in'
             LIMIT (SELECT unread_count FROM conversations WHERE id = @conversationId)))`,
      )
      .run({ conversationId, messageId }).changes > 0
  );
}

// What the sync engine writes: one vendor page at a time, each in one transaction together with
// the cursor that follows it. Upserts are idempotent on (account, vendor id): applying the same
// page again changes nothing and reports nothing new, so a crash between a page and its cursor
// simply repeats the page.
import { appError } from '@shared/errors';
import type {
  Agent,
  CallRecord,
  Customer,
  CustomerField,
  DecodedMessage,
  Message,
  SmsRecord,
  Vendor,
  WeChatAccount,
  WeChatGroup,
  WeChatGroupMember,
  WithGaps,
} from '@shared/model';
import type { WriteDb } from './db';
import { CALL_INDEX, CONTACT_INDEX, MESSAGE_INDEX, SMS_INDEX, queueForIndex, type FtsIndex } from './search/fts';
import { allocateTimeKey, preferredTimeKey, type TimeKeySlots } from './time-key';
import { getAccount } from './tables/accounts';
import { upsertAgent } from './tables/agents';
import { callTime, findCall, insertCall, updateCall, type StoredCall } from './tables/calls';
import { findContactByVendorId, upsertContact } from './tables/contacts';
import {
  findConversationState,
  insertConversation,
  linkConversationsToContact,
  recordConversationActivity,
  updateConversationPeer,
  updateConversationProfile,
  type ConversationProfile,
  type ConversationState,
} from './tables/conversations';
import { replaceCustomerFields, upsertCustomer } from './tables/customers';
import {
  adoptVendorEcho,
  conversationsAwaitingEcho,
  decodedMessageFields,
  findCachedMessage,
  getMessage,
  type CachedMessage,
  insertMessage,
  sameMessageFields,
  updateMessageFields,
} from './tables/messages';
import { findUnechoedReply, setOutboxSent } from './tables/outbox';
import { findSms, insertSms, smsTime, updateSms, type StoredSms } from './tables/sms';
import { saveCursor } from './tables/sync-cursors';
import { upsertWeChatAccount, upsertWeChatGroup, upsertWeChatGroupMember } from './tables/wechat';
import type { ContactInput, ConversationUpsert, CursorUpdate } from './types';
import { keptObservation, messageObservation, noteKeptRecord } from './undecoded';

export interface WriteContext {
  db: WriteDb;
  now: number;
  timeKeys: Record<'messages' | 'calls' | 'sms', TimeKeySlots>;
}

export interface MessagePage {
  accountId: string;
  vendor: Vendor;
  messages: DecodedMessage[];
  conversations?: ConversationUpsert[];
  cursor?: CursorUpdate;
  /**
   * Whether new inbound messages raise the unread count (default true). A first backfill of old
   * history passes false, so thirty days of chats do not arrive as thirty days of unread.
   */
  countsAsUnread?: boolean;
}

export interface MessagePageResult {
  /** The messages seen for the first time, with their local ids: what the UI and notifications hear about. */
  inserted: Message[];
  /** Messages already cached whose content the vendor changed (recalls, late media keys, ...). */
  updated: number;
  /** Our own replies the vendor echoed back in this page: now sent, with the vendor's id. */
  echoed: Message[];
}

/** How far apart our clock and the vendor's may put one reply and its echo. */
const ECHO_WINDOW_MS = 15 * 60_000;

export interface RecordPage<Item> {
  accountId: string;
  items: Item[];
  cursor?: CursorUpdate;
}

export interface RecordPageResult<Inserted = number> {
  inserted: Inserted;
  updated: number;
}

function requireAccount(db: WriteDb, accountId: string, vendor?: Vendor): void {
  const account = getAccount(db, accountId);
  if (!account) {
    throw appError('NOT_FOUND', '找不到这个账号,可能已被删除', 'This account no longer exists; it may have been removed', {
      accountId,
    });
  }
  if (vendor && account.vendor !== vendor) {
    throw appError('VALIDATION', '同步数据与账号类型不符,已忽略', 'Sync data does not match the account type and was ignored', {
      accountId,
      expected: account.vendor,
      received: vendor,
    });
  }
}

function assertDecodedMessage(message: DecodedMessage): void {
  if (!message.vendorMsgId || !message.conversationKey || !Number.isFinite(message.sentAt)) {
    throw appError('VALIDATION', '收到一条无法识别的消息,本页未保存', 'A message in this page could not be read; the page was not saved', {
      vendorMsgId: message.vendorMsgId,
      conversationKey: message.conversationKey,
    });
  }
}

/** Keeps what the cache knows and lays the page's explicit facts over it. */
function mergeProfile(base: ConversationProfile, upsert: ConversationUpsert, contactId: number | null): ConversationProfile {
  return {
    kind: upsert.kind,
    title: upsert.title ?? base.title,
    avatarUrl: upsert.avatarUrl ?? base.avatarUrl,
    readOnly: upsert.readOnly ?? base.readOnly,
    readOnlyReason: upsert.readOnly === false ? null : (upsert.readOnlyReason ?? base.readOnlyReason),
    capabilities: upsert.capabilities ?? base.capabilities,
    phones: upsert.phones ?? base.phones,
    contactId: contactId ?? base.contactId,
  };
}

const BLANK_PROFILE: ConversationProfile = {
  kind: 'direct',
  title: '',
  avatarUrl: null,
  readOnly: false,
  readOnlyReason: null,
  capabilities: [],
  phones: [],
  contactId: null,
};

/** Finds, creates and updates the conversations a page touches, once per key. */
class ConversationResolver {
  private readonly known = new Map<string, ConversationState>();
  constructor(
    private readonly ctx: WriteContext,
    private readonly accountId: string,
  ) {}

  private contactIdFor(key: string | undefined): number | null {
    if (!key) return null;
    return findContactByVendorId(this.ctx.db, this.accountId, key)?.id ?? null;
  }

  private lookup(key: string): ConversationState | undefined {
    let state = this.known.get(key);
    if (!state) {
      state = findConversationState(this.ctx.db, this.accountId, key);
      if (state) this.known.set(key, state);
    }
    return state;
  }

  apply(upsert: ConversationUpsert): ConversationState {
    const contactKey = upsert.contactKey ?? (upsert.kind === 'direct' ? upsert.conversationKey : undefined);
    const state = this.lookup(upsert.conversationKey);
    const profile = mergeProfile(state ?? BLANK_PROFILE, upsert, this.contactIdFor(contactKey));
    if (!state) return this.create(upsert.conversationKey, profile);
    updateConversationProfile(this.ctx.db, state.id, state, profile);
    const updated = { ...state, ...profile };
    this.known.set(upsert.conversationKey, updated);
    return updated;
  }

  /** The conversation of a message, created from what the message says when the cache has none. */
  forMessage(message: DecodedMessage): ConversationState {
    return (
      this.lookup(message.conversationKey) ??
      this.create(
        message.conversationKey,
        mergeProfile(
          BLANK_PROFILE,
          {
            conversationKey: message.conversationKey,
            kind: message.conversationKind,
            ...(message.peerName ? { title: message.peerName } : {}),
            ...(message.peerAvatarUrl ? { avatarUrl: message.peerAvatarUrl } : {}),
          },
          this.contactIdFor(message.conversationKind === 'direct' ? message.conversationKey : undefined),
        ),
      )
    );
  }

  /** The customer's latest nickname and avatar, from the newest message that carries them. */
  refreshPeer(key: string, message: DecodedMessage): void {
    const state = this.lookup(key);
    if (!state || state.kind !== 'direct' || !message.peerName) return;
    const avatarUrl = message.peerAvatarUrl ?? state.avatarUrl;
    if (state.title === message.peerName && state.avatarUrl === avatarUrl) return;
    updateConversationPeer(this.ctx.db, state.id, message.peerName, message.peerAvatarUrl ?? null);
    this.known.set(key, { ...state, title: message.peerName, avatarUrl });
  }

  private create(key: string, profile: ConversationProfile): ConversationState {
    const id = insertConversation(this.ctx.db, this.accountId, key, profile, this.ctx.now);
    const state: ConversationState = { ...profile, id, lastMessageAt: null };
    this.known.set(key, state);
    return state;
  }
}

interface Activity {
  conversation: ConversationState;
  latest: { messageId: number; sentAt: number; preview: string } | null;
  unread: number;
  /** The newest message of the page carrying a peer name, for the conversation's title. */
  newestPeer: DecodedMessage | null;
}

const PREVIEW_LENGTH = 120;

function isNewer(candidate: { sentAt: number; messageId: number }, than: { sentAt: number; messageId: number } | null) {
  return !than || candidate.sentAt > than.sentAt || (candidate.sentAt === than.sentAt && candidate.messageId > than.messageId);
}

export function applyMessagePage(ctx: WriteContext, page: MessagePage): MessagePageResult {
  const { db } = ctx;
  page.messages.forEach(assertDecodedMessage);
  return db.transaction(() => {
    requireAccount(db, page.accountId, page.vendor);
    const conversations = new ConversationResolver(ctx, page.accountId);
    for (const upsert of page.conversations ?? []) conversations.apply(upsert);

    const activity = new Map<number, Activity>();
    const inserted: Message[] = [];
    const retexted: number[] = [];
    const echoed: Message[] = [];
    let updated = 0;
    const countsAsUnread = page.countsAsUnread ?? true;
    // Usually empty: only then is every outgoing message checked against our pending replies.
    const awaitingEcho = conversationsAwaitingEcho(db, page.accountId);

    for (const message of page.messages) {
      const conversation = conversations.forMessage(message);
      if (message.direction === 'out' && awaitingEcho.has(conversation.id) && !findCachedMessage(db, page.accountId, message.vendorMsgId)) {
        const reply = findUnechoedReply(db, conversation.id, message.text, message.sentAt - ECHO_WINDOW_MS, message.sentAt + ECHO_WINDOW_MS);
        if (reply) {
          adoptVendorEcho(db, reply.messageId, message);
          // An answer lost in transit left it pending or "outcome unknown"; the echo proves it arrived.
          if (reply.state !== 'sent') setOutboxSent(db, reply.outboxId, message.vendorMsgId, ctx.now);
          const adopted = getMessage(db, reply.messageId);
          if (adopted) echoed.push(adopted);
          continue;
        }
      }
      const fields = decodedMessageFields(message);
      const status = message.direction === 'in' ? 'received' : 'sent';
      const row = {
        ...fields,
        id: preferredTimeKey(message.sentAt, message.vendorMsgId),
        accountId: page.accountId,
        conversationId: conversation.id,
        vendorMsgId: message.vendorMsgId,
        sentAt: message.sentAt,
        status,
      } as const;
      // New messages are the common case: one statement, no look-up first.
      let messageId = row.id;
      let cached: CachedMessage | undefined;
      if (!insertMessage(db, row)) {
        cached = findCachedMessage(db, page.accountId, message.vendorMsgId);
        if (!cached) {
          // The preferred id belongs to another message of the same millisecond: take a free one.
          messageId = allocateTimeKey(message.sentAt, ctx.timeKeys.messages);
          if (!insertMessage(db, { ...row, id: messageId })) {
            throw appError('INTERNAL', '保存消息失败', 'Could not save a message', { vendorMsgId: message.vendorMsgId });
          }
        }
      }
      let sentAt: number;
      if (cached) {
        if (sameMessageFields(cached, fields)) continue;
        updateMessageFields(db, cached.id, fields);
        if (cached.text !== fields.text) retexted.push(cached.id);
        noteKeptRecord(db, page.accountId, messageObservation(message), { recordType: 'message', recordKey: message.vendorMsgId }, ctx.now);
        updated++;
        messageId = cached.id;
        sentAt = cached.sentAt;
      } else {
        noteKeptRecord(db, page.accountId, messageObservation(message), undefined, ctx.now);
        sentAt = row.sentAt;
        inserted.push({
          id: messageId,
          accountId: page.accountId,
          conversationId: conversation.id,
          vendorMsgId: message.vendorMsgId,
          direction: message.direction,
          sentAt,
          ...message.content,
          text: message.text,
          status,
          ...(message.senderName !== undefined ? { senderName: message.senderName } : {}),
          raw: message.raw,
        });
      }
      const seen = activity.get(conversation.id) ?? { conversation, latest: null, unread: 0, newestPeer: null };
      const candidate = { messageId, sentAt, preview: fields.text.slice(0, PREVIEW_LENGTH) };
      if (isNewer(candidate, seen.latest)) {
        seen.latest = candidate;
        if (message.peerName) seen.newestPeer = message;
      }
      if (!cached && message.direction === 'in' && countsAsUnread) seen.unread++;
      activity.set(conversation.id, seen);
    }

    // One queue row per page for the search indexer (search/fts.ts), in this same transaction.
    queueForIndex(db, MESSAGE_INDEX, 'add', inserted.map((message) => message.id));
    queueForIndex(db, MESSAGE_INDEX, 'refresh', retexted);
    const described = new Set((page.conversations ?? []).map((upsert) => upsert.conversationKey));
    for (const [conversationId, seen] of activity) {
      recordConversationActivity(db, conversationId, seen.latest, seen.unread);
      const peer = seen.newestPeer;
      const before = seen.conversation.lastMessageAt;
      // A late page of old history must not bring back a nickname the customer has since changed.
      if (peer && !described.has(peer.conversationKey) && (before === null || (seen.latest?.sentAt ?? 0) >= before)) {
        conversations.refreshPeer(peer.conversationKey, peer);
      }
    }
    if (page.cursor) saveCursor(db, page.accountId, page.cursor.stream, page.cursor.value, ctx.now);
    return { inserted, updated, echoed };
  });
}

/** Conversation lists (discovery, titles, read-only flags) without messages. */
export function applyConversationPage(ctx: WriteContext, page: RecordPage<ConversationUpsert>): RecordPageResult {
  return ctx.db.transaction(() => {
    requireAccount(ctx.db, page.accountId);
    const conversations = new ConversationResolver(ctx, page.accountId);
    let inserted = 0;
    let updated = 0;
    for (const upsert of page.items) {
      const before = findConversationState(ctx.db, page.accountId, upsert.conversationKey);
      const after = conversations.apply(upsert);
      if (!before) inserted++;
      else if (JSON.stringify({ ...before, lastMessageAt: null }) !== JSON.stringify({ ...after, lastMessageAt: null })) updated++;
    }
    if (page.cursor) saveCursor(ctx.db, page.accountId, page.cursor.stream, page.cursor.value, ctx.now);
    return { inserted, updated };
  });
}

type Change = 'inserted' | 'updated' | 'unchanged';

/**
 * The shape every simple record page shares: upsert each item, count, save the cursor. `finish`
 * runs in the same transaction after the items (the search queue rows of the page).
 */
function applyRecords<Item>(
  ctx: WriteContext,
  page: RecordPage<Item>,
  upsert: (item: Item) => Change,
  finish?: () => void,
): RecordPageResult {
  return ctx.db.transaction(() => {
    requireAccount(ctx.db, page.accountId);
    let inserted = 0;
    let updated = 0;
    for (const item of page.items) {
      const change = upsert(item);
      if (change === 'inserted') inserted++;
      else if (change === 'updated') updated++;
    }
    finish?.();
    if (page.cursor) saveCursor(ctx.db, page.accountId, page.cursor.stream, page.cursor.value, ctx.now);
    return { inserted, updated };
  });
}

/** New and changed records of one page, queued for the search indexer as one row each. */
class IndexBatch {
  readonly added: number[] = [];
  readonly changed: number[] = [];
  constructor(
    private readonly db: WriteDb,
    private readonly index: FtsIndex,
  ) {}
  queue = (): void => {
    queueForIndex(this.db, this.index, 'add', this.added);
    queueForIndex(this.db, this.index, 'refresh', this.changed);
  };
}

export function applyContactPage(ctx: WriteContext, page: RecordPage<ContactInput>): RecordPageResult {
  const batch = new IndexBatch(ctx.db, CONTACT_INDEX);
  return applyRecords(
    ctx,
    page,
    (contact) => {
      const { id, change } = upsertContact(ctx.db, page.accountId, contact, ctx.now);
      if (change === 'unchanged') return change;
      if (change === 'inserted') {
        batch.added.push(id);
        linkConversationsToContact(ctx.db, page.accountId, contact.vendorContactId, id);
      } else {
        batch.changed.push(id);
      }
      return change;
    },
    batch.queue,
  );
}

/** Calls and SMS: time-keyed, indexed by the customer's name and number, the new ones returned. */
function applyPartyPage<Party extends CallRecord | SmsRecord, Stored extends Party & { id: number }>(
  ctx: WriteContext,
  page: RecordPage<WithGaps<Party>>,
  table: {
    recordType: 'call' | 'sms';
    index: FtsIndex;
    slots: TimeKeySlots;
    time: (record: Party) => number;
    find: (accountId: string, vendorId: string) => Stored | undefined;
    insert: (id: number, record: Party) => void;
    update: (cached: Stored, record: Party) => boolean;
  },
): RecordPageResult<Array<Party & { id: number; accountId: string }>> {
  const inserted: Array<Party & { id: number; accountId: string }> = [];
  const batch = new IndexBatch(ctx.db, table.index);
  const result = applyRecords(
    ctx,
    page,
    (record) => {
      const cached = table.find(page.accountId, record.vendorId);
      const observation = keptObservation(table.recordType, record.vendorId, record.gaps);
      if (cached) {
        if (!table.update(cached, record)) return 'unchanged';
        batch.changed.push(cached.id);
        noteKeptRecord(ctx.db, page.accountId, observation, { recordType: table.recordType, recordKey: record.vendorId }, ctx.now);
        return 'updated';
      }
      const id = allocateTimeKey(table.time(record), table.slots);
      table.insert(id, record);
      noteKeptRecord(ctx.db, page.accountId, observation, undefined, ctx.now);
      batch.added.push(id);
      const { gaps: _noted, ...stored } = record;
      inserted.push({ ...(stored as Party), id, accountId: page.accountId });
      return 'inserted';
    },
    batch.queue,
  );
  return { inserted, updated: result.updated };
}

export const applyCallPage = (ctx: WriteContext, page: RecordPage<WithGaps<CallRecord>>): RecordPageResult<StoredCall[]> =>
  applyPartyPage(ctx, page, {
    recordType: 'call',
    index: CALL_INDEX,
    slots: ctx.timeKeys.calls,
    time: callTime,
    find: (accountId, vendorId) => findCall(ctx.db, accountId, vendorId),
    insert: (id, call) => insertCall(ctx.db, id, page.accountId, call),
    update: (cached, call) => updateCall(ctx.db, cached, call),
  });

export const applySmsPage = (ctx: WriteContext, page: RecordPage<WithGaps<SmsRecord>>): RecordPageResult<StoredSms[]> =>
  applyPartyPage(ctx, page, {
    recordType: 'sms',
    index: SMS_INDEX,
    slots: ctx.timeKeys.sms,
    time: smsTime,
    find: (accountId, vendorId) => findSms(ctx.db, accountId, vendorId),
    insert: (id, sms) => insertSms(ctx.db, id, page.accountId, sms),
    update: (cached, sms) => updateSms(ctx.db, cached, sms),
  });

export const applyCustomerPage = (ctx: WriteContext, page: RecordPage<Customer>): RecordPageResult =>
  applyRecords(ctx, page, (customer) => upsertCustomer(ctx.db, page.accountId, customer, ctx.now));

export const applyAgentPage = (ctx: WriteContext, page: RecordPage<Agent>): RecordPageResult =>
  applyRecords(ctx, page, (agent) => upsertAgent(ctx.db, page.accountId, agent, ctx.now));

export const applyWeChatAccountPage = (ctx: WriteContext, page: RecordPage<WeChatAccount>): RecordPageResult =>
  applyRecords(ctx, page, (account) => upsertWeChatAccount(ctx.db, page.accountId, account, ctx.now));

export const applyWeChatGroupPage = (ctx: WriteContext, page: RecordPage<WeChatGroup>): RecordPageResult =>
  applyRecords(ctx, page, (group) => upsertWeChatGroup(ctx.db, page.accountId, group, ctx.now));

export const applyWeChatGroupMemberPage = (ctx: WriteContext, page: RecordPage<WeChatGroupMember>): RecordPageResult =>
  applyRecords(ctx, page, (member) => upsertWeChatGroupMember(ctx.db, page.accountId, member, ctx.now));

export function applyCustomerFields(ctx: WriteContext, accountId: string, fields: readonly CustomerField[]): void {
  ctx.db.transaction(() => {
    requireAccount(ctx.db, accountId);
    replaceCustomerFields(ctx.db, accountId, fields);
  });
}

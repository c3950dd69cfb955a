// What the store takes and gives beyond the unified model in shared/model.ts.
import type {
  Contact,
  Conversation,
  Message,
  MessageContent,
  MessageKind,
  ReplyKind,
  Vendor,
} from '@shared/model';
import type { StoredCall } from './tables/calls';
import type { StoredSms } from './tables/sms';

/** A vendor account as cached: label, base URL and non-secret settings. Credentials stay in the keychain. */
export interface AccountRecord {
  id: string;
  vendor: Vendor;
  label: string;
  baseUrl: string;
  settings: Record<string, unknown>;
}

/** One page of a keyset-paged list; `next` is absent on the last page. */
export interface Page<Item, Cursor = number> {
  items: Item[];
  next?: Cursor;
}

/** A sync stream's position, saved in the same transaction as the page it follows. */
export interface CursorUpdate {
  stream: string;
  value: unknown;
}

/** What a sync page knows about a conversation beyond what its messages carry. */
export interface ConversationUpsert {
  conversationKey: string;
  kind: 'direct' | 'group';
  title?: string;
  avatarUrl?: string;
  readOnly?: boolean;
  readOnlyReason?: string;
  capabilities?: ReplyKind[];
  phones?: string[];
  /** The vendor contact id of the customer, when it differs from the conversation key. */
  contactKey?: string;
}

export type ContactInput = Omit<Contact, 'id' | 'accountId'>;

export interface ConversationListFilter {
  accountId?: string;
  unreadOnly?: boolean;
}

/** Inbox keyset: the last conversation of the previous page. */
export interface ConversationCursor {
  activityAt: number;
  id: number;
}

export interface UnreadTotals {
  total: number;
  byAccount: Record<string, number>;
}

export type OutboxState = 'pending' | 'sent' | 'failed';

export interface OutboxEntry {
  id: number;
  accountId: string;
  conversationId: number;
  messageId: number;
  kind: ReplyKind;
  payload: unknown;
  idempotencyKey: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  vendorTaskId?: string;
  createdAt: number;
  updatedAt: number;
}

export interface EnqueueReply {
  conversationId: number;
  kind: ReplyKind;
  /** What the sender hands the vendor client; stored as JSON. */
  payload: unknown;
  /** The vendor taskId the send will use: a retry after a crash sends the same task again. */
  idempotencyKey: string;
  /** How the reply shows in the conversation while it is pending. */
  content: MessageContent;
  text: string;
}

export interface Draft {
  conversationId: number;
  text: string;
  updatedAt: number;
}

export type QuickReplyKind = 'text' | 'image' | 'video' | 'file' | 'link';

export interface QuickReplyInput {
  kind: QuickReplyKind;
  title: string;
  text?: string;
  /** For media snippets: url / key / name / size as the sender needs them. */
  media?: Record<string, unknown>;
  position?: number;
}

export interface QuickReply extends Required<Omit<QuickReplyInput, 'media'>> {
  id: number;
  media?: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface DialAttemptInput {
  accountId?: string;
  phone: string;
  /** The agent's own work-phone number 7moor rings first. */
  userPhone: string;
  at: number;
  result: 'ok' | 'failed';
  errorCode?: string;
  errorMessage?: string;
}

export interface DialAttempt extends DialAttemptInput {
  id: number;
}

export interface RecordFilter {
  accountId?: string;
  direction?: 'in' | 'out';
  /** Calls only. */
  connected?: boolean;
  /** Inclusive, epoch ms. */
  from?: number;
  /** Exclusive, epoch ms. */
  to?: number;
  /** Any part of the customer's number, as typed. */
  number?: string;
  agentId?: string;
}

export interface PageRequest<Cursor = number> {
  limit?: number;
  after?: Cursor;
}

export type TimelineItem =
  | { type: 'call'; at: number; id: number; call: StoredCall }
  | { type: 'sms'; at: number; id: number; sms: StoredSms }
  | { type: 'message'; at: number; id: number; message: Message };

export type { Conversation, Message, MessageKind };

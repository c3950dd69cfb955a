// The unified model: what every vendor's data becomes once decoded. Both sides infer their
// types from these schemas; nothing here is declared twice.
import { z } from 'zod';

export const Vendor = z.enum(['moor', 'youmi', 'zhuge']);
export type Vendor = z.infer<typeof Vendor>;

/** Epoch milliseconds, UTC. Vendor China-local times are converted before they get here. */
export const EpochMs = z.number().int();

// ---------------------------------------------------------------------------------------------
// Messages

export const MESSAGE_KINDS = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'link',
  'card',
  'location',
  'miniProgram',
  'channelsVideo',
  'live',
  'quote',
  'redPacket',
  'transfer',
  'groupCollection',
  'groupInvite',
  'chatRecord',
  'system',
  'recall',
  'videoCall',
  'todo',
  'takeover',
  'unknown',
] as const;
export const MessageKind = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKind>;

const opt = z.string().optional();
const optNum = z.number().optional();

/** Media that the vendor addresses by a download key, a URL or both. */
const Media = { url: opt, key: opt, thumbUrl: opt };

/**
 * A text the vendor typed as text but that is an event, not something the customer wrote: Youmi's
 * phone assistant writes "给你04月26日的朋友圈<…>\n点赞" as a type-1 row when a fan reacts to a
 * Moments post. The kind stays `text` (what the vendor says it is, and what search filters on);
 * the chat draws it as a notice line.
 */
export const TextNotice = z.enum(['momentsInteraction']);
export type TextNotice = z.infer<typeof TextNotice>;

export const MessageBodies = {
  text: z.object({ text: z.string(), notice: TextNotice.optional() }),
  image: z.object({ ...Media, hdKey: opt, format: opt }),
  voice: z.object({ ...Media, durationSec: optNum, transcript: opt }),
  video: z.object({ ...Media, durationSec: optNum, title: opt, description: opt }),
  file: z.object({ ...Media, name: opt, sizeBytes: optNum }),
  link: z.object({ url: opt, title: opt, description: opt, thumbUrl: opt, price: opt }),
  card: z.object({
    cardType: z.enum(['personal', 'wecom', 'official', 'unknown']),
    nickname: opt,
    wxNo: opt,
    avatarUrl: opt,
    company: opt,
  }),
  location: z.object({ lat: optNum, lng: optNum, title: opt, address: opt, url: opt, thumbUrl: opt }),
  miniProgram: z.object({ title: opt, appName: opt, iconUrl: opt, coverKey: opt, url: opt }),
  channelsVideo: z.object({ nickname: opt, description: opt, avatarUrl: opt, thumbUrl: opt }),
  live: z.object({ nickname: opt, description: opt, avatarUrl: opt, thumbUrl: opt }),
  quote: z.object({
    text: opt,
    quotedKind: opt,
    quotedText: opt,
    quotedTitle: opt,
    quotedUrl: opt,
    quotedKey: opt,
  }),
  redPacket: z.object({
    title: opt,
    description: opt,
    status: z.enum(['unopened', 'opened', 'unknown']),
    payMsgId: opt,
    url: opt,
  }),
  transfer: z.object({
    amount: opt,
    memo: opt,
    /** 7moor paySubType: 1 realtime, 3 realtime receipt, 4 returned receipt, 5 delayed receipt, 7 delayed */
    paySubType: opt,
    status: z.enum(['pending', 'accepted', 'received', 'returned', 'receivedPending', 'unknown']),
    transferId: opt,
    description: opt,
  }),
  groupCollection: z.object({
    title: opt,
    description: opt,
    initiatorWxNo: opt,
    /** 1 nobody paid, 2 some paid, 3 all paid */
    collectionStatus: z.enum(['none', 'partial', 'complete', 'unknown']),
    participants: optNum,
    paidCount: optNum,
    payers: z
      .array(z.object({ wxNo: z.string(), amountFen: optNum, paid: z.boolean() }))
      .optional(),
    /** 114 reminders point at the bill through payId */
    payId: opt,
  }),
  groupInvite: z.object({ title: opt, description: opt, url: opt, thumbUrl: opt }),
  chatRecord: z.object({ title: opt, description: opt, url: opt, items: opt }),
  system: z.object({ text: z.string(), subtype: opt }),
  recall: z.object({ text: z.string(), originalText: opt, recalledAt: optNum }),
  videoCall: z.object({ text: opt }),
  todo: z.object({ text: z.string() }),
  takeover: z.object({ key: opt, applicant: opt, reason: opt }),
  unknown: z.object({ reason: z.string(), vendorType: opt }),
} satisfies Record<MessageKind, z.ZodType>;

export type MessageBodies = { [K in MessageKind]: z.infer<(typeof MessageBodies)[K]> };

/** kind + typed body, the part of a message that depends on its kind. */
export const MessageContent = z.discriminatedUnion(
  'kind',
  MESSAGE_KINDS.map((kind) => z.object({ kind: z.literal(kind), body: MessageBodies[kind] })) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<MessageKind>; body: z.ZodType }>,
  ],
);
export type MessageContent = { [K in MessageKind]: { kind: K; body: MessageBodies[K] } }[MessageKind];

export const Direction = z.enum(['in', 'out']);
export type Direction = z.infer<typeof Direction>;

export const MessageStatus = z.enum(['received', 'pending', 'sent', 'failed']);
export type MessageStatus = z.infer<typeof MessageStatus>;

/**
 * What a vendor decoder produces: one message, before the store gives it local ids.
 * `conversationKey` is the vendor's own identity of the conversation (chat id, fans key, ...).
 */
export interface DecodedMessage {
  vendorMsgId: string;
  conversationKey: string;
  conversationKind: 'direct' | 'group';
  direction: Direction;
  sentAt: number;
  content: MessageContent;
  /** Plain searchable text; for media a short label such as "[图片]". */
  text: string;
  senderId?: string;
  senderName?: string;
  /** The customer's display name and avatar where the vendor sends them with the message. */
  peerName?: string;
  peerAvatarUrl?: string;
  /** The vendor payload exactly as received (JSON text), kept for "show raw" and re-decoding. */
  raw: string;
  /** Set when the decoder could not read all of it (an unknown type, fields it had to leave out). */
  gaps?: DecodeGaps;
}

// ---------------------------------------------------------------------------------------------
// What a decoder could not read: kept, counted per account, endpoint and kind (the health
// panel), and decoded again after an update brings a better decoder.

export const UNDECODED_KINDS = [
  /** A record of a type this version cannot show (a message of kind `unknown`). */
  'unknownType',
  /** Read, but a field came with a value of a type the decoder cannot use, and was left out. */
  'partlyRead',
  /** A row of a list that could not become a record at all (not an object). */
  'unreadableRow',
  /** A whole answer that is not JSON, or not in the documented shape. */
  'unreadableAnswer',
] as const;
export const UndecodedKind = z.enum(UNDECODED_KINDS);
export type UndecodedKind = z.infer<typeof UndecodedKind>;

/** What the undecoded thing is; 'answer' is a vendor answer as a whole. */
export const UndecodedRecordType = z.enum(['message', 'call', 'sms', 'contact', 'wechatAccount', 'group', 'groupMember', 'session', 'agent', 'answer']);
export type UndecodedRecordType = z.infer<typeof UndecodedRecordType>;

/** A field left out of a record: its name and the JSON type of the value that came. */
export interface UnreadField {
  field: string;
  type: string;
}

/** Where a record came from and what of it its decoder could not read. */
export interface DecodeGaps {
  /** The client's endpoint name, e.g. "moor.wechat.getWeMessageByPage". */
  endpoint: string;
  /** The vendor decoder version that read it (each vendor's *_DECODER_VERSION). */
  decoder: number;
  unread: UnreadField[];
}

/** The type code and reason of a message this version cannot show, or undefined for any other. */
export function unknownOf(content: MessageContent): { vendorType?: string; reason: string } | undefined {
  if (content.kind !== 'unknown') return undefined;
  const { reason, vendorType } = content.body;
  return { reason, ...(vendorType !== undefined ? { vendorType } : {}) };
}

/** A decoded record (call, SMS) that may carry its gaps into the store. */
export type WithGaps<T> = T & { gaps?: DecodeGaps };

/** One thing a decoder could not fully read, as a vendor client reports it. */
export interface UndecodedObservation {
  endpoint: string;
  kind: UndecodedKind;
  recordType: UndecodedRecordType;
  /** The record's vendor id (or a fingerprint of the row); for an answer, endpoint and kind. */
  recordKey: string;
  detail: UndecodedDetail;
  /** The payload as received, secrets scrubbed and capped; absent when the cache keeps the record's raw itself. */
  sample?: string;
  decoder: number;
}

export interface UndecodedDetail {
  /** The vendor's type code of an unknown record. */
  vendorType?: string;
  /** The decoder's reason, for developers. */
  reason?: string;
  fields?: UnreadField[];
  httpStatus?: number;
}

const MessageBase = z.object({
  id: z.number().int(),
  accountId: z.string(),
  conversationId: z.number().int(),
  vendorMsgId: z.string(),
  direction: Direction,
  sentAt: EpochMs,
  text: z.string(),
  status: MessageStatus,
  /**
   * Who sent it, as the vendor names them: the customer or group member for incoming messages;
   * for outgoing ones the colleague (Youmi's staff number `ad_staff_code`) where the vendor says.
   */
  senderId: z.string().optional(),
  /** The vendor's name for the sender; for an outgoing message, the agent's name where the app knows the staff number. */
  senderName: z.string().optional(),
  failureReason: z.string().optional(),
  raw: z.string(),
  /**
   * Present when this copy carries only the start of the message's text or raw payload (a
   * customer's 1 MB text): the full lengths. `inbox.getMessageText` hands out the rest.
   */
  truncated: z.object({ textLength: z.number().int().nonnegative().optional(), rawLength: z.number().int().nonnegative().optional() }).optional(),
});
export type Message = z.infer<typeof MessageBase> & MessageContent;

/** Which text of a message `inbox.getMessageText` slices: what the bubble shows, or the vendor payload. */
export const MessageTextPart = z.enum(['text', 'raw']);
export type MessageTextPart = z.infer<typeof MessageTextPart>;

/** A stored message as it crosses IPC: the common fields plus kind and its typed body. */
export const Message = MessageBase.and(MessageContent) as unknown as z.ZodType<Message>;

// ---------------------------------------------------------------------------------------------
// Reply capabilities: what the composer may send in a conversation

export const REPLY_KINDS = [
  'text',
  'image',
  'video',
  'file',
  'link',
  'card',
  'qvcard',
  'miniProgram',
  'officialAccount',
  'redPacket',
  'returnMoney',
  'forward',
  'batch',
] as const;
export const ReplyKind = z.enum(REPLY_KINDS);
export type ReplyKind = z.infer<typeof ReplyKind>;

// ---------------------------------------------------------------------------------------------
// Conversations and contacts

export const Conversation = z.object({
  id: z.number().int(),
  accountId: z.string(),
  vendor: Vendor,
  vendorConversationId: z.string(),
  kind: z.enum(['direct', 'group']),
  title: z.string(),
  avatarUrl: z.string().optional(),
  unreadCount: z.number().int().nonnegative(),
  readOnly: z.boolean(),
  /** One line for the agent: why they cannot reply here. */
  readOnlyReason: z.string().optional(),
  capabilities: z.array(ReplyKind),
  lastMessageAt: EpochMs.optional(),
  lastMessagePreview: z.string().optional(),
  contactId: z.number().int().optional(),
  phones: z.array(z.string()),
});
export type Conversation = z.infer<typeof Conversation>;

export const Contact = z.object({
  id: z.number().int(),
  accountId: z.string(),
  vendorContactId: z.string(),
  name: z.string(),
  remark: z.string().optional(),
  wxNo: z.string().optional(),
  phones: z.array(z.string()),
  avatarUrl: z.string().optional(),
  ownerWxNo: z.string().optional(),
  createdAt: EpochMs.optional(),
});
export type Contact = z.infer<typeof Contact>;

// ---------------------------------------------------------------------------------------------
// 7moor: calls, SMS, agents, CRM, reports, WeChat accounts and groups

export const RecordingState = z.enum(['available', 'not_found', 'copy_fail', 'multiple_call_lose', 'none']);
export type RecordingState = z.infer<typeof RecordingState>;

export const CallRecord = z.object({
  vendorId: z.string(),
  deviceId: z.string().optional(),
  imei: z.string().optional(),
  direction: Direction,
  connected: z.boolean(),
  localPhone: z.string(),
  agentId: z.string().optional(),
  agentName: z.string().optional(),
  contactPhone: z.string(),
  contactName: z.string().optional(),
  beganAt: EpochMs.optional(),
  endedAt: EpochMs.optional(),
  durationSec: z.number().nonnegative(),
  recordingState: RecordingState,
  recordingUrl: z.string().optional(),
  raw: z.string(),
});
export type CallRecord = z.infer<typeof CallRecord>;

export const SmsRecord = z.object({
  vendorId: z.string(),
  deviceId: z.string().optional(),
  imei: z.string().optional(),
  direction: Direction,
  localPhone: z.string(),
  agentId: z.string().optional(),
  agentName: z.string().optional(),
  contactPhone: z.string(),
  contactName: z.string().optional(),
  sentAt: EpochMs.optional(),
  raw: z.string(),
});
export type SmsRecord = z.infer<typeof SmsRecord>;

export const Agent = z.object({
  vendorId: z.string(),
  name: z.string(),
  phone: z.string().optional(),
});
export type Agent = z.infer<typeof Agent>;

export const CustomerField = z.object({ key: z.string(), label: z.string() });
export type CustomerField = z.infer<typeof CustomerField>;

/** A CRM customer: name and phone are required by 7moor, every other field is free text. */
export const Customer = z.object({
  vendorId: z.string(),
  name: z.string(),
  phone: z.string(),
  fields: z.record(z.string(), z.string()),
});
export type Customer = z.infer<typeof Customer>;

export const CallReport = z.object({
  today: z.number().int().nonnegative(),
  late7: z.number().int().nonnegative(),
  late30: z.number().int().nonnegative(),
});
export type CallReport = z.infer<typeof CallReport>;

export const CallDetailDay = z.object({
  date: z.string(),
  in: z.number().int().nonnegative(),
  out: z.number().int().nonnegative(),
  inDuration: z.number().nonnegative(),
  outDuration: z.number().nonnegative(),
});
export const CallDetail = z.object({
  in: z.number().int().nonnegative(),
  out: z.number().int().nonnegative(),
  inConnect: z.number().int().nonnegative(),
  outConnect: z.number().int().nonnegative(),
  inDuration: z.number().nonnegative(),
  outDuration: z.number().nonnegative(),
  timeframe: z.string(),
  days: z.array(CallDetailDay),
});
export type CallDetail = z.infer<typeof CallDetail>;
export const CallDetailPeriod = z.enum(['today', 'late7', 'late30']);
export type CallDetailPeriod = z.infer<typeof CallDetailPeriod>;

export const WeChatAccount = z.object({
  vendorId: z.string(),
  imei: z.string().optional(),
  phone: z.string().optional(),
  wxNo: z.string(),
  wxNoAlt: z.string().optional(),
  version: z.string().optional(),
  nickname: z.string(),
  avatarUrl: z.string().optional(),
  avatarLargeUrl: z.string().optional(),
});
export type WeChatAccount = z.infer<typeof WeChatAccount>;

export const WeChatGroup = z.object({
  vendorId: z.string(),
  imei: z.string().optional(),
  ownerAgentWxNo: z.string().optional(),
  name: z.string(),
  avatarUrl: z.string().optional(),
  memberIds: z.array(z.string()),
  memberWxNos: z.array(z.string()),
  memberDisplayNames: z.array(z.string()),
  roomOwnerWxNo: z.string().optional(),
  memberCount: z.number().int().nonnegative().optional(),
});
export type WeChatGroup = z.infer<typeof WeChatGroup>;

export const WeChatGroupMember = z.object({
  vendorId: z.string(),
  groupId: z.string(),
  nickname: z.string(),
  avatarUrl: z.string().optional(),
  wxNo: z.string().optional(),
  isAgent: z.boolean(),
  agentWxNo: z.string().optional(),
});
export type WeChatGroupMember = z.infer<typeof WeChatGroupMember>;

/** 7moor getWeChatByPage: a session between an agent WeChat and a friend or a group. */
export const WeChatSession = z.object({
  vendorId: z.string(),
  agentWxNo: z.string(),
  contactWxNo: z.string().optional(),
  groupId: z.string().optional(),
  chatType: z.enum(['single', 'group']),
  startedByAgent: z.boolean(),
});
export type WeChatSession = z.infer<typeof WeChatSession>;

/** 7moor getWeContactByPage: a friend of one of the agent's WeChat accounts, before the store gives it ids. */
export const WeChatContact = z.object({
  vendorId: z.string(),
  agentWxNo: z.string(),
  agentNickname: z.string().optional(),
  wxNo: z.string(),
  wxNoAlt: z.string().optional(),
  nickname: z.string(),
  avatarUrl: z.string().optional(),
  avatarLargeUrl: z.string().optional(),
  /** The vendor's friendship status as sent, e.g. "normal". */
  status: z.string().optional(),
  createdAt: EpochMs.optional(),
  /** The vendor's `ts`: when the row last changed. */
  updatedAt: EpochMs.optional(),
  /** Mainland mobile numbers found in the nickname ("王姐 13912345678"), to match calls and SMS. */
  phones: z.array(z.string()),
});
export type WeChatContact = z.infer<typeof WeChatContact>;

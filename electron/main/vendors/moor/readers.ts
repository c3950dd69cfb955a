// 7moor's list rows as RowReaders (vendors/undecoded.ts): each endpoint's decoder, and the wire
// schema whose lenient fields tell what it had to leave out. The client reads every page through
// them; re-decoding after an update reads stored raw payloads through the same ones.
import type { Agent, CallRecord, DecodedMessage, SmsRecord, UnreadField, WeChatAccount, WeChatContact, WeChatGroup, WeChatGroupMember, WeChatSession } from '@shared/model';
import type { z } from 'zod';
import { unknownMessage, unreadFields, unreadFieldsOf, type RowReader } from '../undecoded';
import { decodeMoorMessage, type MessageDecodeContext } from './message-decoder';
import {
  decodeAgent,
  decodeCall,
  decodeSms,
  decodeWeChatAccount,
  decodeWeChatContact,
  decodeWeChatGroup,
  decodeWeChatGroupMember,
  decodeWeChatSession,
} from './record-decoder';
import { AgentRow, CallRow, ContactRow, GroupMemberRow, GroupRow, MessageRow, SessionRow, SmsRow, WeChatAccountRow } from './wire';

/** Fields of the schema left out, plus time fields sent as text the decoder could not read as a time. */
function unreadOf(schema: z.ZodObject, row: unknown, lostTimes: readonly string[]): UnreadField[] {
  const fields = unreadFieldsOf(schema, row);
  const named = new Set(fields.map((f) => f.field));
  return [...fields, ...unreadFields(row, {}, lostTimes.filter((field) => !named.has(field)))];
}

function schemaReader<T extends object>(recordType: RowReader<T>['recordType'], schema: z.ZodObject, decode: (row: unknown) => T | undefined, key: (item: T) => string): RowReader<T> {
  return { recordType, decode, unread: (row) => unreadFieldsOf(schema, row), key };
}

/** WeChat messages; a message whose time could not be read shows at 1970, so its ts / date count as unread. */
export function moorMessageReader(context: MessageDecodeContext = {}): RowReader<DecodedMessage> {
  return {
    recordType: 'message',
    decode: (row) => decodeMoorMessage(row, context),
    unread: (row, message) => unreadOf(MessageRow, row, message.sentAt === 0 ? ['ts', 'date'] : []),
    key: (message) => message.vendorMsgId,
    unknown: unknownMessage,
  };
}

export const MOOR_CALL_READER: RowReader<CallRecord> = {
  recordType: 'call',
  decode: decodeCall,
  unread: (row, call) => unreadOf(CallRow, row, [...(call.beganAt === undefined ? ['beginTime'] : []), ...(call.endedAt === undefined ? ['endTime'] : [])]),
  key: (call) => call.vendorId,
};

export const MOOR_SMS_READER: RowReader<SmsRecord> = {
  recordType: 'sms',
  decode: decodeSms,
  unread: (row, sms) => unreadOf(SmsRow, row, sms.sentAt === undefined ? ['sendTime', 'snedTime'] : []),
  key: (sms) => sms.vendorId,
};

export const MOOR_AGENT_READER = schemaReader<Agent>('agent', AgentRow, decodeAgent, (a) => a.vendorId);
export const MOOR_WECHAT_ACCOUNT_READER = schemaReader<WeChatAccount>('wechatAccount', WeChatAccountRow, decodeWeChatAccount, (a) => a.vendorId);
export const MOOR_CONTACT_READER = schemaReader<WeChatContact>('contact', ContactRow, decodeWeChatContact, (c) => c.vendorId);
export const MOOR_GROUP_READER = schemaReader<WeChatGroup>('group', GroupRow, decodeWeChatGroup, (g) => g.vendorId);
export const MOOR_GROUP_MEMBER_READER = schemaReader<WeChatGroupMember>('groupMember', GroupMemberRow, decodeWeChatGroupMember, (m) => m.vendorId);
export const MOOR_SESSION_READER = schemaReader<WeChatSession>('session', SessionRow, decodeWeChatSession, (s) => s.vendorId);

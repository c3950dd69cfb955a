// What 7moor actually sends, parsed leniently: the doc shows numbers as strings, `_id` beside
// `id`, `snedTime` beside `sendTime`, booleans as "true", and null lists. A field of the wrong
// type becomes undefined rather than failing the page; only a response whose shape is not
// 7moor's at all (no code, list not a list) is rejected.
import { z } from 'zod';

export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function toFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = toText(value)?.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0' || text === '') return false;
  return undefined;
}

const text = z.unknown().optional().transform(toText);
const num = z.unknown().optional().transform(toNumber);
const flag = z.unknown().optional().transform(toFlag);
/** A list the vendor may send as null; anything else that is not an array fails the page. */
const rows = z.array(z.unknown()).nullish().transform((v) => v ?? []);

export const MoorEnvelope = z.looseObject({
  code: num,
  msg: text,
  statusCode: num,
  data: z.unknown().optional(),
});
export type MoorEnvelope = z.infer<typeof MoorEnvelope>;

// ---------------------------------------------------------------------------------------------
// oauth/token/*

export const TokenData = z.looseObject({ accessToken: text, refreshToken: text });

// ---------------------------------------------------------------------------------------------
// api/crm/*

/** Keys kept exactly as sent, typos included (`filed0`): they are the names addCustomer expects back. */
export const CustomerTemplateData = z.looseObject({ fieldMap: z.record(z.string(), z.unknown()) });
export const AddCustomerData = z.looseObject({ id: text, _id: text });
export const AgentRow = z.looseObject({ _id: text, id: text, name: text, phone: text });
export type AgentRow = z.infer<typeof AgentRow>;
export const AgentListData = z.looseObject({ list: rows });

// ---------------------------------------------------------------------------------------------
// Paged lists: api/device/*, api/wechat/*

export const PagedData = z.looseObject({ count: num, list: rows });

export const CallRow = z.looseObject({
  _id: text,
  id: text,
  did: text,
  imei: text,
  callType: text,
  connectType: text,
  localTel: text,
  uid: text,
  uName: text,
  contactTel: text,
  contactName: text,
  beginTime: text,
  endTime: text,
  duration: num,
  soundUrl: text,
});
export type CallRow = z.infer<typeof CallRow>;

export const SmsRow = z.looseObject({
  _id: text,
  id: text,
  did: text,
  imei: text,
  smsType: text,
  localTel: text,
  uid: text,
  uName: text,
  contactTel: text,
  contactName: text,
  sendTime: text,
  snedTime: text,
});
export type SmsRow = z.infer<typeof SmsRow>;

export const WeChatAccountRow = z.looseObject({
  id: text,
  _id: text,
  imei: text,
  phone: text,
  wxNo: text,
  wxNo1: text,
  version: text,
  nick: text,
  headImg: text,
  headImg1: text,
});
export type WeChatAccountRow = z.infer<typeof WeChatAccountRow>;

export const ContactRow = z.looseObject({
  id: text,
  _id: text,
  agentWxNo: text,
  agentNick: text,
  wxNo: text,
  wxNo1: text,
  nick: text,
  headImg: text,
  headImg1: text,
  status: text,
  createTime: text,
  ts: z.unknown().optional(),
});
export type ContactRow = z.infer<typeof ContactRow>;

export const GroupRow = z.looseObject({
  id: text,
  _id: text,
  imei: text,
  agentWxNo: text,
  member: z.unknown().optional(),
  name: text,
  headImg: text,
  memberList: text,
  displayName: text,
  roomOwner: text,
  memberCount: num,
});
export type GroupRow = z.infer<typeof GroupRow>;

export const GroupMemberRow = z.looseObject({
  id: text,
  _id: text,
  chatRoomId: text,
  nick: text,
  // The doc types headImg as "array" and shows a string: take either.
  headImg: z.unknown().optional(),
  wxNo: text,
  isAgent: flag,
  agentWxNo: text,
});
export type GroupMemberRow = z.infer<typeof GroupMemberRow>;

export const SessionRow = z.looseObject({
  id: text,
  _id: text,
  agentWxNo: text,
  contactWxNo: text,
  group: text,
  chatType: text,
  isSend: text,
});
export type SessionRow = z.infer<typeof SessionRow>;

export const MessageRow = z.looseObject({
  id: text,
  _id: text,
  chatId: text,
  from: text,
  // Usually a string holding JSON; taken as it comes because some rows carry the object itself.
  msg: z.unknown().optional(),
  msgType: text,
  date: text,
  ts: z.unknown().optional(),
  msgId: text,
  isSend: text,
  msgSvrId: text,
  thumbImgPath: text,
  bigImgPath: text,
});
export type MessageRow = z.infer<typeof MessageRow>;

// ---------------------------------------------------------------------------------------------
// api/report/*

export const CallReportData = z.looseObject({ today: num, late7: num, late30: num });

export const CallDetailDayRow = z.looseObject({
  date: text,
  in: num,
  out: num,
  inDuration: num,
  outDuration: num,
});

export const CallDetailData = z.looseObject({
  in: num,
  out: num,
  inConnect: num,
  outConnect: num,
  inDuration: num,
  outDuration: num,
  timeframe: text,
  list: rows,
});

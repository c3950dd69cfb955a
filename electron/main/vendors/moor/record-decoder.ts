// 7moor rows other than chat messages → the unified records of shared/model.ts.
// Pure functions that never throw: a row that is not an object gives undefined (the caller logs
// and skips it); every other row gives a record, with what is missing left out.
import type {
  Agent,
  CallDetail,
  CallRecord,
  CallReport,
  CustomerField,
  Direction,
  RecordingState,
  SmsRecord,
  WeChatAccount,
  WeChatContact,
  WeChatGroup,
  WeChatGroupMember,
  WeChatSession,
} from '@shared/model';
import { chinaLocalToEpochMs, vendorTsToEpochMs } from './time';
import {
  AgentRow,
  CallDetailData,
  CallDetailDayRow,
  CallReportData,
  CallRow,
  ContactRow,
  CustomerTemplateData,
  GroupMemberRow,
  GroupRow,
  SessionRow,
  SmsRow,
  WeChatAccountRow,
  toFlag,
  toText,
} from './wire';

/** A stable id for a row that carries none, so re-reading it upserts instead of duplicating. */
export function fallbackId(raw: string): string {
  // Two FNV-1a passes with different offsets: 64 bits, plenty for one account's rows.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return `h${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

export function rawJson(row: unknown): string {
  try {
    return JSON.stringify(row) ?? 'null';
  } catch {
    return String(row);
  }
}

/** Empty strings mean "absent" in 7moor rows (`"wxNo1": ""`). */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** `{ key: value }` when there is a value, `{}` otherwise: optional fields stay absent, not undefined. */
export function optional<K extends string, V extends string | number>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined || value === '' ? {} : ({ [key]: value } as { [P in K]?: V });
}

function idOf(row: { _id?: string | undefined; id?: string | undefined }, raw: string): string {
  return present(row._id) ?? present(row.id) ?? fallbackId(raw);
}

/** "in"/"out" as the doc's response tables mean them, plus the Chinese words some tenants send. */
function directionOf(value: string | undefined): Direction {
  const v = value?.trim().toLowerCase();
  if (v === 'out' || v === '呼出' || v === '发送' || v === '2') return 'out';
  return 'in';
}

// ---------------------------------------------------------------------------------------------
// Calls and SMS

const RECORDING_SENTINELS = new Set<RecordingState>(['not_found', 'copy_fail', 'multiple_call_lose']);

/** soundUrl → where the recording is; the doc's example URL has no scheme. */
export function recordingOf(soundUrl: string | undefined): { recordingState: RecordingState; recordingUrl?: string } {
  const url = present(soundUrl);
  if (!url) return { recordingState: 'none' };
  const sentinel = url.toLowerCase() as RecordingState;
  if (RECORDING_SENTINELS.has(sentinel)) return { recordingState: sentinel };
  if (/^https?:\/\//i.test(url)) return { recordingState: 'available', recordingUrl: url };
  if (url.startsWith('//')) return { recordingState: 'available', recordingUrl: `https:${url}` };
  return { recordingState: 'available', recordingUrl: `https://${url.replace(/^\/+/, '')}` };
}

export function decodeCall(input: unknown): CallRecord | undefined {
  const parsed = CallRow.safeParse(input);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  const raw = rawJson(input);
  const beganAt = chinaLocalToEpochMs(row.beginTime);
  const endedAt = chinaLocalToEpochMs(row.endTime);
  const spanSec = beganAt !== undefined && endedAt !== undefined && endedAt >= beganAt ? Math.round((endedAt - beganAt) / 1000) : undefined;
  const connectType = row.connectType?.trim().toLowerCase();
  const connected = connectType === 'connected' ? true : connectType === 'disconnected' ? false : (row.duration ?? 0) > 0;
  const durationSec = Math.max(0, row.duration ?? (connected ? spanSec ?? 0 : 0));
  return {
    vendorId: idOf(row, raw),
    ...optional('deviceId', present(row.did)),
    ...optional('imei', present(row.imei)),
    direction: directionOf(row.callType),
    connected,
    localPhone: row.localTel?.trim() ?? '',
    ...optional('agentId', present(row.uid)),
    ...optional('agentName', present(row.uName)),
    contactPhone: row.contactTel?.trim() ?? '',
    ...optional('contactName', present(row.contactName)),
    ...optional('beganAt', beganAt),
    ...optional('endedAt', endedAt),
    durationSec,
    ...recordingOf(row.soundUrl),
    raw,
  };
}

export function decodeSms(input: unknown): SmsRecord | undefined {
  const parsed = SmsRow.safeParse(input);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  const raw = rawJson(input);
  return {
    vendorId: idOf(row, raw),
    ...optional('deviceId', present(row.did)),
    ...optional('imei', present(row.imei)),
    direction: directionOf(row.smsType),
    localPhone: row.localTel?.trim() ?? '',
    ...optional('agentId', present(row.uid)),
    ...optional('agentName', present(row.uName)),
    contactPhone: row.contactTel?.trim() ?? '',
    ...optional('contactName', present(row.contactName)),
    // The doc's example spells it `snedTime`, its field table `sendTime`.
    ...optional('sentAt', chinaLocalToEpochMs(row.sendTime ?? row.snedTime)),
    raw,
  };
}

// ---------------------------------------------------------------------------------------------
// CRM and reports

export function decodeAgent(input: unknown): Agent | undefined {
  const parsed = AgentRow.safeParse(input);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  return {
    vendorId: idOf(row, rawJson(input)),
    name: row.name?.trim() ?? '',
    ...optional('phone', present(row.phone)),
  };
}

/** customerTmp's fieldMap in the order sent, keys exactly as sent (the doc's `filed0` included). */
export function decodeCustomerTemplate(input: unknown): CustomerField[] | undefined {
  const parsed = CustomerTemplateData.safeParse(input);
  if (!parsed.success) return undefined;
  return Object.entries(parsed.data.fieldMap).map(([key, label]) => ({ key, label: toText(label) ?? key }));
}

export function decodeCallReport(input: unknown): CallReport | undefined {
  const parsed = CallReportData.safeParse(input);
  if (!parsed.success) return undefined;
  const { today, late7, late30 } = parsed.data;
  return { today: count(today), late7: count(late7), late30: count(late30) };
}

export function decodeCallDetail(input: unknown): CallDetail | undefined {
  const parsed = CallDetailData.safeParse(input);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  // `list` is null for "today" by the doc (read as []); a day row that is not an object is skipped.
  const days = d.list.flatMap((day) => {
    const row = CallDetailDayRow.safeParse(day);
    if (!row.success || !row.data.date) return [];
    return [{ date: row.data.date, in: count(row.data.in), out: count(row.data.out), inDuration: count(row.data.inDuration), outDuration: count(row.data.outDuration) }];
  });
  return {
    in: count(d.in),
    out: count(d.out),
    inConnect: count(d.inConnect),
    outConnect: count(d.outConnect),
    inDuration: count(d.inDuration),
    outDuration: count(d.outDuration),
    timeframe: d.timeframe ?? '',
    days,
  };
}

function count(value: number | undefined): number {
  return value !== undefined && value > 0 ? Math.round(value) : 0;
}

// ---------------------------------------------------------------------------------------------
// WeChat accounts, contacts, groups, members, sessions

export function decodeWeChatAccount(input: unknown): WeChatAccount | undefined {
  const parsed = WeChatAccountRow.safeParse(input);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  return {
    vendorId: idOf(row, rawJson(input)),
    ...optional('imei', present(row.imei)),
    ...optional('phone', present(row.phone)),
    wxNo: row.wxNo?.trim() ?? '',
    ...optional('wxNoAlt', present(row.wxNo1)),
    ...optional('version', present(row.version)),
    nickname: row.nick ?? '',
    ...optional('avatarUrl', present(row.headImg)),
    ...optional('avatarLargeUrl', present(row.headImg1)),
  };
}

const MAINLAND_MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Mainland mobile numbers written into a nickname or remark, in order, without repeats. */
export function phonesIn(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.replace(/[\s-]/g, '').match(MAINLAND_MOBILE) ?? [])];
}

export function decodeWeChatContact(input: unknown): WeChatContact | undefined {
  const parsed = ContactRow.safeParse(input);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  const nickname = row.nick ?? '';
  return {
    vendorId: idOf(row, rawJson(input)),
    agentWxNo: row.agentWxNo?.trim() ?? '',
    ...optional('agentNickname', present(row.agentNick)),
    wxNo: row.wxNo?.trim() ?? '',
    ...optional('wxNoAlt', present(row.wxNo1)),
    nickname,
    ...optional('avatarUrl', present(row.headImg)),
    ...optional('avatarLargeUrl', present(row.headImg1)),
    ...optional('status', present(row.status)),
    ...optional('createdAt', chinaLocalToEpochMs(row.createTime)),
    ...optional('updatedAt', vendorTsToEpochMs(row.ts)),
    phones: phonesIn(nickname),
  };
}

function splitList(value: string | undefined, separator: string): string[] {
  return (value ?? '')
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function decodeWeChatGroup(input: unknown): WeChatGroup | undefined {
  const parsed = GroupRow.safeParse(input);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  const memberIds = Array.isArray(row.member) ? row.member.map(toText).filter((id): id is string => !!id) : splitList(toText(row.member), ';');
  const memberCount = row.memberCount !== undefined && row.memberCount >= 0 ? Math.round(row.memberCount) : undefined;
  return {
    vendorId: idOf(row, rawJson(input)),
    ...optional('imei', present(row.imei)),
    ...optional('ownerAgentWxNo', present(row.agentWxNo)),
    name: row.name ?? '',
    ...optional('avatarUrl', present(row.headImg)),
    memberIds,
    memberWxNos: splitList(row.memberList, ';'),
    memberDisplayNames: splitList(row.displayName, '、'),
    ...optional('roomOwnerWxNo', present(row.roomOwner)),
    ...optional('memberCount', memberCount),
  };
}

export function decodeWeChatGroupMember(input: unknown): WeChatGroupMember | undefined {
  const parsed = GroupMemberRow.safeParse(input);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  const avatar = Array.isArray(row.headImg) ? toText(row.headImg[0]) : toText(row.headImg);
  return {
    vendorId: idOf(row, rawJson(input)),
    groupId: row.chatRoomId?.trim() ?? '',
    nickname: row.nick ?? '',
    ...optional('avatarUrl', present(avatar)),
    ...optional('wxNo', present(row.wxNo)),
    // "false的时候字段被忽略": an absent isAgent means not an agent.
    isAgent: row.isAgent ?? false,
    ...optional('agentWxNo', present(row.agentWxNo)),
  };
}

export function decodeWeChatSession(input: unknown): WeChatSession | undefined {
  const parsed = SessionRow.safeParse(input);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  const group = present(row.group);
  const chatType = row.chatType?.trim().toLowerCase();
  return {
    vendorId: idOf(row, rawJson(input)),
    agentWxNo: row.agentWxNo?.trim() ?? '',
    ...optional('contactWxNo', present(row.contactWxNo)),
    ...optional('groupId', group),
    chatType: chatType === 'group' || (chatType !== 'single' && group !== undefined) ? 'group' : 'single',
    startedByAgent: toFlag(row.isSend) ?? false,
  };
}

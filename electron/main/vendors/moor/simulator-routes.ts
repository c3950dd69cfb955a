// The simulated 7moor API behind the tokens: what each /api/ endpoint answers for a body, over
// a MoorDataset. Pure apart from the dataset it changes (CRM writes, dials).
//
// Where the doc is silent the simulator makes a plausible choice, written down here and in
// docs/vendors.md (7moor): lists come newest first; `cfTs` returns rows strictly older than it;
// paging deeper than 50,000 rows answers 4019; a start–end span over `maxSpanDays` answers 4018.
import { chinaLocalToEpochMs, chinaDate, chinaStartOfDay } from './time';
import { tsMs, type MoorDataset, type SimCall, type SimSms } from './demo-data';
import { toNumber, toText } from './wire';

export type Answer =
  | { code: 1; msg: string; data: unknown }
  | { code: 0; msg: string; statusCode?: number; data: null };

export interface RouteContext {
  data: MoorDataset;
  body: Record<string, unknown>;
  now: number;
  maxSpanDays: number;
  newId: () => string;
  onDial: (callPhone: string, userPhone: string) => void;
  onAddWx: (phone: string, userPhone: string) => void;
}

export const ok = (data: unknown, msg = ''): Answer => ({ code: 1, msg, data });
export const fail = (msg: string, statusCode?: number): Answer => ({ code: 0, msg, ...(statusCode ? { statusCode } : {}), data: null });

const DAY = 86_400_000;
const MAX_ROW_DEPTH = 50_000;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

type Route = (ctx: RouteContext) => Answer;

export const MOOR_API_ROUTES: Record<string, Route> = {
  'api/crm/customerTmp': ({ data }) => ok({ fieldMap: data.template }),
  'api/crm/addCustomer': addCustomer,
  'api/crm/delCustomer': deleteCustomer,
  'api/crm/uptCustomer': updateCustomer,
  'api/crm/callPhone': callPhone,
  'api/crm/autoAddWx': autoAddWx,
  'api/crm/getUsers': ({ data }) => ok({ list: data.agents }),
  'api/device/call': listCalls,
  'api/device/sms': listSms,
  'api/report/callReport': callReport,
  'api/report/callDetail': callDetail,
  'api/wechat/queryWeChatUserByPage': (ctx) => weChatPage(ctx, ctx.data.accounts),
  'api/wechat/getWeContactByPage': listContacts,
  'api/wechat/getWeChatRoomByPage': (ctx) => weChatPage(ctx, ctx.data.groups),
  'api/wechat/getWeChatRoomMemberByPage': listMembers,
  'api/wechat/getWeChatByPage': listSessions,
  'api/wechat/getWeMessageByPage': listMessages,
};

// ---------------------------------------------------------------------------------------------
// CRM

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = toText(body[key])?.trim();
  return value ? value : undefined;
}

function addCustomer({ data, body, newId }: RouteContext): Answer {
  const name = text(body, 'name');
  const phone = text(body, 'phone');
  if (!name || !phone) return fail('name和phone不能为空', 4005);
  const fields = stringFields(body);
  if (!fields) return fail('字段值必须是字符串', 4005);
  const id = newId();
  data.customers.push({ ...fields, id, name, phone });
  return ok({ id }, '增加成功');
}

function deleteCustomer({ data, body }: RouteContext): Answer {
  const id = text(body, 'id');
  if (!id) return fail('id不能为空', 4005);
  const index = data.customers.findIndex((c) => c.id === id);
  if (index < 0) return fail('客户不存在');
  data.customers.splice(index, 1);
  return ok({}, '删除成功');
}

function updateCustomer({ data, body }: RouteContext): Answer {
  const id = text(body, 'id');
  if (!id) return fail('id不能为空', 4005);
  const customer = data.customers.find((c) => c.id === id);
  if (!customer) return fail('客户不存在');
  const fields = stringFields(body);
  if (!fields) return fail('字段值必须是字符串', 4005);
  Object.assign(customer, fields, { id });
  return ok({}, '修改成功');
}

function stringFields(body: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') return undefined;
    out[key] = value;
  }
  return out;
}

/** The agent behind a work-phone number, or the failure 7moor gives for it. */
function workPhone(data: MoorDataset, userPhone: string): Answer | undefined {
  if (!data.agents.some((a) => a.phone === userPhone)) return fail('员工不存在', 4004);
  if (data.offlinePhones.includes(userPhone)) return fail('工作手机不在线或APP版本过低', 4001);
  return undefined;
}

function callPhone({ data, body, onDial }: RouteContext): Answer {
  const callee = text(body, 'callPhone');
  const userPhone = text(body, 'userPhone');
  if (!callee || !userPhone) return fail('callPhone和userPhone不能为空', 4005);
  const refused = workPhone(data, userPhone);
  if (refused) return refused;
  onDial(callee, userPhone);
  return ok({});
}

function autoAddWx({ data, body, onAddWx }: RouteContext): Answer {
  const phone = text(body, 'phone');
  const userPhone = text(body, 'userPhone');
  if (!phone || !userPhone) return fail('phone和userPhone不能为空', 4005);
  const refused = workPhone(data, userPhone);
  if (refused) return refused;
  onAddWx(phone, userPhone);
  return ok({});
}

// ---------------------------------------------------------------------------------------------
// Paging, time filters, cursors

type Paging = { page: number; pageSize: number } | Answer;

function paging(body: Record<string, unknown>, maxPage: number, maxPageSize: number): Paging {
  const page = toNumber(body['page']);
  const pageSize = toNumber(body['pageSize']);
  if (page === undefined || pageSize === undefined) return fail('page和pageSize不能为空', 4005);
  if (!Number.isInteger(page) || page < 1 || page > maxPage) return fail(`page超出范围(1~${maxPage})`, 4005);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) return fail(`pageSize超出范围(1~${maxPageSize})`, 4005);
  if ((page - 1) * pageSize >= MAX_ROW_DEPTH) return fail('请求数据量过大', 4019);
  return { page, pageSize };
}

function slice<T>(rows: T[], p: { page: number; pageSize: number }): Answer {
  const start = (p.page - 1) * p.pageSize;
  return ok({ count: rows.length, list: rows.slice(start, start + p.pageSize) }, 'ok');
}

type Range = { from?: number; to?: number } | Answer;

function timeRange(body: Record<string, unknown>, maxSpanDays: number): Range {
  const out: { from?: number; to?: number } = {};
  for (const [key, target] of [['start', 'from'], ['end', 'to']] as const) {
    const value = body[key];
    if (value === undefined || value === null || value === '') continue;
    const ms = typeof value === 'string' && LOCAL_TIME.test(value) ? chinaLocalToEpochMs(value) : undefined;
    if (ms === undefined) return fail(`${key}时间格式错误，应为yyyy-MM-dd HH:mm:ss`, 4017);
    out[target] = ms;
  }
  if (out.from !== undefined && out.to !== undefined && out.to - out.from > maxSpanDays * DAY) {
    return fail(`时间跨度不能超过${maxSpanDays}天`, 4018);
  }
  return out;
}

function isAnswer(value: object): value is Answer {
  return 'code' in value;
}

function inRange(ms: number | undefined, range: { from?: number; to?: number }, cfTs: number | undefined): boolean {
  if (ms === undefined) return range.from === undefined && range.to === undefined && cfTs === undefined;
  if (range.from !== undefined && ms < range.from) return false;
  if (range.to !== undefined && ms > range.to) return false;
  return cfTs === undefined || ms < cfTs;
}

function cursorOf(body: Record<string, unknown>): number | undefined {
  const value = toNumber(body['cfTs']) ?? chinaLocalToEpochMs(body['cfTs']);
  return value === undefined ? undefined : tsMs(value);
}

/** Pages `rows` newest first after the time filters and the cursor. */
function timedPage<T>(ctx: RouteContext, rows: T[], timeOf: (row: T) => number | undefined, maxPage: number, maxPageSize: number, keep: (row: T) => boolean = () => true): Answer {
  const p = paging(ctx.body, maxPage, maxPageSize);
  if (isAnswer(p)) return p;
  const range = timeRange(ctx.body, ctx.maxSpanDays);
  if (isAnswer(range)) return range;
  const cfTs = cursorOf(ctx.body);
  const matching = rows
    .filter((row) => keep(row) && inRange(timeOf(row), range, cfTs))
    .sort((a, b) => (timeOf(b) ?? 0) - (timeOf(a) ?? 0));
  return slice(matching, p);
}

// ---------------------------------------------------------------------------------------------
// Calls, SMS, reports

interface DeviceRow {
  imei: string;
  uName: string;
  localTel: string;
  contactTel: string;
}

/** imeiOrName, localTel, contactTel and the in/out type, as api/device/call and sms filter. */
function deviceFilter<T extends DeviceRow>(body: Record<string, unknown>, typeKey: 'callType' | 'smsType', typeOf: (row: T) => string) {
  const imeiOrName = text(body, 'imeiOrName');
  const localTel = text(body, 'localTel');
  const contactTel = text(body, 'contactTel');
  const type = text(body, typeKey);
  return (row: T) =>
    (!imeiOrName || row.imei === imeiOrName || row.uName.includes(imeiOrName)) &&
    (!localTel || row.localTel === localTel) &&
    (!contactTel || row.contactTel.includes(contactTel)) &&
    (!type || typeOf(row) === type);
}

function listCalls(ctx: RouteContext): Answer {
  const keep = deviceFilter<SimCall>(ctx.body, 'callType', (c) => c.callType);
  return timedPage(ctx, ctx.data.calls, (c) => chinaLocalToEpochMs(c.beginTime), Infinity, 500, keep);
}

function listSms(ctx: RouteContext): Answer {
  const keep = deviceFilter<SimSms>(ctx.body, 'smsType', (s) => s.smsType);
  return timedPage(ctx, ctx.data.sms, (s) => chinaLocalToEpochMs(s.snedTime), Infinity, 500, keep);
}

function agentCalls(ctx: RouteContext): SimCall[] | Answer {
  const agentId = text(ctx.body, 'agentId');
  if (!agentId) return fail('agentId不能为空', 4005);
  if (!ctx.data.agents.some((a) => a._id === agentId)) return fail('员工不存在', 4004);
  return ctx.data.calls.filter((c) => c.uid === agentId);
}

function since(calls: SimCall[], from: number): SimCall[] {
  return calls.filter((c) => (chinaLocalToEpochMs(c.beginTime) ?? 0) >= from);
}

function callReport(ctx: RouteContext): Answer {
  const calls = agentCalls(ctx);
  if (!Array.isArray(calls)) return calls;
  const today = chinaStartOfDay(ctx.now);
  return ok({ today: since(calls, today).length, late7: since(calls, today - 6 * DAY).length, late30: since(calls, today - 29 * DAY).length });
}

const PERIOD_DAYS: Record<string, number> = { today: 1, late7: 7, late30: 30 };

function callDetail(ctx: RouteContext): Answer {
  const calls = agentCalls(ctx);
  if (!Array.isArray(calls)) return calls;
  const timeSet = text(ctx.body, 'timeSet') ?? 'today';
  const days = PERIOD_DAYS[timeSet];
  if (!days) return fail('timeSet只能是today、late7或late30', 4005);
  const first = chinaStartOfDay(ctx.now) - (days - 1) * DAY;
  const inPeriod = since(calls, first);
  const totals = sum(inPeriod);
  const list = [];
  for (let day = first; day <= ctx.now; day += DAY) {
    const ofDay = inPeriod.filter((c) => chinaDate(chinaLocalToEpochMs(c.beginTime) ?? 0) === chinaDate(day));
    const t = sum(ofDay);
    list.push({ date: chinaDate(day), in: t.in, out: t.out, inDuration: t.inDuration, outDuration: t.outDuration });
  }
  return ok({ ...totals, timeframe: `${chinaDate(first)} ~ ${chinaDate(ctx.now)}`, list: timeSet === 'today' ? null : list });
}

function sum(calls: SimCall[]) {
  const totals = { in: 0, out: 0, inConnect: 0, outConnect: 0, inDuration: 0, outDuration: 0 };
  for (const c of calls) {
    const duration = toNumber(c.duration) ?? 0;
    const connected = c.connectType === 'connected';
    if (c.callType === 'in') {
      totals.in++;
      if (connected) totals.inConnect++;
      totals.inDuration += duration;
    } else {
      totals.out++;
      if (connected) totals.outConnect++;
      totals.outDuration += duration;
    }
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// WeChat

function weChatPage<T>(ctx: RouteContext, rows: T[]): Answer {
  const p = paging(ctx.body, 500, 100);
  return isAnswer(p) ? p : slice(rows, p);
}

function listContacts(ctx: RouteContext): Answer {
  return timedPage(ctx, ctx.data.contacts, (c) => (c.ts === undefined ? undefined : tsMs(c.ts)), 500, 100);
}

function listMembers(ctx: RouteContext): Answer {
  const chatRoomId = text(ctx.body, 'chatRoomId');
  if (!chatRoomId) return fail('chatRoomId不能为空', 4005);
  return weChatPage(ctx, ctx.data.members.filter((m) => m.chatRoomId === chatRoomId));
}

/** WeChat numbers of the accounts on the phone with `imei`. */
function wxNosOnPhone(data: MoorDataset, imei: string): Set<string> {
  return new Set(data.accounts.filter((a) => a.imei === imei).map((a) => a.wxNo));
}

function listSessions(ctx: RouteContext): Answer {
  const imei = text(ctx.body, 'imei');
  const onPhone = imei ? wxNosOnPhone(ctx.data, imei) : undefined;
  // A session's time is its latest message: that is what start/end select on.
  const latest = new Map<string, number>();
  for (const m of ctx.data.messages) latest.set(m.chatId, Math.max(latest.get(m.chatId) ?? 0, tsMs(m.ts)));
  return timedPage(ctx, ctx.data.sessions, (s) => latest.get(s.id), 500, 100, (s) => !onPhone || onPhone.has(s.agentWxNo));
}

function listMessages(ctx: RouteContext): Answer {
  const chatId = text(ctx.body, 'chatId');
  const wxNo = text(ctx.body, 'wxNo');
  const imei = text(ctx.body, 'imei');
  const onPhone = imei ? wxNosOnPhone(ctx.data, imei) : undefined;
  const agentOf = new Map(ctx.data.sessions.map((s) => [s.id, s.agentWxNo]));
  return timedPage(ctx, ctx.data.messages, (m) => tsMs(m.ts), 500, 100, (m) => {
    const agentWxNo = agentOf.get(m.chatId) ?? '';
    return (!chatId || m.chatId === chatId) && (!wxNo || agentWxNo === wxNo) && (!onPhone || onPhone.has(agentWxNo));
  });
}

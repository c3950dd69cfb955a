// The 7moor work-phone OpenAPI (wpapi), all 19 endpoints, in the agent's terms.
//
// Every call carries `timestamp` (ms, fresh per attempt) and `accessToken` in the query and a
// JSON body. Reads may be retried after a transient failure; dialing, auto-add-WeChat and CRM
// writes never are, because a repeat would dial twice or create twice. Reads share a budget of
// 20 calls a minute per endpoint, 7moor's limit for its lists.
import { appError } from '@shared/errors';
import type {
  Agent,
  CallDetail,
  CallDetailPeriod,
  CallRecord,
  CallReport,
  CustomerField,
  DecodedMessage,
  SmsRecord,
  WeChatAccount,
  WeChatContact,
  WeChatGroup,
  WeChatGroupMember,
  WeChatSession,
  WithGaps,
} from '@shared/model';
import { silentLogger, type Logger } from '../../log/logger';
import type { SecretStore } from '../../secrets/secret-store';
import { systemClock, type Clock } from '../http/clock';
import { HttpClient, type QueryValue } from '../http/http-client';
import { RateLimiter, type RateBudget } from '../http/rate-limiter';
import type { BackoffOptions } from '../http/retry';
import { payloadText, UndecodedRecorder, type RowReader, type UndecodedReport } from '../undecoded';
import { MoorAuth, type MoorAuthTiming } from './auth';
import { isTokenRejection, unexpectedResponse } from './errors';
import { MOOR_DECODER_VERSION, type MessageDecodeContext } from './message-decoder';
import {
  MOOR_AGENT_READER,
  MOOR_CALL_READER,
  MOOR_CONTACT_READER,
  MOOR_GROUP_MEMBER_READER,
  MOOR_GROUP_READER,
  MOOR_SESSION_READER,
  MOOR_SMS_READER,
  MOOR_WECHAT_ACCOUNT_READER,
  moorMessageReader,
} from './readers';
import { decodeCallDetail, decodeCallReport, decodeCustomerTemplate } from './record-decoder';
import { epochMsToChinaLocal } from './time';
import { MOOR_DEFAULT_BASE_URL, callMoor, readData } from './transport';
import { AddCustomerData, AgentListData, CallDetailData, CallReportData, PagedData, toText } from './wire';

/** 7moor's published limit for its list endpoints. */
export const MOOR_LIST_BUDGET: RateBudget = { limit: 20, intervalMs: 60_000 };

interface Endpoint {
  name: string;
  path: string;
  retry: 'safe' | 'never';
}

const endpoint = (path: string, retry: 'safe' | 'never'): Endpoint => ({
  name: `moor.${path.split('/').slice(-2).join('.')}`,
  path,
  retry,
});

/** The API endpoints (the two token endpoints live in auth.ts). */
export const MOOR_ENDPOINTS = {
  customerTmp: endpoint('/api/crm/customerTmp', 'safe'),
  addCustomer: endpoint('/api/crm/addCustomer', 'never'),
  delCustomer: endpoint('/api/crm/delCustomer', 'never'),
  uptCustomer: endpoint('/api/crm/uptCustomer', 'never'),
  callPhone: endpoint('/api/crm/callPhone', 'never'),
  autoAddWx: endpoint('/api/crm/autoAddWx', 'never'),
  getUsers: endpoint('/api/crm/getUsers', 'safe'),
  call: endpoint('/api/device/call', 'safe'),
  sms: endpoint('/api/device/sms', 'safe'),
  callReport: endpoint('/api/report/callReport', 'safe'),
  callDetail: endpoint('/api/report/callDetail', 'safe'),
  weChatUsers: endpoint('/api/wechat/queryWeChatUserByPage', 'safe'),
  weChatContacts: endpoint('/api/wechat/getWeContactByPage', 'safe'),
  weChatRooms: endpoint('/api/wechat/getWeChatRoomByPage', 'safe'),
  weChatRoomMembers: endpoint('/api/wechat/getWeChatRoomMemberByPage', 'safe'),
  weChatSessions: endpoint('/api/wechat/getWeChatByPage', 'safe'),
  weChatMessages: endpoint('/api/wechat/getWeMessageByPage', 'safe'),
} as const;

/** Reads are what pollers repeat; each gets the list budget. User actions are never throttled. */
const BUDGETED = new Set(Object.values(MOOR_ENDPOINTS).filter((e) => e.retry === 'safe').map((e) => e.name));

export interface MoorClientOptions {
  accountId: string;
  /** Not a secret; the client secret and tokens come from `secrets`. */
  clientId: string;
  secrets: SecretStore;
  baseUrl?: string;
  clock?: Clock;
  logger?: Logger;
  /** Per read endpoint; 7moor's 20 a minute unless a test or a tenant says otherwise. */
  rateBudget?: RateBudget;
  /** Pass one limiter to every client of the same 7moor tenant so they share its budget. */
  limiter?: RateLimiter;
  timeoutMs?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  auth?: MoorAuthTiming;
  /** Hears what the decoders could not read (the account's health panel). */
  onUndecoded?: UndecodedReport;
  /** The host's way out (the desktop app's goes through Chromium and the system proxy). */
  fetch?: typeof fetch;
}

/** One page of a list: `count` is the vendor's total across all pages. */
export interface Page<T> {
  count: number;
  items: T[];
}

export interface PageRequest {
  page: number;
  pageSize: number;
  signal?: AbortSignal;
}

/** Filters of api/device/call and api/device/sms; times are epoch ms. */
export interface DeviceRecordQuery extends PageRequest {
  imeiOrName?: string;
  /** The agent's work-phone number. */
  localTel?: string;
  /** The customer's number. */
  contactTel?: string;
  start?: number;
  end?: number;
  /** 7moor's cursor: the last row's value, to page past the page cap. */
  cfTs?: string | number;
}

export interface CallQuery extends DeviceRecordQuery {
  /** in = the customer called, out = the agent called (the doc's response table). */
  callType?: 'in' | 'out';
}

export interface SmsQuery extends DeviceRecordQuery {
  smsType?: 'in' | 'out';
}

export interface WeChatSessionQuery extends PageRequest {
  imei?: string;
  start?: number;
  end?: number;
}

export interface WeChatMessageQuery extends WeChatSessionQuery {
  chatId?: string;
  /** The agent's own WeChat number. */
  wxNo?: string;
  cfTs?: string | number;
}

export interface NewCustomer {
  name: string;
  phone: string;
  /** Other template fields (keys from getCustomerTemplate), all text. */
  fields?: Record<string, string>;
}

export class MoorClient {
  readonly auth: MoorAuth;
  private readonly http: HttpClient;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly undecoded: UndecodedRecorder;

  constructor(options: MoorClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('moor');
    this.undecoded = new UndecodedRecorder(MOOR_DECODER_VERSION, options.onUndecoded);
    const budget = options.rateBudget ?? MOOR_LIST_BUDGET;
    const limiter = options.limiter ?? new RateLimiter((key) => (BUDGETED.has(key) ? budget : undefined), this.clock);
    this.http = new HttpClient({
      vendor: 'moor',
      baseUrl: options.baseUrl ?? MOOR_DEFAULT_BASE_URL,
      limiter,
      clock: this.clock,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.auth = new MoorAuth({
      ...options.auth,
      accountId: options.accountId,
      clientId: options.clientId,
      secrets: options.secrets,
      http: this.http,
      clock: this.clock,
      logger: this.logger,
      undecoded: this.undecoded,
    });
  }

  // -------------------------------------------------------------------------------------------
  // CRM

  /** The customer fields this tenant uses, in the vendor's order; keys as addCustomer expects them. */
  async getCustomerTemplate(signal?: AbortSignal): Promise<CustomerField[]> {
    const e = MOOR_ENDPOINTS.customerTmp;
    const data = await this.send(e, undefined, signal);
    const fields = decodeCustomerTemplate(data);
    if (!fields) throw this.unreadable(e, data, 'no fieldMap');
    // A label that is not text shows as its key.
    const fieldMap = (data as { fieldMap: Record<string, unknown> }).fieldMap;
    const unread = Object.entries(fieldMap).flatMap(([key, label]) => (toText(label) === undefined ? [{ field: `fieldMap.${key}`, type: typeof label }] : []));
    if (unread.length > 0) this.undecoded.partlyReadAnswer(e.name, unread, data);
    return fields;
  }

  /** Creates a CRM customer and returns 7moor's id for it. Never retried: a repeat would create twice. */
  async addCustomer(customer: NewCustomer, signal?: AbortSignal): Promise<string> {
    const name = required(customer.name, 'name', '客户姓名', 'customer name');
    const phone = phoneNumber(customer.phone, 'phone', '客户手机号码', "customer's phone number");
    const e = MOOR_ENDPOINTS.addCustomer;
    const data = readData(AddCustomerData, await this.send(e, { ...textFields(customer.fields), name, phone }, signal), e.name, this.undecoded);
    const id = data.id ?? data._id;
    if (!id) throw unexpectedResponse(e.name, 200, 'no id for the new customer');
    return id;
  }

  async updateCustomer(id: string, fields: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const customerId = required(id, 'id', '客户ID', 'customer id');
    await this.send(MOOR_ENDPOINTS.uptCustomer, { ...textFields(fields), id: customerId }, signal);
  }

  async deleteCustomer(id: string, signal?: AbortSignal): Promise<void> {
    await this.send(MOOR_ENDPOINTS.delCustomer, { id: required(id, 'id', '客户ID', 'customer id') }, signal);
  }

  /**
   * Makes the agent's work phone (`userPhone`) call the customer (`callPhone`).
   * Never retried: a repeat would ring the customer twice.
   */
  async callPhone(input: { callPhone: string; userPhone: string }, signal?: AbortSignal): Promise<void> {
    const callPhone = phoneNumber(input.callPhone, 'callPhone', '客户号码', "customer's number");
    const userPhone = phoneNumber(input.userPhone, 'userPhone', '您的工作手机号码', 'your work-phone number');
    await this.send(MOOR_ENDPOINTS.callPhone, { callPhone, userPhone }, signal);
  }

  /** Has the agent's work phone (`userPhone`) send a WeChat friend request to `phone`. Never retried. */
  async autoAddWx(input: { phone: string; userPhone: string }, signal?: AbortSignal): Promise<void> {
    const phone = phoneNumber(input.phone, 'phone', '要添加微信的手机号码', 'phone number to add on WeChat');
    const userPhone = phoneNumber(input.userPhone, 'userPhone', '您的工作手机号码', 'your work-phone number');
    await this.send(MOOR_ENDPOINTS.autoAddWx, { phone, userPhone }, signal);
  }

  async getAgents(signal?: AbortSignal): Promise<Agent[]> {
    const e = MOOR_ENDPOINTS.getUsers;
    const data = readData(AgentListData, await this.send(e, undefined, signal), e.name, this.undecoded);
    return this.readRows(e, data.list, MOOR_AGENT_READER);
  }

  // -------------------------------------------------------------------------------------------
  // Work-phone calls, SMS and call statistics

  /** Calls; one whose fields could not all be read carries its gaps. */
  async listCalls(query: CallQuery): Promise<Page<WithGaps<CallRecord>>> {
    const body = { ...deviceFilters(query), ...(query.callType ? { callType: query.callType } : {}) };
    return this.page(MOOR_ENDPOINTS.call, query, body, 500, MOOR_CALL_READER);
  }

  async listSms(query: SmsQuery): Promise<Page<WithGaps<SmsRecord>>> {
    const body = { ...deviceFilters(query), ...(query.smsType ? { smsType: query.smsType } : {}) };
    return this.page(MOOR_ENDPOINTS.sms, query, body, 500, MOOR_SMS_READER);
  }

  async getCallReport(agentId: string, signal?: AbortSignal): Promise<CallReport> {
    const e = MOOR_ENDPOINTS.callReport;
    const data = await this.send(e, { agentId: required(agentId, 'agentId', '座席ID', 'agent id') }, signal);
    const report = decodeCallReport(data);
    if (!report) throw this.unreadable(e, data, 'no report');
    this.undecoded.answerFields(e.name, CallReportData, data);
    return report;
  }

  async getCallDetail(agentId: string, timeSet: CallDetailPeriod = 'today', signal?: AbortSignal): Promise<CallDetail> {
    const e = MOOR_ENDPOINTS.callDetail;
    const body = { agentId: required(agentId, 'agentId', '座席ID', 'agent id'), timeSet };
    const data = await this.send(e, body, signal);
    const detail = decodeCallDetail(data);
    if (!detail) throw this.unreadable(e, data, 'no call detail');
    // Day rows that are not objects, or carry no date, are left out of the chart.
    const skipped = CallDetailData.parse(data).list.length - detail.days.length;
    if (skipped > 0) this.undecoded.partlyReadAnswer(e.name, [{ field: 'list', type: `${skipped} unreadable day row(s)` }], data);
    else this.undecoded.answerFields(e.name, CallDetailData, data);
    return detail;
  }

  // -------------------------------------------------------------------------------------------
  // WeChat on the work phones (read-only: 7moor has no send API)

  async listWeChatAccounts(query: PageRequest): Promise<Page<WeChatAccount>> {
    return this.weChatPage(MOOR_ENDPOINTS.weChatUsers, query, {}, MOOR_WECHAT_ACCOUNT_READER);
  }

  async listWeChatContacts(query: PageRequest & { cfTs?: string | number }): Promise<Page<WeChatContact>> {
    return this.weChatPage(MOOR_ENDPOINTS.weChatContacts, query, cursor(query.cfTs), MOOR_CONTACT_READER);
  }

  async listWeChatGroups(query: PageRequest): Promise<Page<WeChatGroup>> {
    return this.weChatPage(MOOR_ENDPOINTS.weChatRooms, query, {}, MOOR_GROUP_READER);
  }

  async listWeChatGroupMembers(query: PageRequest & { chatRoomId: string }): Promise<Page<WeChatGroupMember>> {
    const chatRoomId = required(query.chatRoomId, 'chatRoomId', '群ID', 'group id');
    return this.weChatPage(MOOR_ENDPOINTS.weChatRoomMembers, query, { chatRoomId }, MOOR_GROUP_MEMBER_READER);
  }

  async listWeChatSessions(query: WeChatSessionQuery): Promise<Page<WeChatSession>> {
    return this.weChatPage(MOOR_ENDPOINTS.weChatSessions, query, { ...optionalText({ imei: query.imei }), ...timeRange(query) }, MOOR_SESSION_READER);
  }

  /** Messages decode to unified records; a row that cannot be decoded is kept as kind 'unknown', with its gaps. */
  async listWeChatMessages(query: WeChatMessageQuery, context: MessageDecodeContext = {}): Promise<Page<DecodedMessage>> {
    const body = { ...optionalText({ chatId: query.chatId, wxNo: query.wxNo, imei: query.imei }), ...timeRange(query), ...cursor(query.cfTs) };
    return this.weChatPage(MOOR_ENDPOINTS.weChatMessages, query, body, moorMessageReader(context));
  }

  // -------------------------------------------------------------------------------------------

  /** WeChat lists take page 1–500 and pageSize 1–100 (doc); checked before anything is sent. */
  private weChatPage<T extends object>(e: Endpoint, query: PageRequest, body: Record<string, unknown>, reader: RowReader<T>): Promise<Page<WithGaps<T>>> {
    if (!Number.isInteger(query.page) || query.page < 1 || query.page > 500) {
      throw invalid('page', '页码必须在 1 到 500 之间', 'page must be between 1 and 500');
    }
    return this.page(e, query, body, 100, reader);
  }

  private async page<T extends object>(
    e: Endpoint,
    query: PageRequest,
    body: Record<string, unknown>,
    maxPageSize: number,
    reader: RowReader<T>,
  ): Promise<Page<WithGaps<T>>> {
    if (!Number.isInteger(query.page) || query.page < 1) throw invalid('page', '页码必须是正整数', 'page must be a positive whole number');
    if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > maxPageSize) {
      throw invalid('pageSize', `每页条数必须在 1 到 ${maxPageSize} 之间`, `pageSize must be between 1 and ${maxPageSize}`);
    }
    const data = readData(PagedData, await this.send(e, { page: query.page, pageSize: query.pageSize, ...body }, query.signal), e.name, this.undecoded);
    const items = this.readRows(e, data.list, reader);
    return { count: data.count !== undefined && data.count >= 0 ? Math.round(data.count) : items.length, items };
  }

  /** Rows that cannot become records are reported (kept in the health panel), not returned. */
  private readRows<T extends object>(e: Endpoint, rows: unknown[], reader: RowReader<T>): WithGaps<T>[] {
    const items = this.undecoded.rows(e.name, reader, rows);
    const skipped = rows.length - items.length;
    if (skipped > 0) this.logger.warn('kept rows that are not objects aside', { endpoint: e.name, skipped });
    return items;
  }

  /** An answer without what the endpoint promises: kept for the health panel, then a VENDOR error. */
  private unreadable(e: Endpoint, data: unknown, what: string) {
    this.undecoded.unreadableAnswer(e.name, payloadText(data), what);
    return unexpectedResponse(e.name, 200, what);
  }

  /**
   * One API call with the current token. A "token invalid" answer means 7moor dropped the token
   * before we expected: refresh once and try once more. That repeat is safe even for dialing,
   * because 7moor refused before acting.
   */
  private async send(e: Endpoint, body: Record<string, unknown> | undefined, signal?: AbortSignal): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.auth.getAccessToken();
      try {
        return await callMoor(this.http, {
          endpoint: e.name,
          path: e.path,
          json: body ?? {},
          retry: e.retry,
          query: (): Record<string, QueryValue> => ({ timestamp: this.clock.now(), accessToken: token }),
          ...(signal ? { signal } : {}),
          undecoded: this.undecoded,
        });
      } catch (error) {
        if (attempt > 0 || !isTokenRejection(error)) throw error;
        this.logger.info('7moor refused the access token; refreshing once', { endpoint: e.name });
        this.auth.invalidate(token);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Building request bodies

function invalid(field: string, zh: string, en: string) {
  return appError('VALIDATION', zh, en, { field });
}

function required(value: string | undefined, field: string, zh: string, en: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed) throw invalid(field, `请填写${zh}`, `The ${en} is missing`);
  return trimmed;
}

/** Digits with the usual separators and an optional +; what the service normalised. */
function phoneNumber(value: string | undefined, field: string, zh: string, en: string): string {
  const phone = required(value, field, zh, en).replace(/[\s-]/g, '');
  if (!/^\+?\d{3,20}$/.test(phone)) throw invalid(field, `${zh}格式不正确`, `The ${en} is not a phone number`);
  return phone;
}

/** CRM fields are all text for 7moor; a non-text value is a form bug, not something to send. */
function textFields(fields: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (typeof value !== 'string') throw invalid(key, `字段“${key}”必须是文本`, `Field "${key}" must be text`);
    out[key] = value;
  }
  return out;
}

function optionalText(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value.trim() !== '') out[key] = value.trim();
  return out;
}

/** start/end go as China-local "yyyy-MM-dd HH:mm:ss", the format the doc shows. */
function timeRange(query: { start?: number; end?: number }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['start', 'end'] as const) {
    const value = query[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value)) throw invalid(key, '时间不正确', `${key} is not a valid time`);
    out[key] = epochMsToChinaLocal(value);
  }
  if (query.start !== undefined && query.end !== undefined && query.end < query.start) {
    throw invalid('end', '结束时间不能早于开始时间', 'The end time is before the start time');
  }
  return out;
}

function cursor(cfTs: string | number | undefined): Record<string, string | number> {
  return cfTs === undefined || cfTs === '' ? {} : { cfTs };
}

function deviceFilters(query: DeviceRecordQuery): Record<string, unknown> {
  return {
    ...optionalText({ imeiOrName: query.imeiOrName, localTel: query.localTel, contactTel: query.contactTel }),
    ...timeRange(query),
    ...cursor(query.cfTs),
  };
}

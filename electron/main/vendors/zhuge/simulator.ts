// A Zhuge radar 公众号 chat server on 127.0.0.1 that behaves like the vendor's backend
// (zhugeleida/views_dir/gongzhonghao/chat.py + publicFunc/account.py): HTTP 200 with the verdict
// in `code`, rand_str checked against md5(timestamp + customer token), Django form errors as
// 402 (302 on query_num), China-local dateTime strings, and destructive reads: getmsg returns
// only unread rows and marks them read; the paged history marks the whole conversation read.
// For tests and the demo workspace; never for production traffic.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildZhugeDemoData, type ZhugeDemoCustomer, type ZhugeDemoData, type ZhugeStoredMessage } from './demo-data';
import { zhugeRandStr } from './sign';
import { ZHUGE_PATHS } from './wire';

export type ZhugeSimEndpoint = 'send_msg' | 'getmsg' | 'chat' | 'query_num';

export interface ZhugeFault {
  /** 5xx: an HTML error page; delay: answer late; malformed: a cut-off body; code: a vendor code; drop: close the socket. */
  kind: '5xx' | 'delay' | 'malformed' | 'code' | 'drop';
  /** How many requests it hits (default 1). */
  times?: number;
  /** For 'delay'; default 1000. */
  delayMs?: number;
  /** For '5xx'; default 502. */
  status?: number;
  /** For 'code': the envelope to answer (default 402 / "请求异常"). */
  code?: number;
  msg?: string;
  data?: unknown;
  /** For 'drop': do the work first (mark rows read, store the message), then drop the answer. */
  afterHandling?: boolean;
}

export interface ZhugeRequestLogEntry {
  method: string;
  endpoint: ZhugeSimEndpoint | 'other';
  path: string;
  /** As received, rand_str included: this log is the fake vendor's, it never reaches the app's logs. */
  query: Record<string, string>;
  form?: Record<string, string>;
  signatureOk: boolean;
  /** 0 when the connection was dropped. */
  httpStatus: number;
  vendorCode?: number;
}

export interface ZhugeSimulatorOptions {
  /** Defaults to the seeded demo data around `now()`. */
  data?: ZhugeDemoData;
  seed?: number;
  now?: () => number;
  /** What data_count means on the paged history: page length (doc, notes; default) or the chat's total (current source). */
  historyDataCount?: 'page' | 'total';
}

export interface ZhugeAccountCredentials {
  baseUrl: string;
  customerId: number;
  radarUserId: number;
  token: string;
}

export interface ZhugeSimulator {
  url: string;
  data: ZhugeDemoData;
  /** A customer writes to the radar user (send_type 2), unread. */
  appendInbound(input: ZhugeAppendInput): ZhugeStoredMessage;
  /** The radar user answers (send_type 1), unread for the customer. */
  appendAgentReply(input: ZhugeAppendInput): ZhugeStoredMessage;
  injectFault(endpoint: ZhugeSimEndpoint, fault: ZhugeFault): void;
  clearFaults(): void;
  requests(): readonly ZhugeRequestLogEntry[];
  clearRequests(): void;
  /** A copy of the stored rows, oldest first. */
  messages(customerId?: number): ZhugeStoredMessage[];
  unreadCount(customerId: number): number;
  /** What an app account needs to talk to this simulator as the given customer. */
  account(customerId: number): ZhugeAccountCredentials;
  close(): Promise<void>;
}

export interface ZhugeAppendInput {
  customerId: number;
  radarUserId?: number;
  content: Record<string, unknown>;
  at?: number;
}

interface Answer {
  status: number;
  body: string;
  contentType?: string;
  vendorCode?: number;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Django's DjangoJSONEncoder on a naive China-time datetime: milliseconds, or none when zero. */
export function formatChinaLocal(at: number): string {
  const iso = new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 23);
  return iso.endsWith('.000') ? iso.slice(0, 19) : iso;
}

function envelope(code: number, msg: string, data: unknown = {}): Answer {
  return { status: 200, body: JSON.stringify({ code, msg, data, note: {} }), vendorCode: code, contentType: 'application/json' };
}

type FieldErrors = Record<string, { message: string; code: string }[]>;

/** Django's IntegerField: required, then int(); returns the value or records the error. */
function intField(source: URLSearchParams, name: string, required: boolean, invalid: string, errors: FieldErrors): number | undefined {
  const value = source.get(name);
  if (value === null || value === '') {
    if (required) errors[name] = [{ message: 'This field is required.', code: 'required' }];
    return undefined;
  }
  if (!/^\s*-?\d+\s*$/.test(value)) {
    errors[name] = [{ message: invalid, code: 'invalid' }];
    return undefined;
  }
  return Number(value);
}

const ENDPOINT_BY_PATH = new Map<string, ZhugeSimEndpoint>([
  [`/${ZHUGE_PATHS.sendMessage}`, 'send_msg'],
  [`/${ZHUGE_PATHS.latest}`, 'getmsg'],
  [`/${ZHUGE_PATHS.history}`, 'chat'],
  [`/${ZHUGE_PATHS.unreadCount}`, 'query_num'],
]);
const CHAT_OPER = /^\/zhugeleida\/gongzhonghao\/chat\/\w+\/\d+$/;

export async function startZhugeSimulator(options: ZhugeSimulatorOptions = {}): Promise<ZhugeSimulator> {
  const now = options.now ?? (() => Date.now());
  const data = options.data ?? buildZhugeDemoData({ now: now(), ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const customers = new Map<number, ZhugeDemoCustomer>(data.customers.map((c) => [c.id, c]));
  const users = new Map(data.radarUsers.map((u) => [u.id, u]));
  // Insertion order is the row id; it breaks ties between rows of the same millisecond.
  const rows: ZhugeStoredMessage[] = [...data.messages].sort((a, b) => a.at - b.at);
  const faults = new Map<ZhugeSimEndpoint, ZhugeFault[]>();
  const log: ZhugeRequestLogEntry[] = [];
  let url = '';

  // Ordered by create_date like the vendor; sort is stable, so same-millisecond rows keep row-id order.
  const conversation = (customerId: number, radarUserId: number) =>
    rows.filter((r) => r.customerId === customerId && r.radarUserId === radarUserId).sort((a, b) => a.at - b.at);

  function rowFor(row: ZhugeStoredMessage, shape: 'latest' | 'history', firstRow: ZhugeStoredMessage | undefined): Record<string, unknown> {
    const customer = customers.get(row.customerId);
    const user = users.get(row.radarUserId);
    const common = {
      customer_id: row.customerId,
      user_id: row.radarUserId,
      customer: customer?.name ?? '',
      customer_headimgurl: customer?.headimgurl ?? '',
      dateTime: formatChinaLocal(row.at),
      send_type: row.sendType,
      is_first_info: shape === 'history' && row === firstRow,
    };
    // getmsg spells the agent's avatar "user_avator" in the doc's version; the history "user_avatar"
    // and also carries from_user_name. Content fields are merged last, as the server does.
    const avatar = shape === 'latest' ? { user_avator: user?.avatar ?? '' } : { user_avatar: user?.avatar ?? '', from_user_name: customer?.name ?? '' };
    return { ...common, ...avatar, ...row.content };
  }

  function handleLatest(query: URLSearchParams, customerId: number): Answer {
    const errors: FieldErrors = {};
    const uId = intField(query, 'u_id', true, '用户ID不能为空', errors);
    if (uId === undefined) return envelope(402, '请求异常', errors);
    const unread = conversation(customerId, uId).filter((r) => r.unread);
    const ret = unread.map((r) => rowFor(r, 'latest', undefined));
    for (const r of unread) r.unread = false;
    return envelope(200, ret.length ? '实时获取-最新聊天信息成功' : '没有得到实时聊天信息', { ret_data: ret, data_count: ret.length });
  }

  function handleHistory(query: URLSearchParams, customerId: number): Answer {
    const errors: FieldErrors = {};
    const uId = intField(query, 'u_id', true, '用户ID不能为空', errors);
    const page = intField(query, 'current_page', false, '页码数据类型错误', errors) ?? 1;
    const length = intField(query, 'length', false, '页显示数量类型错误', errors) ?? 20;
    if (uId !== undefined && !users.has(uId)) errors.u_id = [{ message: '用户名不存在', code: '' }];
    if (uId === undefined || Object.keys(errors).length > 0) return envelope(402, '请求异常', errors);
    const all = conversation(customerId, uId);
    const first = all[0];
    for (const r of all) r.unread = false;
    const newestFirst = [...all].reverse();
    const slice = length === 0 ? newestFirst : newestFirst.slice((page - 1) * length, page * length);
    const ret = slice.reverse().map((r) => rowFor(r, 'history', first));
    const user = users.get(uId);
    return envelope(200, '分页获取-全部聊天消息成功', {
      ret_data: ret,
      mingpian_phone: user?.mingpianPhone ?? '',
      wechat: user?.wechat ?? '',
      data_count: options.historyDataCount === 'total' ? all.length : ret.length,
    });
  }

  function handleCount(query: URLSearchParams, customerId: number): Answer {
    const errors: FieldErrors = {};
    const uId = intField(query, 'u_id', true, '用户ID不能为空', errors);
    if (uId === undefined) return envelope(302, '请求异常', errors);
    const count = conversation(customerId, uId).filter((r) => r.sendType === 1 && r.unread).length;
    return envelope(200, '查询成功', { chatinfo_count: count });
  }

  function handleSend(form: URLSearchParams, customerId: number): Answer {
    const errors: FieldErrors = {};
    const uId = intField(form, 'u_id', true, '用户ID不能为空', errors);
    intField(form, 'send_type', true, '发送类型不能为空', errors);
    const raw = form.get('content');
    if (!raw) errors.content = [{ message: '消息不能为空', code: 'required' }];
    if (uId === undefined || !raw || Object.keys(errors).length > 0) return envelope(402, '请求异常', errors);
    let content: unknown;
    try {
      content = JSON.parse(raw);
    } catch {
      // json.loads raises inside the view: Django's plain 500 page.
      return { status: 500, body: '<h1>Server Error (500)</h1>', contentType: 'text/html' };
    }
    if (!content || typeof content !== 'object' || Array.isArray(content)) return { status: 500, body: '<h1>Server Error (500)</h1>', contentType: 'text/html' };
    append({ customerId, radarUserId: uId, content: content as Record<string, unknown> }, 2);
    return envelope(200, 'send msg successful');
  }

  function append(input: ZhugeAppendInput, sendType: 1 | 2): ZhugeStoredMessage {
    const row: ZhugeStoredMessage = {
      customerId: input.customerId,
      radarUserId: input.radarUserId ?? data.radarUsers[0]?.id ?? 1,
      sendType,
      content: { ...input.content },
      at: input.at ?? now(),
      unread: true,
    };
    rows.push(row);
    return row;
  }

  function takeFault(endpoint: ZhugeSimEndpoint | 'other'): ZhugeFault | undefined {
    if (endpoint === 'other') return undefined;
    const list = faults.get(endpoint);
    const fault = list?.[0];
    if (!fault || !list) return undefined;
    const left = (fault.times ?? 1) - 1;
    if (left <= 0) list.shift();
    else list[0] = { ...fault, times: left };
    return fault;
  }

  function route(method: string, endpoint: ZhugeSimEndpoint | 'other', pathname: string, query: URLSearchParams, form: URLSearchParams): { answer: Answer; signatureOk: boolean } {
    if (endpoint === 'other' && !CHAT_OPER.test(pathname)) return { answer: { status: 404, body: '<h1>Not Found</h1>', contentType: 'text/html' }, signatureOk: false };
    // publicFunc.account.is_token: the customer named by user_id, md5(timestamp + token) == rand_str.
    const customerId = Number(query.get('user_id'));
    const customer = /^\d+$/.test(query.get('user_id') ?? '') ? customers.get(customerId) : undefined;
    const signatureOk = !!customer && zhugeRandStr(query.get('timestamp') ?? '', customer.token) === query.get('rand_str');
    if (!signatureOk) return { answer: envelope(400, 'token异常'), signatureOk };
    if (endpoint === 'chat' && method === 'GET') return { answer: handleHistory(query, customerId), signatureOk };
    if (endpoint === 'getmsg' && method === 'GET') return { answer: handleLatest(query, customerId), signatureOk };
    if (endpoint === 'query_num' && method === 'GET') return { answer: handleCount(query, customerId), signatureOk };
    if (endpoint === 'send_msg' && method === 'POST') return { answer: handleSend(form, customerId), signatureOk };
    return { answer: envelope(402, '请求异常'), signatureOk };
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const endpoint = ENDPOINT_BY_PATH.get(parsed.pathname) ?? 'other';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const form = new URLSearchParams(method === 'POST' ? bodyText : '');
    const entry: ZhugeRequestLogEntry = {
      method,
      endpoint,
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      ...(method === 'POST' ? { form: Object.fromEntries(form) } : {}),
      signatureOk: false,
      httpStatus: 0,
    };
    log.push(entry);

    const fault = takeFault(endpoint);
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
    if (fault?.kind === 'drop') {
      if (fault.afterHandling) entry.signatureOk = route(method, endpoint, parsed.pathname, parsed.searchParams, form).signatureOk;
      req.socket.destroy();
      return;
    }
    let answer: Answer;
    if (fault?.kind === '5xx') {
      answer = { status: fault.status ?? 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' };
    } else if (fault?.kind === 'malformed') {
      answer = { status: 200, body: '{"code": 200, "msg": "实时获取-最新聊天信息成功", "data": {"ret_data": [{"customer_id"', contentType: 'application/json' };
    } else if (fault?.kind === 'code') {
      answer = envelope(fault.code ?? 402, fault.msg ?? '请求异常', fault.data ?? {});
    } else {
      const routed = route(method, endpoint, parsed.pathname, parsed.searchParams, form);
      entry.signatureOk = routed.signatureOk;
      answer = routed.answer;
    }
    entry.httpStatus = answer.status;
    if (answer.vendorCode !== undefined) entry.vendorCode = answer.vendorCode;
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': `${answer.contentType ?? 'application/json'}; charset=utf-8` });
    res.end(answer.body);
  }

  const server: Server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<h1>Server Error (500)</h1>');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    data,
    appendInbound: (input) => append(input, 2),
    appendAgentReply: (input) => append(input, 1),
    injectFault: (endpoint, fault) => {
      faults.set(endpoint, [...(faults.get(endpoint) ?? []), fault]);
    },
    clearFaults: () => faults.clear(),
    requests: () => log,
    clearRequests: () => {
      log.length = 0;
    },
    messages: (customerId) => rows.filter((r) => customerId === undefined || r.customerId === customerId).map((r) => ({ ...r, content: { ...r.content } })),
    unreadCount: (customerId) => rows.filter((r) => r.customerId === customerId && r.unread).length,
    account: (customerId) => {
      const customer = customers.get(customerId);
      if (!customer) throw new Error(`no demo customer ${customerId}`);
      return { baseUrl: url, customerId, radarUserId: data.radarUsers[0]?.id ?? 1, token: customer.token };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A Youmi server on 127.0.0.1 for tests and the demo workspace: v1 ChatMess GET/POST and v2
// GetChat/doSendPublicMes with the docs' envelopes, the seeded demo store seen through both
// versions, live inbound traffic, faults per endpoint, and a record of every send received.
//
// Choices where the docs are silent (documented in docs/vendors.md (Youmi)):
// - v1 wrong token: HTTP 200 {succeed:false, errmsg:10001, values:"access_token无效或已过期"};
//   v2 wrong or missing Bearer: HTTP 401 with an empty body, as an ASP.NET bearer handler answers.
// - v1 lists newest first; v2 GetChat oldest first (ascending ad_chatting_id), pageIndex 1-based.
// - page sizes above `pageSizeCap` (500) are cut to it.
// - a repeated v1 taskId answers success again and creates no second message.
// - outgoing video comes back as type 43 (not in the doc's table), qvcard/gzh as 1001,
//   rebpacket as 4362, returnmoney as a 10000 system notice.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildYoumiDemoStore, type YoumiFan } from './demo-data';
import { avatarUrl, SeededRandom, wireRow, type OperatorAccount, type SampleContent } from './samples';
import type { YoumiWireRow } from './wire';

export type YoumiSimEndpoint = 'v1.list' | 'v1.send' | 'v2.getChat' | 'v2.send' | 'media';

export interface YoumiFault {
  kind: '5xx' | 'delay' | 'malformed' | 'succeedFalse' | 'drop';
  /** How many requests it hits (default 1). */
  times?: number;
  /** For 'delay' (default 3000 ms). */
  delayMs?: number;
  /** For '5xx' (default 502). */
  status?: number;
  /** Sends only: do the work, then lose the answer — the case idempotency exists for. */
  afterAction?: boolean;
}

export interface YoumiSimulatorOptions {
  token?: string;
  /** When set, a TenantId header that is present must equal it. */
  tenantId?: string;
  seed?: number;
  /** Seed the 30-day demo store (default true). */
  demo?: boolean;
  /** End of the demo's 30 days (default: now). */
  nowMs?: number;
  now?: () => number;
  /** Answer v1 lists as `values: { rows: [...] }`, the shape the v1 doc's `values: {[ ... ]}` hints at. */
  v1ValuesWrapped?: boolean;
  pageSizeCap?: number;
  /**
   * The operating accounts whose records v1's ChatMess returns to this token (default: all). A
   * tenant can give the token v2 access while its v1 records cover other accounts or none: then
   * v1's all-records feed names no conversation of the followed accounts.
   */
  v1Scope?: readonly number[];
  /** Send `ad_wechat_id` as text ("1906"), as the v2 send API types it, instead of an integer. */
  wechatIdsAsText?: boolean;
}

export interface YoumiInbound {
  wechatId: number;
  fansKey: string;
  type: number;
  content: string;
  /** An object is URL-encoded as the vendor does; a string is stored as given. */
  resvred?: Record<string, unknown> | string | null;
  voiceText?: string | null;
  atMs?: number;
  /** Name of a fan not yet known to the store. */
  fanName?: string;
  /** Avatar address of a fan not yet known to the store (default: a seeded https picture). */
  fanPhoto?: string;
}

export interface V1TaskRecord {
  taskId: string;
  body: Record<string, unknown>;
  /** How many times this taskId arrived; only the first made a message. */
  submissions: number;
  rowIds: number[];
}

export interface V2SendRecord {
  taskId: string;
  body: Record<string, unknown>;
  rowIds: number[];
}

export interface YoumiSimulator {
  url: string;
  token: string;
  merchantId: string;
  operators: readonly OperatorAccount[];
  fans(): readonly YoumiFan[];
  rows(): readonly YoumiWireRow[];
  appendInbound(input: YoumiInbound): YoumiWireRow;
  injectFault(endpoint: YoumiSimEndpoint, fault: YoumiFault): void;
  clearFaults(): void;
  v1Tasks(): V1TaskRecord[];
  v2Sends(): V2SendRecord[];
  requestCount(endpoint: YoumiSimEndpoint): number;
  /** The last request to the endpoint as received: path with query, headers, body text. */
  lastRequest(endpoint: YoumiSimEndpoint): SimRequest | undefined;
  /** A URL of dummy media of the given size; `mode` makes the server awkward in the ways real ones are. */
  mediaUrl(name: string, sizeBytes: number, mode?: 'normal' | 'noHead' | 'noLength' | 'missing'): string;
  setToken(token: string): void;
  /** Which operating accounts v1's records cover from now on; undefined = all. */
  setV1Scope(wechatIds: readonly number[] | undefined): void;
  close(): Promise<void>;
}

export interface SimRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status: number;
  json?: unknown;
}

const V2_MSG_TYPES = new Set(['text', 'image', 'video', 'file', 'link', 'card', 'qvcard', 'mp', 'gzh', 'rebpacket', 'returnmoney', 'forward', 'batch']);

export async function startYoumiSimulator(options: YoumiSimulatorOptions = {}): Promise<YoumiSimulator> {
  const now = options.now ?? (() => Date.now());
  const rng = new SeededRandom((options.seed ?? 20260101) ^ 0x5a5a);
  const pageSizeCap = options.pageSizeCap ?? 500;
  let token = options.token ?? 'ym-sim-token-7f3a9c2e41b8';
  let v1Scope = options.v1Scope;
  const seed = buildYoumiDemoStore({ nowMs: options.nowMs ?? now(), ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const operators = seed.operators;
  const fans: YoumiFan[] = [...seed.fans];
  const rows: YoumiWireRow[] = options.demo === false ? [] : [...seed.rows];
  let nextChattingId = (rows[rows.length - 1]?.ad_chatting_id ?? 100_000) + 1;
  const takeovers = new Map<string, { wechatId: number; fansKey: string }>();
  for (const row of rows) noteTakeover(row);
  const v1Tasks = new Map<string, V1TaskRecord>();
  const v2Sends: V2SendRecord[] = [];
  const faults = new Map<YoumiSimEndpoint, YoumiFault[]>();
  const counts = new Map<YoumiSimEndpoint, number>();
  const lastRequests = new Map<YoumiSimEndpoint, SimRequest>();
  let taskSeq = 0;

  function noteTakeover(row: YoumiWireRow): void {
    if (row.ad_chatting_sate !== 12001 || !row.ad_chatting_resvred) return;
    try {
      const key = (JSON.parse(decodeURIComponent(row.ad_chatting_resvred.replace(/\+/g, ' '))) as { key?: unknown }).key;
      if (typeof key === 'string') takeovers.set(key, { wechatId: row.ad_wechat_id, fansKey: row.ad_chatting_talter });
    } catch {
      // Not a takeover we can address; the row still stands.
    }
  }

  function findFan(wechatId: number, fansKey: string): YoumiFan | undefined {
    return fans.find((f) => f.wechatId === wechatId && f.wxid === fansKey);
  }

  function addRow(fan: YoumiFan, outbound: boolean, sample: Pick<SampleContent, 'type' | 'content' | 'resvred' | 'voiceText'>, atMs = now(), rawResvred?: string | null): YoumiWireRow {
    const operator = operators.find((o) => o.wechatId === fan.wechatId) ?? operators[0]!;
    // Rows added while running are our own API sends (recorded under the token's staff) or inbound.
    const row = wireRow({ chattingId: nextChattingId++, fan, operator, atMs, sample, outbound, merchantId: seed.merchantId, rng, staffCode: operator.staffCode });
    if (rawResvred !== undefined) row.ad_chatting_resvred = rawResvred;
    rows.push(row);
    noteTakeover(row);
    return row;
  }

  // ---------------------------------------------------------------------------------------------
  // v1

  function v1Refusal(reason: string, errmsg = 10002): Answer {
    return { status: 200, json: { MsgTime: v1Clock(now()), errmsg, succeed: false, values: reason } };
  }

  function v1List(url: URL): Answer {
    const q = url.searchParams;
    const page = intParam(q.get('page'), 1);
    const pageSize = intParam(q.get('pagesize'), 20);
    if (page === undefined || page < 1) return v1Refusal('参数错误：page');
    if (pageSize === undefined || pageSize < 1) return v1Refusal('参数错误：pagesize');
    const start = dateParam(q.get('startDate'));
    const end = dateParam(q.get('endDate'));
    if (start === null || end === null) return v1Refusal('日期格式错误：startDate/endDate');
    const friend = q.get('ad_friend_wenober') || undefined;
    const wechatId = q.get('ad_wechat_id') || undefined;
    const matching = rows
      .filter((r) => v1Scope === undefined || v1Scope.includes(r.ad_wechat_id))
      .filter((r) => (friend === undefined || r.ad_chatting_talter === friend) && (wechatId === undefined || String(r.ad_wechat_id) === wechatId))
      .filter((r) => {
        const at = Number(r.ad_chatting_time) * 1000;
        return (start === undefined || at >= start) && (end === undefined || at <= end);
      })
      .sort((a, b) => Number(b.ad_chatting_time) - Number(a.ad_chatting_time) || (b.ad_chatting_id ?? 0) - (a.ad_chatting_id ?? 0));
    const size = Math.min(pageSize, pageSizeCap);
    const pageRows = matching.slice((page - 1) * size, page * size).map((r) => wireIds(v1View(r)));
    return { status: 200, json: { MsgTime: v1Clock(now()), errmsg: 10004, succeed: true, values: options.v1ValuesWrapped ? { rows: pageRows } : pageRows } };
  }

  function v1Send(body: unknown): Answer {
    if (!isObject(body)) return v1Refusal('请求参数错误');
    const taskId = typeof body.taskId === 'string' || typeof body.taskId === 'number' ? String(body.taskId).trim() : '';
    if (!taskId) return v1Refusal('taskId不能为空');
    const existing = v1Tasks.get(taskId);
    if (existing) {
      existing.submissions++;
      return v1Submitted();
    }
    const taskType = intParam(body.taskType, undefined);
    if (taskType === undefined || taskType < 0 || taskType > 3) return v1Refusal('taskType错误');
    const content = typeof body.taskContent === 'string' ? body.taskContent : '';
    if (!content.trim()) return v1Refusal('taskContent不能为空');
    if (taskType > 0 && !/^https?:\/\//i.test(content)) return v1Refusal('taskContent必须是可下载的url');
    const operator = operators.find((o) => o.wxNo === body.ad_original_nober);
    if (!operator) return v1Refusal('运营机原始微信号不存在');
    const friendId = intParam(body.ad_friend_id, undefined);
    const fan = fans.find((f) => f.wechatId === operator.wechatId && f.wxid === body.originalWeChatId && f.friendId === friendId);
    if (!fan) return v1Refusal('好友不存在');
    const remark = typeof body.taskRemark === 'string' ? body.taskRemark : undefined;
    const sample = [
      () => text(content),
      () => media(3, 'imgs'),
      () => ({ ...media(496, 'file'), resvred: { title: remark ?? '', totalLen: 0, url: content } }),
      () => ({ ...media(43, 'video'), resvred: { title: remark ?? '', url: content } }),
    ][taskType]!();
    const row = addRow(fan, true, sample);
    v1Tasks.set(taskId, { taskId, body, submissions: 1, rowIds: [row.ad_chatting_id!] });
    return v1Submitted();
  }

  function v1Submitted(): Answer {
    return { status: 200, json: { errmsg: 10004, succeed: true, msgTime: isoClock(now()), values: '提交成功' } };
  }

  // ---------------------------------------------------------------------------------------------
  // v2

  function v2Answer(values: unknown, requestId: string | null = null): Answer {
    return { status: 200, json: { requestId, errmsg: 0, succeed: true, msgTime: isoClock(now()), values, errdesc: null } };
  }

  function v2Refusal(errdesc: string, errmsg = 10002): Answer {
    return { status: 200, json: { requestId: null, errmsg, succeed: false, msgTime: isoClock(now()), values: null, errdesc } };
  }

  function v2GetChat(body: unknown): Answer {
    if (!isObject(body)) return v2Refusal('请求参数错误');
    const fansKey = typeof body.fansKey === 'string' ? body.fansKey.trim() : '';
    if (!fansKey) return v2Refusal('fansKey不能为空');
    const wechatId = intParam(body.wechatId, undefined);
    if (wechatId === undefined) return v2Refusal('wechatId不能为空');
    const pageSize = intParam(body.pageSize, undefined);
    const pageIndex = intParam(body.pageIndex, undefined);
    if (pageSize === undefined || pageSize < 1) return v2Refusal('pageSize错误');
    if (pageIndex === undefined || pageIndex < 0) return v2Refusal('pageIndex错误');
    const from = intParam(body.startTimestamp, 0) || undefined;
    const to = intParam(body.endTimestamp, 0) || undefined;
    const minId = intParam(body.minChattingId, 0) ?? 0;
    const wechatKey = typeof body.wechatKey === 'string' && body.wechatKey !== '' ? body.wechatKey : undefined;
    const operator = operators.find((o) => o.wechatId === wechatId);
    if (wechatKey !== undefined && operator?.wxNo !== wechatKey) return v2Answer([]);
    const size = Math.min(pageSize, pageSizeCap);
    const index = Math.max(1, pageIndex);
    const matching = rows.filter((r) => {
      const at = Number(r.ad_chatting_time);
      return r.ad_wechat_id === wechatId && r.ad_chatting_talter === fansKey && (r.ad_chatting_id ?? 0) > minId && (from === undefined || at >= from) && (to === undefined || at <= to);
    });
    return v2Answer(matching.slice((index - 1) * size, index * size).map(wireIds));
  }

  function wireIds<R extends { ad_wechat_id: number }>(row: R): R | (Omit<R, 'ad_wechat_id'> & { ad_wechat_id: string }) {
    return options.wechatIdsAsText ? { ...row, ad_wechat_id: String(row.ad_wechat_id) } : row;
  }

  function v2Send(body: unknown): Answer {
    if (!isObject(body)) return v2Refusal('请求参数错误');
    const relation = intParam(body.RelationType, undefined);
    if (relation === undefined || relation < 0 || relation > 3) return v2Refusal('RelationType错误');
    const msgType = typeof body.MsgType === 'string' ? body.MsgType : '';
    if (!V2_MSG_TYPES.has(msgType)) return v2Refusal(`不支持的消息类型:${msgType}`);
    let fan: YoumiFan | undefined;
    if (typeof body.TakeOverKey === 'string' && body.TakeOverKey !== '') {
      const target = takeovers.get(body.TakeOverKey);
      if (!target) return v2Refusal('接管标识无效');
      fan = findFan(target.wechatId, target.fansKey);
    } else {
      const wechatId = intParam(body.WechatId, undefined);
      if (wechatId === undefined || !operators.some((o) => o.wechatId === wechatId)) return v2Refusal('运营号不存在');
      if (typeof body.ToUserName !== 'string' || body.ToUserName === '') return v2Refusal('ToUserName不能为空');
      fan = findFan(wechatId, body.ToUserName);
    }
    if (!fan) return v2Refusal('好友不存在');
    const items = msgType === 'batch' ? body.messList : [body];
    if (!Array.isArray(items) || items.length === 0) return v2Refusal('messList不能为空');
    const samples: Pick<SampleContent, 'type' | 'content' | 'resvred' | 'voiceText'>[] = [];
    for (const item of items) {
      const sample = isObject(item) ? v2Sample(item) : 'messList项格式错误';
      if (typeof sample === 'string') return v2Refusal(sample);
      samples.push(sample);
    }
    const taskId = `${now()}${String(++taskSeq).padStart(4, '0')}`;
    const rowIds = samples.map((sample) => addRow(fan, true, sample).ad_chatting_id!);
    v2Sends.push({ taskId, body, rowIds });
    return v2Answer({ taskId }, `req-${rng.hex(16)}`);
  }

  /** One send item → the row it becomes, or the vendor's refusal text. */
  function v2Sample(item: Record<string, unknown>): Pick<SampleContent, 'type' | 'content' | 'resvred' | 'voiceText'> | string {
    const s = (key: string): string | undefined => (typeof item[key] === 'string' && item[key] !== '' ? (item[key] as string) : undefined);
    const url = s('Url') ?? s('ImageUrl');
    const needUrl = (): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);
    switch (item.MsgType) {
      case 'text':
        return s('Text') ? text(s('Text')!) : 'Text不能为空';
      case 'image':
        return needUrl() ? media(3, 'imgs') : 'Url不能为空';
      case 'video':
        return needUrl() ? { ...media(43, 'video'), resvred: { title: s('Title') ?? '', url: url! } } : 'Url不能为空';
      case 'file': {
        if (!needUrl()) return 'Url不能为空';
        const title = s('Title');
        if (!title) return 'Title不能为空';
        return { ...media(496, 'file'), resvred: { title: safeDecode(title), totalLen: 0, url: url! } };
      }
      case 'link':
        return needUrl() ? { type: 49, content: `a(${url})`, resvred: { title: s('Title') ?? '', url: url! }, voiceText: null } : 'Url不能为空';
      case 'card':
        return s('Text') ? { type: 42, content: `MP[${s('Text')}]`, resvred: { nickname: s('Text') }, voiceText: null } : 'Text不能为空';
      case 'qvcard':
        return s('Text') ? { type: 1001, content: s('Text')!, resvred: { nickname: s('Text'), company: s('CompanyName') ?? '' }, voiceText: null } : 'Text不能为空';
      case 'gzh':
        return s('Text') ? { type: 1001, content: s('Text')!, resvred: { nickname: s('Text') }, voiceText: null } : 'Text不能为空';
      case 'mp':
        return s('Text') ? { type: 4933, content: '[小程序]', resvred: { displayName: s('Text'), title: s('Text') }, voiceText: null } : 'Text不能为空';
      case 'rebpacket':
        return { type: 4362, content: '[红包]发起了收款', resvred: null, voiceText: null };
      case 'returnmoney':
        return { type: 10000, content: '已发起退款', resvred: null, voiceText: null };
      case 'forward': {
        const flags = item.Flags;
        if (!s('ShareUnionIDNode')) return 'ShareUnionIDNode不能为空';
        if (!Array.isArray(flags) || flags.length === 0) return 'Flags不能为空';
        return { type: 4919, content: `转发了${flags.length}条消息`, resvred: null, voiceText: null };
      }
      default:
        return `messList不支持的消息类型:${String(item.MsgType)}`;
    }
  }

  function text(content: string): Pick<SampleContent, 'type' | 'content' | 'resvred' | 'voiceText'> {
    return { type: 1, content, resvred: null, voiceText: null };
  }

  function media(type: number, tag: string): Pick<SampleContent, 'type' | 'content' | 'resvred' | 'voiceText'> {
    return { type, content: `${tag}[${rng.hex(32)}${Math.floor(now() / 1000)}]`, resvred: null, voiceText: null };
  }

  // ---------------------------------------------------------------------------------------------
  // Dummy media with a known size, for the size checks before sending

  function serveMedia(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const size = Number(url.searchParams.get('size') ?? '0');
    const mode = url.searchParams.get('mode') ?? 'normal';
    if (mode === 'missing') {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'HEAD') {
      if (mode === 'noHead') res.writeHead(405).end();
      else if (mode === 'noLength') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end();
      else res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) }).end();
      return;
    }
    if (req.headers.range === 'bytes=0-0' && mode !== 'noLength') {
      res.writeHead(206, { 'content-range': `bytes 0-0/${size}`, 'content-length': '1' }).end(Buffer.alloc(1));
      return;
    }
    res.writeHead(200, mode === 'noLength' ? {} : { 'content-length': String(size) });
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    const pump = (): void => {
      while (sent < size && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  function endpointOf(method: string | undefined, path: string): YoumiSimEndpoint | undefined {
    const p = path.toLowerCase();
    if (p === '/chatmess') return method === 'GET' ? 'v1.list' : method === 'POST' ? 'v1.send' : undefined;
    if (p === '/v2/chatmess/getchat' && method === 'POST') return 'v2.getChat';
    if (p === '/v2/chatmess/dosendpublicmes' && method === 'POST') return 'v2.send';
    if (p.startsWith('/media/') && (method === 'GET' || method === 'HEAD')) return 'media';
    return undefined;
  }

  function authorize(endpoint: YoumiSimEndpoint, headers: IncomingHttpHeaders): Answer | undefined {
    if (endpoint === 'media') return undefined;
    if (endpoint.startsWith('v1.')) {
      return headers.access_token === token ? undefined : v1Refusal('access_token无效或已过期', 10001);
    }
    if (headers.authorization !== `Bearer ${token}`) return { status: 401 };
    const tenant = headers.tenantid;
    if (options.tenantId !== undefined && tenant !== undefined && tenant !== options.tenantId) return v2Refusal('TenantId无效', 10003);
    return undefined;
  }

  function takeFault(endpoint: YoumiSimEndpoint): YoumiFault | undefined {
    const queue = faults.get(endpoint);
    const fault = queue?.[0];
    if (!fault) return undefined;
    const left = (fault.times ?? 1) - 1;
    if (left <= 0) queue.shift();
    else queue[0] = { ...fault, times: left };
    return fault;
  }

  function faultAnswer(fault: YoumiFault, endpoint: YoumiSimEndpoint): Answer | 'malformed' | undefined {
    switch (fault.kind) {
      case '5xx':
        return { status: fault.status ?? 502, json: { message: 'Bad Gateway' } };
      case 'malformed':
        return 'malformed';
      case 'succeedFalse':
        return endpoint.startsWith('v1.') ? v1Refusal('系统繁忙，请稍后再试', 10005) : v2Refusal('系统繁忙，请稍后再试', 10005);
      default:
        return undefined;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const endpoint = endpointOf(req.method, url.pathname);
    const body = await readBody(req);
    if (!endpoint) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    lastRequests.set(endpoint, { url: req.url ?? '/', headers: req.headers, body });
    const fault = takeFault(endpoint);
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 3000));
    if (fault?.kind === 'drop' && !fault.afterAction) {
      req.socket.destroy();
      return;
    }
    if (fault && !fault.afterAction) {
      const early = faultAnswer(fault, endpoint);
      if (early) return respond(res, early);
    }
    if (endpoint === 'media') return serveMedia(req, res, url);

    let answer = authorize(endpoint, req.headers);
    if (!answer) {
      const json = parseJson(body);
      if (endpoint === 'v1.list') answer = v1List(url);
      else if (endpoint === 'v1.send') answer = v1Send(json);
      else if (endpoint === 'v2.getChat') answer = v2GetChat(json);
      else answer = v2Send(json);
    }
    if (fault?.afterAction) {
      if (fault.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      const late = faultAnswer(fault, endpoint);
      if (late) return respond(res, late);
    }
    respond(res, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    get token() {
      return token;
    },
    merchantId: seed.merchantId,
    operators,
    fans: () => fans,
    rows: () => rows,
    appendInbound(input) {
      let fan = findFan(input.wechatId, input.fansKey);
      if (!fan) {
        fan = { wxid: input.fansKey, name: input.fanName ?? input.fansKey, photo: input.fanPhoto ?? avatarUrl(rng), wechatId: input.wechatId, friendId: 50_001 + fans.length };
        fans.push(fan);
      }
      const resvred = typeof input.resvred === 'object' ? (input.resvred ?? null) : null;
      const rawResvred = typeof input.resvred === 'string' ? input.resvred : undefined;
      return addRow(fan, false, { type: input.type, content: input.content, resvred, voiceText: input.voiceText ?? null }, input.atMs, rawResvred);
    },
    injectFault(endpoint, fault) {
      faults.set(endpoint, [...(faults.get(endpoint) ?? []), fault]);
    },
    clearFaults: () => faults.clear(),
    v1Tasks: () => [...v1Tasks.values()],
    v2Sends: () => [...v2Sends],
    requestCount: (endpoint) => counts.get(endpoint) ?? 0,
    lastRequest: (endpoint) => lastRequests.get(endpoint),
    mediaUrl: (name, sizeBytes, mode = 'normal') => `${base}/media/${encodeURIComponent(name)}?size=${sizeBytes}&mode=${mode}`,
    setToken(next) {
      token = next;
    },
    setV1Scope(wechatIds) {
      v1Scope = wechatIds;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A v1 row: no ad_chatting_id, ad_voice_txt or ad_wechat_nober; links carry their title as `a(url)[title]`. */
function v1View(row: YoumiWireRow): Omit<YoumiWireRow, 'ad_chatting_id' | 'ad_voice_txt' | 'ad_wechat_nober'> {
  const { ad_chatting_id: _id, ad_voice_txt: _voice, ad_wechat_nober: _nober, ...rest } = row;
  if (row.ad_chatting_sate === 49 && row.ad_chatting_resvred) {
    try {
      const { title } = JSON.parse(decodeURIComponent(row.ad_chatting_resvred.replace(/\+/g, ' '))) as { title?: string };
      if (title) return { ...rest, ad_chatting_content: `${row.ad_chatting_content}[${title}]`, ad_chatting_resvred: null };
    } catch {
      // Keep the v2 form.
    }
  }
  return rest;
}

function respond(res: ServerResponse, answer: Answer | 'malformed'): void {
  if (answer === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"succeed": true, "values": [{"ad_chatting_id": 1,');
    return;
  }
  if (answer.json === undefined) {
    res.writeHead(answer.status, answer.status === 401 ? { 'www-authenticate': 'Bearer' } : {}).end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer.json));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Ints as numbers or numeric strings (the v2 doc types pageSize/pageIndex as strings). */
function intParam(value: unknown, fallback: number | undefined): number | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** "2018-05-11", "2018-05-11 14:47:48" or "2018/5/11 14:47:48", China time; undefined if absent, null if unreadable. */
function dateParam(value: string | null): number | undefined | null {
  if (!value) return undefined;
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi), Number(s));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** v1's `MsgTime`: "2018/5/11 14:47:48", China time. */
function v1Clock(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "2019-12-16T16:53:56.9911753+08:00", as the v1 send answer shows. */
function isoClock(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 23)}0000+08:00`;
}

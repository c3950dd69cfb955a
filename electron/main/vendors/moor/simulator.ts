// A 7moor work-phone OpenAPI on 127.0.0.1 for tests and the demo workspace: real HTTP, the doc's
// envelopes and field names, token lifetimes on an injectable clock, the rate limit, and faults
// on demand.
//
// Choices where the doc is silent (also in docs/vendors.md (7moor)):
// - a missing, unknown or expired accessToken answers HTTP 200 {code: 0, msg: "accessToken不能为空" /
//   "accessToken无效" / "accessToken已失效"}; a refused refreshToken "refreshToken已失效，请重新获取token";
//   wrong client credentials "clientId或clientSecret错误" (no statusCode in any of them);
// - over the rate limit (default 20 a minute per /api/ endpoint): HTTP 429 with Retry-After and
//   {code: 0, msg: "请求过于频繁，请稍后再试"};
// - getToken issues a new pair each time; earlier tokens stay valid until they expire.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../http/clock';
import type { RateBudget } from '../http/rate-limiter';
import {
  buildMoorDemoDataset,
  liveCall,
  liveMessage,
  liveSms,
  type MoorDataset,
  type SimCall,
  type SimMessage,
  type SimSms,
} from './demo-data';
import { seededRandom, uuid, type SampleMessageType } from './samples';
import { MOOR_API_ROUTES, fail, ok, type Answer } from './simulator-routes';
import { toText } from './wire';

export type MoorSimulatorMode = 'normal' | 'ipNotWhitelisted' | 'notConfigured';

export type MoorFault =
  | { kind: '5xx'; status?: number; times?: number }
  | { kind: 'delay'; ms: number; times?: number }
  | { kind: 'malformed'; times?: number }
  | { kind: 'statusCode'; statusCode: number; msg?: string; times?: number }
  | { kind: 'drop'; times?: number }
  | { kind: 'expireToken'; times?: number }
  /** Refuses the request's accessToken without ending it: reToken then hands the same one back. */
  | { kind: 'refuseToken'; times?: number };

export interface MoorSimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  clock?: Clock;
  accessTokenTtlMs?: number;
  refreshTokenTtlMs?: number;
  /** Per /api/ endpoint; `false` turns the limit off. */
  rateLimit?: RateBudget | false;
  /** Longest start–end span a list accepts (4018 beyond). */
  maxSpanDays?: number;
  seed?: number;
  dataset?: MoorDataset;
  mode?: MoorSimulatorMode;
}

export interface RecordedRequest {
  /** The path without its leading slash, e.g. "api/crm/callPhone". */
  endpoint: string;
  query: Record<string, string>;
  body: unknown;
  /** Simulator clock time. */
  at: number;
  /** What the simulator did with it. */
  outcome: 'ok' | 'failed' | 'fault' | 'rateLimited';
}

export interface DialRecord {
  callPhone: string;
  userPhone: string;
  at: number;
}

export interface AddWxRecord {
  phone: string;
  userPhone: string;
  at: number;
}

export interface MoorSimulator {
  url: string;
  clock: Clock;
  credentials: { clientId: string; clientSecret: string };
  /** The live dataset: what the endpoints serve, changed by CRM writes, dials and append*. */
  dataset: MoorDataset;
  /** Every request received, in order. */
  requests: readonly RecordedRequest[];
  requestsTo(endpoint: string): RecordedRequest[];
  /** callPhone requests 7moor accepted. */
  dials: readonly DialRecord[];
  /** autoAddWx requests 7moor accepted. */
  weChatAdds: readonly AddWxRecord[];
  appendMessage(input?: { chatId?: string; msgType?: SampleMessageType; msg?: string; outgoing?: boolean; atMs?: number }): SimMessage;
  appendCall(input?: { agentPhone?: string; contactTel?: string; callType?: 'in' | 'out'; connected?: boolean; durationSec?: number; atMs?: number }): SimCall;
  appendSms(input?: { agentPhone?: string; contactTel?: string; smsType?: 'in' | 'out'; atMs?: number }): SimSms;
  /** The next `times` (default 1) requests to `endpoint` ("api/device/call") meet `fault`. */
  injectFault(endpoint: string, fault: MoorFault): void;
  clearFaults(): void;
  /** Ends every access token now (and refresh tokens too when asked): the next API call is refused. */
  expireTokensNow(options?: { refreshTokens?: boolean }): void;
  setMode(mode: MoorSimulatorMode): void;
  setPhoneOnline(userPhone: string, online: boolean): void;
  /** Every token issued and the client secret: what must never appear in a log. */
  secrets(): string[];
  close(): Promise<void>;
}

const HOUR = 3_600_000;

export async function startMoorSimulator(options: MoorSimulatorOptions = {}): Promise<MoorSimulator> {
  const clock = options.clock ?? systemClock;
  const credentials = { clientId: options.clientId ?? 'demo-client-id', clientSecret: options.clientSecret ?? 'demo-client-secret-7m' };
  const accessTtl = options.accessTokenTtlMs ?? 2 * HOUR;
  const refreshTtl = options.refreshTokenTtlMs ?? 30 * 24 * HOUR;
  const budget = options.rateLimit === undefined ? { limit: 20, intervalMs: 60_000 } : options.rateLimit;
  const maxSpanDays = options.maxSpanDays ?? 31;
  const dataset = options.dataset ?? buildMoorDemoDataset({ seed: options.seed ?? 7, now: clock.now() });
  const rng = seededRandom((options.seed ?? 7) + 1);
  let mode: MoorSimulatorMode = options.mode ?? 'normal';

  const accessTokens = new Map<string, number>();
  const refreshTokens = new Map<string, { expiresAt: number; accessToken: string }>();
  const issued: string[] = [];
  const requests: RecordedRequest[] = [];
  const dials: DialRecord[] = [];
  const weChatAdds: AddWxRecord[] = [];
  const faults = new Map<string, (MoorFault & { left: number })[]>();
  const windows = new Map<string, number[]>();

  const newToken = (): string => {
    const token = randomBytes(16).toString('hex').toUpperCase();
    issued.push(token);
    return token;
  };

  function issueAccessToken(): string {
    const token = newToken();
    accessTokens.set(token, clock.now() + accessTtl);
    return token;
  }

  function getToken(body: Record<string, unknown>): Answer {
    if (toText(body['clientId']) !== credentials.clientId || toText(body['clientSecret']) !== credentials.clientSecret) {
      return fail('clientId或clientSecret错误');
    }
    const accessToken = issueAccessToken();
    const refreshToken = newToken();
    refreshTokens.set(refreshToken, { expiresAt: clock.now() + refreshTtl, accessToken });
    return ok({ accessToken, refreshToken });
  }

  /** The doc: before expiry the same token with a new expiry; after it, a new token. */
  function reToken(query: URLSearchParams, body: Record<string, unknown>): Answer {
    const refreshToken = query.get('refreshToken') ?? toText(body['refreshToken']);
    const entry = refreshToken ? refreshTokens.get(refreshToken) : undefined;
    if (!entry || entry.expiresAt <= clock.now()) return fail('refreshToken已失效，请重新获取token');
    const expiresAt = accessTokens.get(entry.accessToken);
    if (expiresAt !== undefined && expiresAt > clock.now()) {
      accessTokens.set(entry.accessToken, clock.now() + accessTtl);
    } else {
      accessTokens.delete(entry.accessToken);
      entry.accessToken = issueAccessToken();
    }
    return ok({ accessToken: entry.accessToken });
  }

  function tokenRefusal(token: string | null): Answer | undefined {
    if (!token) return fail('accessToken不能为空');
    const expiresAt = accessTokens.get(token);
    if (expiresAt === undefined) return fail('accessToken无效');
    if (expiresAt <= clock.now()) return fail('accessToken已失效');
    return undefined;
  }

  /** Sliding window per endpoint; returns the seconds to wait when the call is over budget. */
  function overBudget(endpoint: string): number | undefined {
    if (!budget) return undefined;
    const now = clock.now();
    const recent = (windows.get(endpoint) ?? []).filter((t) => now - t < budget.intervalMs);
    windows.set(endpoint, recent);
    if (recent.length >= budget.limit) return Math.max(1, Math.ceil(((recent[0] ?? now) + budget.intervalMs - now) / 1000));
    recent.push(now);
    return undefined;
  }

  function takeFault(endpoint: string): MoorFault | undefined {
    const queue = faults.get(endpoint);
    const fault = queue?.[0];
    if (!queue || !fault) return undefined;
    fault.left--;
    if (fault.left <= 0) queue.shift();
    return fault;
  }

  function expireTokensNow(opts: { refreshTokens?: boolean } = {}): void {
    const now = clock.now();
    for (const token of accessTokens.keys()) accessTokens.set(token, now);
    if (opts.refreshTokens) for (const entry of refreshTokens.values()) entry.expiresAt = now;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const endpoint = url.pathname.replace(/^\/+/, '');
    const text = await readBody(req);
    let body: Record<string, unknown> | undefined = {};
    if (text.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(text);
        body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
    }
    const record: RecordedRequest = { endpoint, query: Object.fromEntries(url.searchParams), body: body ?? text, at: clock.now(), outcome: 'ok' };
    requests.push(record);

    const fault = takeFault(endpoint);
    if (fault) {
      record.outcome = 'fault';
      switch (fault.kind) {
        case 'drop':
          req.socket.destroy();
          return;
        case '5xx':
          res.writeHead(fault.status ?? 502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
          return;
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":1,"msg":"","data":{"count":3,"list":[{"id":');
          return;
        case 'statusCode':
          send(res, fail(fault.msg ?? `模拟错误${fault.statusCode}`, fault.statusCode));
          return;
        case 'refuseToken':
          send(res, fail('accessToken已失效'));
          return;
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, fault.ms));
          record.outcome = 'ok';
          break;
        case 'expireToken':
          expireTokensNow();
          record.outcome = 'ok';
          break;
      }
    }

    const answer = answerFor(endpoint, url.searchParams, body, res);
    if (!answer) {
      record.outcome = 'rateLimited';
      return;
    }
    if (answer.code !== 1) record.outcome = 'failed';
    send(res, answer);
  }

  /** The envelope for a request; undefined when the response was already written (429, 404). */
  function answerFor(endpoint: string, query: URLSearchParams, body: Record<string, unknown> | undefined, res: ServerResponse): Answer | undefined {
    if (mode === 'notConfigured') return fail('企业未配置OpenAPI对接', 4009);
    if (mode === 'ipNotWhitelisted') return fail('IP不在白名单内', 4008);
    const isToken = endpoint === 'oauth/token/getToken' || endpoint === 'oauth/token/reToken';
    const route = MOOR_API_ROUTES[endpoint];
    if (!isToken && !route) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(fail('接口不存在')));
      return undefined;
    }
    const timestamp = query.get('timestamp');
    if (!timestamp || !/^\d{10}(\d{3})?$/.test(timestamp)) return fail('timestamp参数错误', 4005);
    if (!body) return fail('请求体不是合法的JSON', 4005);
    if (endpoint === 'oauth/token/getToken') return getToken(body);
    if (endpoint === 'oauth/token/reToken') return reToken(query, body);
    const wait = overBudget(endpoint);
    if (wait !== undefined) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(wait) }).end(JSON.stringify(fail('请求过于频繁，请稍后再试')));
      return undefined;
    }
    const refused = tokenRefusal(query.get('accessToken'));
    if (refused) return refused;
    return route?.({
      data: dataset,
      body,
      now: clock.now(),
      maxSpanDays,
      newId: () => uuid(rng),
      onDial: (callPhone, userPhone) => {
        dials.push({ callPhone, userPhone, at: clock.now() });
        // The work phone dials and later uploads the record, as a real one would.
        dataset.calls.push(liveCall(dataset, { agentPhone: userPhone, contactTel: callPhone, callType: 'out', durationSec: 45, atMs: clock.now(), rng }));
      },
      onAddWx: (phone, userPhone) => weChatAdds.push({ phone, userPhone, at: clock.now() }),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    credentials,
    dataset,
    requests,
    requestsTo: (endpoint) => requests.filter((r) => r.endpoint === endpoint.replace(/^\/+/, '')),
    dials,
    weChatAdds,
    appendMessage: (input = {}) => {
      const message = liveMessage(dataset, { ...input, atMs: input.atMs ?? clock.now(), rng });
      dataset.messages.push(message);
      return message;
    },
    appendCall: (input = {}) => {
      const call = liveCall(dataset, { ...input, atMs: input.atMs ?? clock.now(), rng });
      dataset.calls.push(call);
      return call;
    },
    appendSms: (input = {}) => {
      const sms = liveSms(dataset, { ...input, atMs: input.atMs ?? clock.now(), rng });
      dataset.sms.push(sms);
      return sms;
    },
    injectFault: (endpoint, fault) => {
      const key = endpoint.replace(/^\/+/, '');
      const queue = faults.get(key) ?? [];
      queue.push({ ...fault, left: fault.times ?? 1 });
      faults.set(key, queue);
    },
    clearFaults: () => faults.clear(),
    expireTokensNow,
    setMode: (next) => {
      mode = next;
    },
    setPhoneOnline: (userPhone, online) => {
      dataset.offlinePhones = dataset.offlinePhones.filter((p) => p !== userPhone);
      if (!online) dataset.offlinePhones.push(userPhone);
    },
    secrets: () => [credentials.clientSecret, ...issued],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

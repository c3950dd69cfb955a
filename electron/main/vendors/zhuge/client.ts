// The Zhuge radar 公众号 chat client. These endpoints are the customer's side of the chat: the
// token and query `user_id` identify the official-account customer, `u_id` the radar user (our
// sales agent). For the agent the channel is read-only; `postCustomerMessage` exists only so
// the simulator and the demo can make a customer write.
//
// Reads are destructive on the vendor: getmsg returns only rows still flagged unread and clears
// the flag, and the paged history clears it for the whole conversation. Hence:
// - getmsg is never retried (retry: 'never'), even after a timeout or a dropped connection: the
//   server may already have cleared the flags, and a second call would answer "nothing new" and
//   hide the loss. The caller recovers with the paged history, which returns every row whatever
//   its flag, and persists each page before asking for the next.
// - the paged history and query_num are repeatable (retry: 'safe'): their rows do not depend on
//   the flags, and new rows arriving between pages only shift older rows onto later pages, so a
//   walk sees some rows twice (same derived id) and never skips one.
// - send_msg is never retried: it carries no idempotency key and a second post stores a second row.
import { appError } from '@shared/errors';
import type { DecodedMessage } from '@shared/model';
import { z } from 'zod';
import { registerSecretForRedaction, silentLogger, type Logger } from '../../log/logger';
import type { SecretStore } from '../../secrets/secret-store';
import { systemClock, type Clock } from '../http/clock';
import { HttpClient, type HttpRequest, type HttpResponse } from '../http/http-client';
import { RateLimiter, type RateBudget } from '../http/rate-limiter';
import type { BackoffOptions } from '../http/retry';
import { UndecodedRecorder, type UndecodedReport } from '../undecoded';
import { ZHUGE_DECODER_VERSION, type ZhugeDecodeContext } from './decoder';
import { zhugeCodeError, zhugeHttpError, zhugeMalformedError } from './errors';
import { zhugeRowReader } from './reader';
import {
  parseZhugeJson,
  ZHUGE_CODE,
  ZHUGE_ENDPOINTS,
  ZHUGE_PATHS,
  ZhugeCountData,
  ZhugeCustomerContent,
  ZhugeEnvelope,
  ZhugeHistoryData,
  ZhugeLatestData,
  type ZhugeEndpoint,
} from './wire';
import { signZhugeRequest } from './sign';

export interface ZhugeAccount {
  /** Per tenant, e.g. "https://zhugeleida.example.com"; the API paths are joined to it. */
  baseUrl: string;
  /** The official-account customer the token belongs to (query `user_id`). */
  customerId: number;
  /** The radar user, i.e. the sales agent (`u_id`). */
  radarUserId: number;
}

export interface ZhugeClientOptions extends ZhugeAccount {
  /** Reads the account's token (SecretStore name 'token'); called before every attempt. */
  getToken: () => Promise<string>;
  logger?: Logger;
  /** Per-endpoint budget; `null` turns limiting off. Defaults to `zhugeRateBudget`. */
  limiter?: RateLimiter | null;
  clock?: Clock;
  timeoutMs?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  fetch?: typeof fetch;
  /** Hears what the decoder could not read (the account's health panel). */
  onUndecoded?: UndecodedReport;
}

export interface ZhugeLatest {
  /** Oldest first, as the server orders them. */
  messages: DecodedMessage[];
}

/** The radar user's business card as the history endpoint reports it (mingpian_phone, wechat). */
export interface ZhugeAgentCard {
  phone?: string;
  wechat?: string;
}

export interface ZhugeHistoryPage {
  page: number;
  length: number;
  /** Oldest first within the page; page 1 holds the newest rows. */
  messages: DecodedMessage[];
  /** Rows on the wire, including any that decoded as `unknown`. */
  rowCount: number;
  /** The vendor's data_count as sent; page length or total depending on the server's version. */
  dataCount?: number;
  /** Decided from the row count (a short page is the last), never from data_count. */
  hasMore: boolean;
  agentCard: ZhugeAgentCard;
}

export interface ZhugeHistoryQuery {
  page?: number;
  /** Rows a page; 0 asks for the whole conversation at once (the vendor's own convention). */
  length?: number;
  signal?: AbortSignal;
}

/**
 * Zhuge publishes no rate limit and its backend has none; this keeps one account's pollers
 * polite (a getmsg every second at most) while a history walk can still burst.
 */
export function zhugeRateBudget(key: string): RateBudget | undefined {
  return key.startsWith('zhuge.') ? { limit: 60, intervalMs: 60_000 } : undefined;
}

/** A getToken for ZhugeClient that reads the account's token from the SecretStore. */
export function tokenFromSecretStore(store: SecretStore, accountId: string): () => Promise<string> {
  return async () => {
    const token = await store.get(accountId, 'token');
    if (!token) {
      throw appError(
        'AUTH',
        '还没有保存这个诸葛雷达账号的令牌，请在账号设置里填写。',
        'No token is saved for this Zhuge radar account yet; enter it in the account settings.',
        { vendor: 'zhuge', accountId },
      );
    }
    registerSecretForRedaction(token);
    return token;
  };
}

const DEFAULT_PAGE_LENGTH = 20;

export class ZhugeClient {
  private readonly http: HttpClient;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly undecoded: UndecodedRecorder;

  constructor(private readonly options: ZhugeClientOptions) {
    for (const [name, value] of [
      ['customerId', options.customerId],
      ['radarUserId', options.radarUserId],
    ] as const) {
      if (!Number.isSafeInteger(value) || value <= 0) {
        throw appError('VALIDATION', `诸葛雷达账号设置有误：${name} 必须是正整数`, `Zhuge radar account setting ${name} must be a positive whole number`, { field: name });
      }
    }
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('zhuge');
    this.undecoded = new UndecodedRecorder(ZHUGE_DECODER_VERSION, options.onUndecoded);
    const limiter = options.limiter === undefined ? new RateLimiter(zhugeRateBudget, this.clock) : (options.limiter ?? undefined);
    this.http = new HttpClient({
      vendor: 'zhuge',
      baseUrl: options.baseUrl,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(limiter ? { limiter } : {}),
      clock: this.clock,
      ...(options.random ? { random: options.random } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /**
   * send_msg: stores a message FROM the customer to the agent. For the simulator and the demo
   * only; the app never writes in a customer's name.
   */
  async postCustomerMessage(content: ZhugeCustomerContent, signal?: AbortSignal): Promise<void> {
    const checked = ZhugeCustomerContent.safeParse(content);
    if (!checked.success) {
      throw appError('VALIDATION', '诸葛雷达消息内容不完整', 'The Zhuge radar message content is incomplete', {
        issues: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    await this.call(ZHUGE_ENDPOINTS.sendMessage, {
      method: 'POST',
      path: ZHUGE_PATHS.sendMessage,
      retry: 'never',
      form: {
        u_id: String(this.options.radarUserId),
        // The doc lists customer_id as a form field; the server reads the query user_id. Both are sent.
        customer_id: String(this.options.customerId),
        content: JSON.stringify(checked.data),
        // The backend's form requires it; 2 = customer to radar user.
        send_type: '2',
      },
      ...(signal ? { signal } : {}),
    });
  }

  /** getmsg: the rows still unread, then the server marks them read. Never retried (see top). */
  async fetchLatest(signal?: AbortSignal): Promise<ZhugeLatest> {
    const { data } = await this.call(
      ZHUGE_ENDPOINTS.latest,
      { method: 'GET', path: ZHUGE_PATHS.latest, retry: 'never', query: { u_id: this.options.radarUserId }, ...(signal ? { signal } : {}) },
      ZhugeLatestData,
    );
    const messages = this.decodeRows(ZHUGE_ENDPOINTS.latest, data.ret_data);
    if (messages.length > 0) this.logger.info('latest messages taken (the vendor now marks them read)', { count: messages.length });
    return { messages };
  }

  /** The paged history: page 1 holds the newest `length` rows, oldest first within the page. */
  async fetchHistoryPage(query: ZhugeHistoryQuery = {}): Promise<ZhugeHistoryPage> {
    const page = query.page ?? 1;
    const length = query.length ?? DEFAULT_PAGE_LENGTH;
    if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(length) || length < 0) {
      throw appError('VALIDATION', '聊天记录的页码或每页条数无效', 'Invalid page or page length for the chat history', { page, length });
    }
    const { envelope, data } = await this.call(
      ZHUGE_ENDPOINTS.history,
      {
        method: 'GET',
        path: ZHUGE_PATHS.history,
        retry: 'safe',
        query: { u_id: this.options.radarUserId, customer_id: this.options.customerId, current_page: page, length },
        ...(query.signal ? { signal: query.signal } : {}),
      },
      ZhugeHistoryData,
      // Older servers answer an untouched ResponseObj (code 0, empty data) for a page without rows.
      (env) => env.code === ZHUGE_CODE.untouched && isEmptyData(env.data),
    );
    const rows = envelope.code === ZHUGE_CODE.ok ? data.ret_data : [];
    const agentCard: ZhugeAgentCard = {};
    if (data.mingpian_phone) agentCard.phone = data.mingpian_phone;
    if (data.wechat) agentCard.wechat = data.wechat;
    return {
      page,
      length,
      messages: this.decodeRows(ZHUGE_ENDPOINTS.history, rows),
      rowCount: rows.length,
      ...(data.data_count !== undefined ? { dataCount: data.data_count } : {}),
      hasMore: length > 0 && rows.length >= length,
      agentCard,
    };
  }

  /**
   * Walks the history from the newest page back. The caller persists each page before pulling
   * the next and may stop early (break) once a page holds nothing new.
   */
  async *walkHistory(query: ZhugeHistoryQuery & { maxPages?: number } = {}): AsyncGenerator<ZhugeHistoryPage> {
    const maxPages = query.maxPages ?? Number.POSITIVE_INFINITY;
    let page = query.page ?? 1;
    for (let walked = 0; walked < maxPages; walked++, page++) {
      const result = await this.fetchHistoryPage({ ...query, page });
      yield result;
      if (!result.hasMore) return;
    }
  }

  /**
   * query_num: how many of the agent's replies the customer has not read yet (the backend counts
   * send_type 1 rows still flagged unread). Harmless to call: it changes nothing on the server,
   * which makes it the account's connection test.
   */
  async countRepliesUnreadByCustomer(signal?: AbortSignal): Promise<number> {
    const { data } = await this.call(
      ZHUGE_ENDPOINTS.unreadCount,
      { method: 'GET', path: ZHUGE_PATHS.unreadCount, retry: 'safe', query: { u_id: this.options.radarUserId }, ...(signal ? { signal } : {}) },
      ZhugeCountData,
    );
    return data.chatinfo_count;
  }

  private decodeRows(endpoint: ZhugeEndpoint, rows: unknown[]): DecodedMessage[] {
    const ctx: ZhugeDecodeContext = {
      customerId: this.options.customerId,
      radarUserId: this.options.radarUserId,
      receivedAt: this.clock.now(),
      mediaBaseUrl: this.http.baseUrl,
    };
    return this.undecoded.rows(endpoint, zhugeRowReader(ctx), rows);
  }

  private async call(endpoint: ZhugeEndpoint, req: Omit<HttpRequest, 'endpoint' | 'prepare'>): Promise<{ envelope: ZhugeEnvelope; data: unknown }>;
  private async call<S extends z.ZodType>(
    endpoint: ZhugeEndpoint,
    req: Omit<HttpRequest, 'endpoint' | 'prepare'>,
    dataSchema: S,
    acceptEmpty?: (envelope: ZhugeEnvelope) => boolean,
  ): Promise<{ envelope: ZhugeEnvelope; data: z.output<S> }>;
  private async call(
    endpoint: ZhugeEndpoint,
    req: Omit<HttpRequest, 'endpoint' | 'prepare'>,
    dataSchema?: z.ZodType,
    acceptEmpty?: (envelope: ZhugeEnvelope) => boolean,
  ): Promise<{ envelope: ZhugeEnvelope; data: unknown }> {
    const response = await this.http.request({
      ...req,
      endpoint,
      query: { ...req.query, user_id: this.options.customerId },
      prepare: async () => {
        const token = await this.options.getToken();
        registerSecretForRedaction(token);
        return { query: { ...signZhugeRequest(token, this.clock.now()) } };
      },
    });
    const envelope = this.readEnvelope(response);
    const emptyAccepted = acceptEmpty?.(envelope) ?? false;
    if (envelope.code !== ZHUGE_CODE.ok && !emptyAccepted) {
      const error = zhugeCodeError(envelope.code, envelope.msg, envelope.data, endpoint);
      this.logger.warn('vendor refused', { endpoint, vendorCode: envelope.code, appCode: error.code });
      throw error;
    }
    if (!dataSchema) return { envelope, data: envelope.data };
    const data = emptyAccepted ? {} : (envelope.data ?? {});
    const parsed = dataSchema.safeParse(data);
    if (!parsed.success) {
      const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
      this.undecoded.unreadableAnswer(endpoint, response.text, problem, response.status);
      throw zhugeMalformedError(endpoint, response.status, problem);
    }
    if (dataSchema instanceof z.ZodObject) this.undecoded.answerFields(endpoint, dataSchema, data);
    return { envelope, data: parsed.data };
  }

  private readEnvelope(response: HttpResponse): ZhugeEnvelope {
    const json = parseZhugeJson(response.text);
    const envelope = json.ok ? ZhugeEnvelope.safeParse(json.value) : undefined;
    if (envelope?.success) {
      this.undecoded.answerFields(response.endpoint, ZhugeEnvelope, json.ok ? json.value : undefined);
      return envelope.data;
    }
    // Not an envelope: an HTML error page (404, 403 ...) or a broken body.
    const what = json.ok ? 'no numeric code in the answer' : 'not JSON';
    this.undecoded.unreadableAnswer(response.endpoint, response.text, what, response.status);
    if (response.status !== 200) throw zhugeHttpError(response.endpoint, response.status);
    throw zhugeMalformedError(response.endpoint, response.status, what);
  }
}

function isEmptyData(data: unknown): boolean {
  if (data === undefined || data === null) return true;
  if (typeof data !== 'object') return false;
  const rows = (data as { ret_data?: unknown }).ret_data;
  return Object.keys(data).length === 0 || (Array.isArray(rows) && rows.length === 0);
}

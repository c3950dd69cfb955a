// Youmi open API v2: POST /v2/ChatMess/GetChat (chat records, `minChattingId` increments) and
// POST /v2/ChatMess/doSendPublicMes (every MsgType of the doc). Auth: `Authorization: Bearer`,
// plus `TenantId` for resellers.
import { AppError } from '@shared/errors';
import { invalid, youmiMalformed } from './errors';
import { buildV2SendBody, type YoumiV2SendRequest } from './send';
import { chatPage, malformedAnswer, YoumiTransport, type YoumiChatPage, type YoumiClientOptions } from './transport';
import { YoumiSendValues, type YoumiEnvelope } from './wire';

export const YOUMI_V2_ENDPOINTS = { getChat: 'youmi.v2.GetChat', send: 'youmi.v2.doSendPublicMes' } as const;

export interface YoumiV2ClientOptions extends YoumiClientOptions {
  /** Resellers only: sent as the `TenantId` header. */
  tenantId?: string;
}

export interface YoumiV2ChatQuery {
  /** ad_chatting_talter of the fan (required by the vendor). */
  fansKey: string;
  /** ad_wechat_id of the operator account (required). */
  wechatId: number;
  wechatKey?: string;
  /** Epoch seconds. */
  startTimestamp?: number;
  endTimestamp?: number;
  /** Only rows with ad_chatting_id greater than this. */
  minChattingId?: number;
  /** Default 100. */
  pageSize?: number;
  /** 1-based, default 1. */
  pageIndex?: number;
}

export interface YoumiV2SendResult {
  taskId: string;
}

export interface YoumiV2SendOptions {
  signal?: AbortSignal;
  /** Called once, right before the request goes out: from then on Youmi may have acted on it. */
  onDispatch?: () => void;
}

export class YoumiV2Client {
  private readonly transport: YoumiTransport;
  private readonly tenantHeaders: Record<string, string>;

  constructor(options: YoumiV2ClientOptions) {
    this.transport = new YoumiTransport(options, (token) => ({ authorization: `Bearer ${token}` }));
    this.tenantHeaders = options.tenantId ? { TenantId: options.tenantId } : {};
  }

  /** One page of a fan's chat, oldest first. */
  async getChat(query: YoumiV2ChatQuery, signal?: AbortSignal): Promise<YoumiChatPage> {
    if (!query.fansKey?.trim()) throw invalid('fansKey', '缺少粉丝标识', 'The fan key is missing');
    if (!Number.isSafeInteger(query.wechatId)) throw invalid('wechatId', '运营号ID无效', 'The operator account id is invalid');
    const body: Record<string, unknown> = {
      fansKey: query.fansKey,
      wechatId: query.wechatId,
      // The doc types both as strings.
      pageSize: String(query.pageSize ?? 100),
      pageIndex: String(query.pageIndex ?? 1),
    };
    if (query.wechatKey) body.wechatKey = query.wechatKey;
    if (query.startTimestamp !== undefined) body.startTimestamp = query.startTimestamp;
    if (query.endTimestamp !== undefined) body.endTimestamp = query.endTimestamp;
    if (query.minChattingId !== undefined) body.minChattingId = query.minChattingId;
    const envelope = await this.transport.call(
      { method: 'POST', path: '/v2/ChatMess/GetChat', endpoint: YOUMI_V2_ENDPOINTS.getChat, json: body, retry: 'safe', ...(signal ? { signal } : {}) },
      this.tenantHeaders,
    );
    return chatPage(envelope, YOUMI_V2_ENDPOINTS.getChat, 'v2', this.transport.undecoded);
  }

  /**
   * Everything newer than `minChattingId`, page after page. Each next page asks for ids above the
   * last one seen rather than the next page index, so rows arriving meanwhile are neither skipped
   * nor repeated. Persist each page (and its lastChattingId) before pulling the next.
   */
  async *syncChat(query: Omit<YoumiV2ChatQuery, 'pageIndex'>, signal?: AbortSignal): AsyncGenerator<YoumiChatPage, void, undefined> {
    const pageSize = query.pageSize ?? 100;
    let cursor = query.minChattingId ?? 0;
    for (;;) {
      const page = await this.getChat({ ...query, pageSize, pageIndex: 1, minChattingId: cursor }, signal);
      yield page;
      if (page.rowCount < pageSize) return;
      if (page.lastChattingId === undefined || page.lastChattingId <= cursor) {
        throw youmiMalformed(YOUMI_V2_ENDPOINTS.getChat, 'a full page without a growing ad_chatting_id');
      }
      cursor = page.lastChattingId;
    }
  }

  /**
   * Sends one message. Never retried: v2 has no idempotency key, so a repeat after a lost answer
   * could reach the customer twice. A failure whose outcome is unknown says so and is marked not
   * retryable; the agent looks at the chat before sending again.
   */
  async sendMessage(request: YoumiV2SendRequest, options: YoumiV2SendOptions = {}): Promise<YoumiV2SendResult> {
    const body = buildV2SendBody(request);
    const { signal, onDispatch } = options;
    let dispatched = false;
    let envelope: YoumiEnvelope;
    try {
      envelope = await this.transport.call(
        {
          method: 'POST',
          path: '/v2/ChatMess/doSendPublicMes',
          endpoint: YOUMI_V2_ENDPOINTS.send,
          json: body,
          retry: 'never',
          onDispatch: () => {
            onDispatch?.();
            dispatched = true;
          },
          ...(signal ? { signal } : {}),
        },
        this.tenantHeaders,
      );
    } catch (error) {
      // Failing before the request went out (the keychain, the rate limiter) is an ordinary
      // failure: nothing reached Youmi, so sending again later cannot make a second copy.
      throw dispatched && error instanceof AppError && error.retryable && error.code !== 'RATE_LIMIT' ? outcomeUnknown(error) : error;
    }
    const parsed = YoumiSendValues.safeParse(envelope.values);
    if (!parsed.success) throw malformedAnswer(this.transport.undecoded, YOUMI_V2_ENDPOINTS.send, envelope, 'no values.taskId');
    return { taskId: parsed.data.taskId };
  }
}

function outcomeUnknown(cause: AppError): AppError {
  const status = cause.details?.httpStatus;
  const [zh, en] =
    cause.code === 'TIMEOUT'
      ? ['响应超时', 'no answer in time']
      : typeof status === 'number'
        ? [`服务出错 HTTP ${status}`, `service error HTTP ${status}`]
        : ['网络中断', 'network failure'];
  return new AppError({
    code: cause.code,
    message: `Youmi did not confirm the message (${en}); it may or may not have been sent: check the chat before sending it again`,
    messageZh: `友米聚合没有确认这条消息（${zh}），可能已经发出，也可能没有：请先查看聊天记录，再决定是否重发`,
    details: { ...cause.details, sendOutcome: 'unknown' },
    retryable: false,
    cause,
  });
}

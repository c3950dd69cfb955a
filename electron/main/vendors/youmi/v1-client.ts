// Youmi open API v1: ChatMess GET (chat records) and ChatMess POST (send task).
// Auth is an `access_token` header; paths are relative to the tenant's base URL.
import { V1_SIZE_LIMITS, v1TaskBody, validateV1Task, type YoumiV1Task } from './send';
import { checkMediaSize, type MediaSize } from './media';
import { chatPage, YoumiTransport, type YoumiChatPage, type YoumiClientOptions } from './transport';

export const YOUMI_V1_ENDPOINTS = { list: 'youmi.v1.ChatMess.list', send: 'youmi.v1.ChatMess.send' } as const;

export interface YoumiV1ClientOptions extends YoumiClientOptions {
  /** Timeout of the size check of a media URL before sending (default 5 s). */
  mediaProbeTimeoutMs?: number;
}

export interface YoumiV1ChatQuery {
  /** ad_friend_wenober: the friend's WeChat id; omitted = every friend. */
  friendWxId?: string;
  /** ad_wechat_id: the operator account. */
  wechatId?: number | string;
  /** Epoch ms (sent as China time "YYYY-MM-DD HH:mm:ss") or the vendor's own text. */
  startDate?: number | string;
  endDate?: number | string;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface YoumiV1SendResult {
  taskId: string;
  /** The vendor's `values`, e.g. "提交成功". */
  answer: string;
  /** Media only: the size found before sending, or why it is unknown. */
  media?: MediaSize;
}

const MEDIA_LABEL = { image: { zh: '图片', en: 'image' }, file: { zh: '文件', en: 'file' }, video: { zh: '视频', en: 'video' } } as const;

export class YoumiV1Client {
  private readonly transport: YoumiTransport;

  constructor(private readonly options: YoumiV1ClientOptions) {
    this.transport = new YoumiTransport(options, (token) => ({ access_token: token }));
  }

  /** One page of chat records, newest first as the vendor returns them. */
  async listChatRecords(query: YoumiV1ChatQuery = {}, signal?: AbortSignal): Promise<YoumiChatPage> {
    const envelope = await this.transport.call({
      method: 'GET',
      path: 'ChatMess',
      endpoint: YOUMI_V1_ENDPOINTS.list,
      query: {
        ad_friend_wenober: query.friendWxId,
        ad_wechat_id: query.wechatId,
        startDate: vendorDate(query.startDate),
        endDate: vendorDate(query.endDate),
        page: query.page ?? 1,
        pagesize: query.pageSize ?? 100,
      },
      headers: { 'content-type': 'text/json' },
      retry: 'safe',
      ...(signal ? { signal } : {}),
    });
    return chatPage(envelope, YOUMI_V1_ENDPOINTS.list, 'v1', this.transport.undecoded);
  }

  /**
   * Submits a send task. Safe to retry because Youmi keys tasks on `taskId`: the outbox keeps the
   * id of each message and a repeat of the same task does not send twice. Media URLs are checked
   * against the doc's size limits first.
   */
  async sendTask(task: YoumiV1Task, signal?: AbortSignal): Promise<YoumiV1SendResult> {
    validateV1Task(task);
    let media: MediaSize | undefined;
    if (task.type !== 'text') {
      media = await checkMediaSize(task.content, V1_SIZE_LIMITS[task.type], MEDIA_LABEL[task.type], {
        timeoutMs: this.options.mediaProbeTimeoutMs ?? 5_000,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        ...(this.options.logger ? { logger: this.options.logger } : {}),
      });
    }
    const envelope = await this.transport.call({
      method: 'POST',
      path: 'ChatMess',
      endpoint: YOUMI_V1_ENDPOINTS.send,
      json: v1TaskBody(task),
      headers: { 'content-type': 'text/json' },
      retry: 'safe',
      ...(signal ? { signal } : {}),
    });
    const answer = typeof envelope.values === 'string' ? envelope.values : JSON.stringify(envelope.values ?? null);
    return { taskId: task.taskId, answer, ...(media ? { media } : {}) };
  }
}

/** Epoch ms → "2018-05-11 14:47:48" in China time; text passes through as the caller wrote it. */
export function vendorDate(value: number | string | undefined): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return new Date(value + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

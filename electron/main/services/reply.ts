// Replying. A reply is written to the outbox first (pending, with its idempotency key) and the
// call returns at once; the sender then delivers it and marks it sent or failed. The outbox
// survives restarts, so nothing the agent typed is lost, and a reply is never sent twice:
// - Youmi v1 repeats a send only with the same taskId, which Youmi deduplicates;
// - Youmi v2 has no idempotency key, so a send whose answer was lost is never repeated
//   automatically: it is marked failed with "check the chat before resending".
import { randomUUID } from 'node:crypto';
import { AppError, appError, isAppError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { ReplyContent, replyMethods, QuickReply as QuickReplyWire } from '@shared/ipc/reply';
import type { Conversation, Message, MessageContent } from '@shared/model';
import type { Handlers } from '../ipc/router';
import type { AppContext } from '../app/context';
import { fullJitterDelay } from '../vendors/http/retry';
import { youmiConversationAddress } from '../vendors/youmi/decoder';
import type { YoumiRelationType, YoumiV2Message } from '../vendors/youmi/send';
import type { OutboxEntry, QuickReply as StoredQuickReply } from '../store';
import { messageForIpc } from './message-budget';

/** What the outbox stores for the sender: everything needed to send again after a restart. */
interface YoumiV2Payload {
  vendor: 'youmi';
  version: 'v2';
  wechatId: string;
  toUserName: string;
  relationType: YoumiRelationType;
  message: YoumiV2Message;
}

const MAX_AUTOMATIC_ATTEMPTS = 6;

/** How a reply shows in the conversation while it is pending, and its searchable text. */
export function replyDisplay(content: ReplyContent): { content: MessageContent; text: string } {
  switch (content.kind) {
    case 'text':
      return { content: { kind: 'text', body: { text: content.text } }, text: content.text };
    case 'image':
      return { content: { kind: 'image', body: { url: content.url } }, text: '[图片]' };
    case 'video':
      return { content: { kind: 'video', body: { url: content.url, ...(content.title ? { title: content.title } : {}), ...(content.thumbUrl ? { thumbUrl: content.thumbUrl } : {}) } }, text: `[视频] ${content.title ?? ''}`.trim() };
    case 'file':
      return { content: { kind: 'file', body: { url: content.url, name: content.name } }, text: `[文件] ${content.name}` };
    case 'link':
      return { content: { kind: 'link', body: { url: content.url, title: content.title, ...(content.description ? { description: content.description } : {}), ...(content.thumbUrl ? { thumbUrl: content.thumbUrl } : {}) } }, text: `[链接] ${content.title}` };
    case 'card':
      return { content: { kind: 'card', body: { cardType: 'personal', nickname: content.nickname } }, text: `[名片] ${content.nickname}` };
    case 'qvcard':
      return { content: { kind: 'card', body: { cardType: 'wecom', nickname: content.nickname, company: content.company } }, text: `[企业微信名片] ${content.nickname}` };
    case 'miniProgram':
      return { content: { kind: 'miniProgram', body: { title: content.name, appName: content.name } }, text: `[小程序] ${content.name}` };
    case 'officialAccount':
      return { content: { kind: 'card', body: { cardType: 'official', nickname: content.name } }, text: `[公众号] ${content.name}` };
    case 'batch': {
      const parts = content.items.map((item) => replyDisplay(item).text);
      return { content: { kind: 'text', body: { text: parts.join('\n') } }, text: parts.join('\n') };
    }
  }
}

function v2Message(content: ReplyContent): YoumiV2Message {
  switch (content.kind) {
    case 'text':
      return { msgType: 'text', text: content.text };
    case 'image':
      return { msgType: 'image', url: content.url };
    case 'video':
      return { msgType: 'video', url: content.url, ...(content.title ? { title: content.title } : {}), ...(content.thumbUrl ? { thumbnailUrl: content.thumbUrl } : {}) };
    case 'file':
      return { msgType: 'file', url: content.url, fileName: content.name };
    case 'link':
      return { msgType: 'link', url: content.url, title: content.title, ...(content.description ? { description: content.description } : {}), ...(content.thumbUrl ? { thumbMediaUrl: content.thumbUrl } : {}) };
    case 'card':
      return { msgType: 'card', nickname: content.nickname };
    case 'qvcard':
      return { msgType: 'qvcard', nickname: content.nickname, companyName: content.company };
    case 'miniProgram':
      return { msgType: 'mp', name: content.name };
    case 'officialAccount':
      return { msgType: 'gzh', name: content.name };
    case 'batch':
      return { msgType: 'batch', items: content.items.map((item) => v2Message(item) as Extract<YoumiV2Message, { msgType: 'text' | 'image' | 'video' | 'file' | 'link' }>) };
  }
}

/**
 * Personal-WeChat conversations can send business cards; WeCom, official-account and mini-program
 * ones cannot (youmiV2ReplyKinds), so the capabilities the sync stored tell the relation apart.
 */
function relationTypeOf(conversation: Conversation): YoumiRelationType {
  return conversation.capabilities.includes('card') ? 0 : 3;
}

export class ReplyService {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> | undefined;
  private stopped = false;
  /** Set while the app restarts to install an update: replies queue but are not sent. */
  private held = false;
  private readonly inFlight = new Set<number>();

  constructor(private readonly context: AppContext) {}

  /** Picks up what a previous run left in the outbox, then keeps delivering. */
  start(): void {
    this.recoverInterrupted();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sending;
  }

  /** Replies being handed to a vendor right now. */
  sendingCount(): number {
    return this.inFlight.size;
  }

  /**
   * Starts no new delivery until released: replies sent meanwhile are written to the outbox as
   * always and go out after the restart. `idle` resolves once the delivery under way has ended.
   */
  holdDeliveries(): { idle: Promise<void>; release(): void } {
    this.held = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const idle = (this.sending ?? Promise.resolve()).then(
      () => undefined,
      () => undefined,
    );
    let released = false;
    return {
      idle,
      release: () => {
        if (released) return;
        released = true;
        this.held = false;
        this.kick();
      },
    };
  }

  send(conversationId: number, content: ReplyContent): Message {
    const { store } = this.context;
    const conversation = store.conversations.get(conversationId);
    if (!conversation) throw appError('NOT_FOUND', '会话不存在或已被删除', 'Conversation not found');
    if (conversation.readOnly) {
      throw appError('UNSUPPORTED', conversation.readOnlyReason ?? '这个会话只能查看，不能回复', 'This conversation is read-only; replies cannot be sent from here', { conversationId });
    }
    const kinds = content.kind === 'batch' ? ['batch' as const] : [content.kind];
    if (!kinds.every((k) => conversation.capabilities.includes(k))) {
      throw appError('UNSUPPORTED', '这个会话不支持发送这种消息', 'This conversation cannot send that kind of message', { kind: content.kind, capabilities: conversation.capabilities });
    }
    const payload = this.payloadFor(conversation, content);
    const display = replyDisplay(content);
    const queued = store.outbox.enqueue({
      conversationId,
      kind: content.kind,
      payload,
      idempotencyKey: randomUUID(),
      content: display.content,
      text: display.text,
    });
    this.announce(queued.message);
    this.kick();
    return queued.message;
  }

  retry(messageId: number): Message {
    const { store } = this.context;
    const message = store.messages.get(messageId);
    if (!message) throw appError('NOT_FOUND', '消息不存在', 'Message not found');
    const entry = store.outbox.ofConversation(message.conversationId).find((e) => e.messageId === messageId);
    if (!entry) throw appError('UNSUPPORTED', '只有发送失败的回复可以重试', 'Only a failed reply can be retried', { messageId });
    store.outbox.retry(entry.id);
    const updated = store.messages.get(messageId);
    if (updated) this.announce(updated);
    this.kick();
    return updated ?? message;
  }

  private payloadFor(conversation: Conversation, content: ReplyContent): YoumiV2Payload {
    const clients = this.context.vendors.clientsFor(conversation.accountId);
    if (clients.vendor !== 'youmi') {
      throw appError('UNSUPPORTED', '这个会话只能查看，不能回复', 'This conversation is read-only', { vendor: clients.vendor });
    }
    if (clients.version !== 'v2') {
      // v1's send task needs ad_friend_id and the operator's original WeChat id, which no
      // documented read endpoint returns; sending with guessed values would reach the wrong person.
      throw appError(
        'UNSUPPORTED',
        '友米 v1 接口没有提供发送所需的好友编号，请在设置中将该账号切换为 v2 后回复',
        "Youmi's v1 API does not give the friend number a send needs; switch this account to v2 in Settings to reply",
        { vendor: 'youmi', version: 'v1' },
      );
    }
    const address = youmiConversationAddress(conversation.vendorConversationId);
    if (!address) throw appError('INTERNAL', '会话标识无法识别', 'The conversation id is not recognised', { conversationId: conversation.id });
    return { vendor: 'youmi', version: 'v2', wechatId: String(address.wechatId), toUserName: address.fansKey, relationType: relationTypeOf(conversation), message: v2Message(content) };
  }

  /** Replies that were being sent when the app stopped: their outcome is unknown. */
  private recoverInterrupted(): void {
    const { store } = this.context;
    for (const entry of store.outbox.listDue(Number.MAX_SAFE_INTEGER, 500)) {
      if (entry.attempts > 0 && isV2(entry.payload) && entry.lastError === IN_FLIGHT) {
        const updated = store.outbox.markFailed(entry.id, UNKNOWN_OUTCOME);
        const message = store.messages.get(updated.messageId);
        if (message) this.announce(message);
      }
    }
  }

  private kick(delayMs = 0): void {
    if (this.stopped || this.held) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.sending) this.sending = this.deliverDue().finally(() => (this.sending = undefined));
      else this.kick(200);
    }, delayMs);
  }

  private async deliverDue(): Promise<void> {
    const { store, clock } = this.context;
    const due = store.outbox.listDue(clock.now(), 20).filter((e) => !this.inFlight.has(e.id));
    for (const entry of due) {
      if (this.stopped || this.held) return;
      await this.deliver(entry);
    }
    const next = store.outbox.listDue(Number.MAX_SAFE_INTEGER, 1)[0];
    if (next) this.kick(Math.max(50, next.nextAttemptAt - clock.now()));
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const { store, vendors, clock, logger } = this.context;
    this.inFlight.add(entry.id);
    try {
      const payload = entry.payload;
      if (!isV2(payload)) {
        this.finish(store.outbox.markFailed(entry.id, '无法识别的待发送内容 / Unrecognised queued reply'));
        return;
      }
      const clients = vendors.clientsFor(entry.accountId);
      if (clients.vendor !== 'youmi' || !clients.v2) throw appError('UNSUPPORTED', '账号已不再支持回复', 'The account can no longer reply', {});
      const result = await clients.v2.sendMessage(
        {
          address: { wechatId: payload.wechatId, toUserName: payload.toUserName },
          relationType: payload.relationType,
          message: payload.message,
        },
        {
          // Marked when the request goes out, not before: if the app dies while the token is read
          // from the keychain or the rate limiter waits, nothing left and the next start sends the
          // reply; if it dies after this, the next start knows the outcome is unknown.
          onDispatch: () => store.outbox.markFailed(entry.id, IN_FLIGHT, clock.now() + 60_000),
        },
      );
      this.finish(store.outbox.markSent(entry.id, result.taskId));
    } catch (error) {
      const appErr = isAppError(error) ? error : new AppError({ code: 'INTERNAL', message: 'Sending failed', messageZh: '发送失败' });
      const outcomeUnknown = appErr.details?.sendOutcome === 'unknown';
      const reason = outcomeUnknown ? UNKNOWN_OUTCOME : `${appErr.messageZh} / ${appErr.message}`;
      // Only failures where nothing reached the vendor are retried by themselves.
      const transient = appErr.retryable && !outcomeUnknown && entry.attempts < MAX_AUTOMATIC_ATTEMPTS;
      const retryAt = transient ? clock.now() + Math.max(1000, fullJitterDelay(entry.attempts, { baseMs: 2000, capMs: 5 * 60_000 })) : undefined;
      logger.warn('reply not sent', { outboxId: entry.id, code: appErr.code, willRetry: transient });
      this.finish(store.outbox.markFailed(entry.id, reason, retryAt));
    } finally {
      this.inFlight.delete(entry.id);
    }
  }

  private finish(entry: OutboxEntry): void {
    const message = this.context.store.messages.get(entry.messageId);
    if (message) this.announce(message);
  }

  private announce(message: Message): void {
    const { bus, store } = this.context;
    bus.emit('inbox.onDidChangeMessages', { messages: [messageForIpc(message)] });
    const conversation = store.conversations.get(message.conversationId);
    if (conversation) bus.emit('inbox.onDidChangeConversations', { conversations: [conversation] });
  }
}

const IN_FLIGHT = 'sending';
const UNKNOWN_OUTCOME = '发送结果未知：请先在会话中确认对方是否已收到，再决定是否重发 / The send outcome is unknown: check the chat before sending again';

function isV2(payload: unknown): payload is YoumiV2Payload {
  return typeof payload === 'object' && payload !== null && (payload as YoumiV2Payload).vendor === 'youmi' && (payload as YoumiV2Payload).version === 'v2';
}

function toQuickReply(stored: StoredQuickReply): QuickReplyWire | undefined {
  const media = stored.media ?? {};
  const str = (key: string) => (typeof media[key] === 'string' ? (media[key] as string) : undefined);
  let content: ReplyContent | undefined;
  switch (stored.kind) {
    case 'text':
      content = { kind: 'text', text: stored.text || stored.title };
      break;
    case 'image':
      content = str('url') ? { kind: 'image', url: str('url')! } : undefined;
      break;
    case 'video':
      content = str('url') ? { kind: 'video', url: str('url')!, ...(str('title') ? { title: str('title')! } : {}) } : undefined;
      break;
    case 'file':
      content = str('url') && str('name') ? { kind: 'file', url: str('url')!, name: str('name')! } : undefined;
      break;
    case 'link':
      content = str('url') ? { kind: 'link', url: str('url')!, title: str('title') ?? stored.title } : undefined;
      break;
  }
  return content ? { id: stored.id, title: stored.title, content, updatedAt: stored.updatedAt } : undefined;
}

function toQuickReplyInput(title: string, content: ReplyContent) {
  switch (content.kind) {
    case 'text':
      return { kind: 'text' as const, title, text: content.text };
    case 'image':
      return { kind: 'image' as const, title, media: { url: content.url } };
    case 'video':
      return { kind: 'video' as const, title, media: { url: content.url, ...(content.title ? { title: content.title } : {}) } };
    case 'file':
      return { kind: 'file' as const, title, media: { url: content.url, name: content.name } };
    case 'link':
      return { kind: 'link' as const, title, media: { url: content.url, title: content.title } };
    default:
      throw appError('VALIDATION', '话术库只能保存文字、图片、视频、文件和链接', 'Quick replies hold text, images, videos, files and links only', { kind: content.kind });
  }
}

export function createReplyHandlers(context: AppContext, replies: ReplyService): Pick<Handlers<AppContract>, keyof typeof replyMethods> {
  const { store } = context;
  return {
    'reply.send': ({ conversationId, content }) => messageForIpc(replies.send(conversationId, content)),
    'reply.retry': ({ messageId }) => messageForIpc(replies.retry(messageId)),
    'reply.getDraft': ({ conversationId }) => ({ text: store.drafts.get(conversationId)?.text ?? '' }),
    'reply.saveDraft': ({ conversationId, text }) => {
      if (!store.conversations.get(conversationId)) throw appError('NOT_FOUND', '会话不存在', 'Conversation not found');
      store.drafts.set(conversationId, text);
      return {};
    },
    'quickReplies.list': ({ query }) =>
      (query ? store.quickReplies.search(query) : store.quickReplies.list()).map(toQuickReply).filter((q): q is QuickReplyWire => !!q),
    'quickReplies.save': ({ id, title, content }) => {
      const input = toQuickReplyInput(title, content);
      const saved = id ? store.quickReplies.update(id, input) : store.quickReplies.create(input);
      return toQuickReply(saved)!;
    },
    'quickReplies.remove': ({ id }) => {
      if (!store.quickReplies.remove(id)) throw appError('NOT_FOUND', '话术不存在', 'Quick reply not found');
      return {};
    },
  };
}

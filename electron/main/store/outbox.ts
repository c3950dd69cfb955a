// A reply is written down before it is sent: the outbox row and the pending message that shows it
// in the conversation are one transaction, and so is each later state change. The idempotency key
// is the vendor taskId the sender uses; it is unique here, so enqueueing twice (a renderer retry,
// a restart) returns the first entry, and a crash between sending and marking sent leads to the
// same task being sent again, which the vendor recognises by its taskId.
import { appError } from '@shared/errors';
import type { Message } from '@shared/model';
import type { ReadDb } from './db';
import type { WriteContext } from './ingest';
import { MESSAGE_INDEX, indexRecord } from './search/fts';
import { allocateTimeKey } from './time-key';
import { getConversation, recordConversationActivity } from './tables/conversations';
import { getMessage, insertMessage, setMessageStatus } from './tables/messages';
import {
  dueOutboxEntries,
  findOutboxEntryByKey,
  getOutboxEntry,
  insertOutboxEntry,
  setOutboxFailed,
  setOutboxRetry,
  setOutboxSent,
} from './tables/outbox';
import type { EnqueueReply, OutboxEntry } from './types';

export interface QueuedReply {
  entry: OutboxEntry;
  message: Message;
  /** False when the key was already queued: nothing new was written. */
  created: boolean;
}

/** The local id of the vendor message a pending reply shows as, until the vendor echoes its own. */
export const outboxMessageId = (idempotencyKey: string) => `outbox:${idempotencyKey}`;

function existingReply(ctx: WriteContext, entry: OutboxEntry, conversationId: number): QueuedReply {
  if (entry.conversationId !== conversationId) {
    throw appError(
      'CONFLICT',
      '这条回复的编号已被另一个会话使用,请重新发送',
      'This reply id is already used in another conversation; send the reply again',
      { idempotencyKey: entry.idempotencyKey },
    );
  }
  const message = getMessage(ctx.db, entry.messageId);
  if (!message) throw appError('INTERNAL', '待发送消息丢失', 'The pending message is missing', { outboxId: entry.id });
  return { entry, message, created: false };
}

export function enqueueReply(ctx: WriteContext, reply: EnqueueReply): QueuedReply {
  const { db, now } = ctx;
  if (!reply.idempotencyKey) {
    throw appError('VALIDATION', '回复缺少任务编号', 'The reply has no task id', {});
  }
  return db.transaction(() => {
    const queued = findOutboxEntryByKey(db, reply.idempotencyKey);
    if (queued) return existingReply(ctx, queued, reply.conversationId);
    const conversation = getConversation(db, reply.conversationId);
    if (!conversation) {
      throw appError('NOT_FOUND', '会话不存在,可能已被删除', 'The conversation no longer exists', {
        conversationId: reply.conversationId,
      });
    }
    if (conversation.readOnly) {
      throw appError(
        'UNSUPPORTED',
        conversation.readOnlyReason ?? '这个会话只能查看,不能回复',
        'This conversation is read-only; replies cannot be sent from here',
        { conversationId: conversation.id },
      );
    }
    const messageId = allocateTimeKey(now, ctx.timeKeys.messages);
    const message: Message = {
      id: messageId,
      accountId: conversation.accountId,
      conversationId: conversation.id,
      vendorMsgId: outboxMessageId(reply.idempotencyKey),
      direction: 'out',
      sentAt: now,
      ...reply.content,
      text: reply.text,
      status: 'pending',
      raw: '',
    };
    insertMessage(db, {
      id: messageId,
      accountId: message.accountId,
      conversationId: message.conversationId,
      vendorMsgId: message.vendorMsgId,
      direction: 'out',
      sentAt: now,
      kind: reply.content.kind,
      text: reply.text,
      body: JSON.stringify(reply.content.body),
      status: 'pending',
      senderId: null,
      senderName: null,
      raw: '',
    });
    indexRecord(db, MESSAGE_INDEX, messageId);
    recordConversationActivity(db, conversation.id, { messageId, sentAt: now, preview: reply.text.slice(0, 120) }, 0);
    const id = insertOutboxEntry(
      db,
      {
        accountId: conversation.accountId,
        conversationId: conversation.id,
        messageId,
        kind: reply.kind,
        payload: reply.payload,
        idempotencyKey: reply.idempotencyKey,
      },
      now,
    );
    return { entry: getOutboxEntry(db, id)!, message, created: true };
  });
}

function requireEntry(ctx: WriteContext, id: number): OutboxEntry {
  const entry = getOutboxEntry(ctx.db, id);
  if (!entry) throw appError('NOT_FOUND', '待发送记录不存在', 'The queued reply no longer exists', { outboxId: id });
  return entry;
}

export function markReplySent(ctx: WriteContext, id: number, vendorTaskId: string): OutboxEntry {
  return ctx.db.transaction(() => {
    const entry = requireEntry(ctx, id);
    if (entry.state === 'sent') return entry;
    setOutboxSent(ctx.db, id, vendorTaskId, ctx.now);
    setMessageStatus(ctx.db, entry.messageId, 'sent', null);
    return requireEntry(ctx, id);
  });
}

/** With `retryAt` the reply stays pending and the sender tries again then; without, it has failed. */
export function markReplyFailed(ctx: WriteContext, id: number, reason: string, retryAt?: number): OutboxEntry {
  return ctx.db.transaction(() => {
    const entry = requireEntry(ctx, id);
    // A late error from an earlier attempt must not undo a confirmed send.
    if (entry.state === 'sent') return entry;
    setOutboxFailed(ctx.db, id, reason, retryAt ?? null, ctx.now);
    setMessageStatus(ctx.db, entry.messageId, retryAt === undefined ? 'failed' : 'pending', reason);
    return requireEntry(ctx, id);
  });
}

/** The agent pressed "retry" on a failed reply. */
export function retryReply(ctx: WriteContext, id: number): OutboxEntry {
  return ctx.db.transaction(() => {
    const entry = requireEntry(ctx, id);
    if (entry.state !== 'failed') return entry;
    setOutboxRetry(ctx.db, id, ctx.now);
    setMessageStatus(ctx.db, entry.messageId, 'pending', null);
    return requireEntry(ctx, id);
  });
}

export function dueReplies(db: ReadDb, now: number, limit = 50): OutboxEntry[] {
  return dueOutboxEntries(db, now, limit);
}

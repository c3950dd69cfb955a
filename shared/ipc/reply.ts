// Replying: what the agent sends, drafts, and the quick-reply library (话术库).
import { z } from 'zod';
import { Message } from '../model';
import { method } from './define';
import { LocalId } from './common';
import { httpUrl, multiLine, singleLine } from './text';

const HttpUrl = httpUrl({ max: 2048 });
const Title = singleLine({ min: 1, max: 200 });
const Name = singleLine({ min: 1, max: 100 });

export const ReplyText = z.object({ kind: z.literal('text'), text: multiLine({ min: 1, max: 4000 }) });
export const ReplyImage = z.object({ kind: z.literal('image'), url: HttpUrl });
export const ReplyVideo = z.object({ kind: z.literal('video'), url: HttpUrl, title: singleLine({ max: 200 }).optional(), thumbUrl: HttpUrl.optional() });
export const ReplyFile = z.object({ kind: z.literal('file'), url: HttpUrl, name: Title });
export const ReplyLink = z.object({
  kind: z.literal('link'),
  url: HttpUrl,
  title: Title,
  description: multiLine({ max: 500 }).optional(),
  thumbUrl: HttpUrl.optional(),
});
export const ReplyCard = z.object({ kind: z.literal('card'), nickname: Name });
export const ReplyQvCard = z.object({ kind: z.literal('qvcard'), nickname: Name, company: Name });
export const ReplyMiniProgram = z.object({ kind: z.literal('miniProgram'), name: Name });
export const ReplyOfficialAccount = z.object({ kind: z.literal('officialAccount'), name: Name });

const BatchItem = z.discriminatedUnion('kind', [ReplyText, ReplyImage, ReplyVideo, ReplyFile, ReplyLink]);

export const ReplyContent = z.discriminatedUnion('kind', [
  ReplyText,
  ReplyImage,
  ReplyVideo,
  ReplyFile,
  ReplyLink,
  ReplyCard,
  ReplyQvCard,
  ReplyMiniProgram,
  ReplyOfficialAccount,
  z.object({ kind: z.literal('batch'), items: z.array(BatchItem).min(1).max(9) }),
]);
export type ReplyContent = z.infer<typeof ReplyContent>;

export const QuickReply = z.object({
  id: LocalId,
  title: z.string(),
  content: ReplyContent,
  updatedAt: z.number(),
});
export type QuickReply = z.infer<typeof QuickReply>;

export const replyMethods = {
  /** Writes the reply to the outbox (pending) and returns at once; status follows by event. */
  'reply.send': method(z.object({ conversationId: LocalId, content: ReplyContent }).strict(), Message),
  'reply.retry': method(z.object({ messageId: LocalId }).strict(), Message),
  'reply.getDraft': method(z.object({ conversationId: LocalId }).strict(), z.object({ text: z.string() })),
  'reply.saveDraft': method(z.object({ conversationId: LocalId, text: multiLine({ max: 4000, trim: false }) }).strict(), z.object({})),
  'quickReplies.list': method(z.object({ query: singleLine({ max: 100 }).optional() }).strict(), z.array(QuickReply)),
  'quickReplies.save': method(
    z.object({ id: LocalId.optional(), title: singleLine({ min: 1, max: 60 }), content: ReplyContent }).strict(),
    QuickReply,
  ),
  'quickReplies.remove': method(z.object({ id: LocalId }).strict(), z.object({})),
};

export const replyEvents = {};

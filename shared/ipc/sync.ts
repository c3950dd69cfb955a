// Sync status per account and stream, with first-sync progress and health.
import { z } from 'zod';
import { SerializedError } from '../errors';
import { Conversation } from '../model';
import { method } from './define';
import { AccountId } from './common';
import { YoumiFansKey, YoumiWechatId } from './youmi';

export const SyncStream = z.enum(['messages', 'contacts', 'groups', 'calls', 'sms', 'customers', 'agents', 'reports']);
export type SyncStream = z.infer<typeof SyncStream>;

/**
 * Something the agent should know about a stream that is neither progress nor an error. Youmi v2
 * cannot list conversations and finds them through v1's all-records feed; when that feed names
 * none of the followed operating accounts' conversations, the account would otherwise sit
 * "connected" with an empty inbox and no word of why.
 */
export const StreamNotice = z.object({
  code: z.literal('noConversationsFound'),
  /** The operating accounts the account follows (settings). */
  followedWechatIds: z.array(z.string()),
  /** Operating accounts whose records the feed did return, none of them followed: a hint the ids are wrong. */
  otherWechatIds: z.array(z.string()),
  /** Conversations the agent added by their key, read directly. */
  added: z.number().int().nonnegative(),
});
export type StreamNotice = z.infer<typeof StreamNotice>;

export const StreamStatus = z.object({
  stream: SyncStream,
  phase: z.enum(['idle', 'backfill', 'incremental', 'paused', 'error', 'waiting']),
  done: z.number().int().nonnegative(),
  estimatedTotal: z.number().int().nonnegative().optional(),
  lastSuccessAt: z.number().optional(),
  /** When lastError happened: the renderer tells "failing since" from "failed, then recovered elsewhere". */
  lastFailureAt: z.number().optional(),
  nextPollAt: z.number().optional(),
  lastError: SerializedError.optional(),
  notice: StreamNotice.optional(),
});
export type StreamStatus = z.infer<typeof StreamStatus>;

export const AccountSyncStatus = z.object({
  accountId: AccountId,
  paused: z.boolean(),
  streams: z.array(StreamStatus),
});
export type AccountSyncStatus = z.infer<typeof AccountSyncStatus>;

export const syncMethods = {
  'sync.getStatus': method(z.object({}).strict(), z.array(AccountSyncStatus)),
  'sync.pause': method(z.object({ accountId: AccountId }).strict(), AccountSyncStatus),
  'sync.resume': method(z.object({ accountId: AccountId }).strict(), AccountSyncStatus),
  'sync.syncNow': method(z.object({ accountId: AccountId.optional() }).strict(), z.object({})),
  /**
   * Youmi v2: follow one conversation the change feed does not name, by what GetChat addresses it
   * with: the operating account (ad_wechat_id, one the account follows) and the fan's key
   * (ad_chatting_talter: a WeChat id such as wxid_…, or a group's …@chatroom). Youmi is asked
   * first; a key it has no chat for is refused. The conversation then syncs every poll.
   */
  'sync.addYoumiConversation': method(
    z
      .object({
        accountId: AccountId,
        wechatId: YoumiWechatId,
        fansKey: YoumiFansKey,
      })
      .strict(),
    Conversation,
  ),
  /**
   * The page's view of the network (navigator.onLine), sent when it changes and on connect: the
   * network coming back syncs every account at once (sync/wake.ts) instead of after its backoff.
   */
  'sync.reportNetwork': method(z.object({ online: z.boolean() }).strict(), z.object({})),
};

export const syncEvents = {
  'sync.onDidProgress': AccountSyncStatus,
  'sync.onDidFail': z.object({ accountId: AccountId, stream: SyncStream, error: SerializedError }),
};

// Youmi (友米聚合): chat records of the operator WeChat accounts the agent follows.
//
// v1 tenants: ChatMess GET is the whole story: a newest-first backfill over the sync window, then
// a head that re-reads the last minutes every poll (see windows.ts).
//
// v2 tenants: GetChat is the authoritative, incremental read (`minChattingId`), but it needs a
// fan key per conversation and cannot list conversations. Discovery choice: v1's all-friends
// query (ChatMess without a friend filter) is used as the change feed. The backfill walks it
// newest page first over the sync window and queues every conversation it names; the head reads
// its last minutes every poll and queues the conversations that moved. Queued conversations are
// then read through GetChat from their saved `minChattingId` (or, the first time, from the start
// of the sync window), one page per step, each page stored with its cursor in one transaction.
// v1 rows are never stored for a v2 account (their ids differ from v2's). In case the feed misses
// something, the conversations already known are re-checked a few at a time every sweep interval.
// The queue lives in the stream's cursor, written with the discovery page that filled it, so a
// crash cannot lose a conversation that still needs reading.
//
// When the feed names no conversation of the followed accounts at all (the v1 token sees other
// accounts, or none), the stream says so (StreamNotice) instead of looking finished and empty, and
// the agent can add a conversation by its key (addYoumiConversation): those are read every poll.
import { z } from 'zod';
import { appError, isAppError } from '@shared/errors';
import type { DecodedMessage, ReplyKind } from '@shared/model';
import type { StreamNotice, SyncStream } from '@shared/ipc/sync';
import type { ConversationUpsert } from '../../store';
import type { YoumiV1Client } from '../../vendors/youmi/v1-client';
import type { YoumiV2Client } from '../../vendors/youmi/v2-client';
import { youmiConversationAddress } from '../../vendors/youmi/decoder';
import { YOUMI_V1_REPLY_KINDS, youmiV2ReplyKinds } from '../../vendors/youmi/send';
import type { StreamPlan } from '../engine';
import type { StepResult, StreamTask } from '../poller';
import { backfillStep, BackfillState, HeadState, headStep, MINUTE, newBackfill, syncWindowStart, widenBackfill, type TimedSource } from '../windows';
import { FirstNames, newestNamed, readCursor, WindowedStream, type AccountSync } from './kit';

/** Youmi v1 serves at most 500 rows a page. */
const V1_PAGE_SIZE = 500;
const V2_PAGE_SIZE = 100;
const OVERLAP = 5 * MINUTE;
const SWEEP_BATCH = 10;
const SWEEP_SCOPE = 200;
/** Each is one GetChat per poll; the limiter paces them inside Youmi's budget. */
export const MAX_ADDED_CONVERSATIONS = 50;
/** How many operating-account ids the notice names as seen in the feed. */
const OTHER_IDS_SHOWN = 10;

type YoumiClients = { version: 'v1' | 'v2'; v1: YoumiV1Client; v2: YoumiV2Client | undefined; followed: Set<string> };

function youmiClients(sync: AccountSync): YoumiClients {
  const clients = sync.clients();
  if (clients.vendor !== 'youmi') throw new Error(`account ${sync.accountId} is not a Youmi account`);
  const ids = clients.account.settings['wechatIds'];
  const followed = new Set(Array.isArray(ids) ? ids.map(String) : []);
  return { version: clients.version, v1: clients.v1, v2: clients.v2, followed };
}

function isFollowed(followed: Set<string>, key: string): boolean {
  return followed.size === 0 || followed.has(key.slice(0, key.indexOf(':')));
}

/** v1's all-records query, as a time-windowed source; one operator account is asked for by id. */
function v1Source(sync: AccountSync): TimedSource<DecodedMessage> {
  const { v1, followed } = youmiClients(sync);
  const only = followed.size === 1 ? [...followed][0] : undefined;
  return {
    pageSize: V1_PAGE_SIZE,
    timeOf: (m) => m.sentAt,
    fetch: async ({ start, end, page, pageSize, signal }) => ({
      items: (await v1.listChatRecords({ startDate: start, endDate: end, page, pageSize, ...(only ? { wechatId: only } : {}) }, signal)).messages,
    }),
  };
}

/** Conversation facts from the rows of a page: kind, the newest name and avatar, what can be sent. */
function conversationsOf(messages: DecodedMessage[], capabilities: ReplyKind[]): ConversationUpsert[] {
  return [...newestNamed(messages)].map(([conversationKey, m]) => ({
    conversationKey,
    kind: conversationKey.endsWith('@chatroom') ? 'group' : 'direct',
    ...(m?.peerName ? { title: m.peerName } : {}),
    ...(m?.peerAvatarUrl ? { avatarUrl: m.peerAvatarUrl } : {}),
    readOnly: false,
    capabilities,
  }));
}

/** Youmi reports no relation type on chat rows; the followed accounts are personal WeChat (RelationType 0). */
const V2_CAPABILITIES = youmiV2ReplyKinds(0);

function youmiV1Messages(sync: AccountSync): WindowedStream<DecodedMessage> {
  const names = new FirstNames();
  return new WindowedStream({
    stream: 'messages',
    cursorKey: 'messages',
    sync,
    source: () => v1Source(sync),
    overlapMs: OVERLAP,
    persist(items, cursor, { anchor, backfill }) {
      const { followed } = youmiClients(sync);
      const messages = items.filter((m) => isFollowed(followed, m.conversationKey));
      const found = conversationsOf(messages, [...YOUMI_V1_REPLY_KINDS]);
      const conversations = backfill ? names.keepNewest(found) : found;
      sync.sink.messages({ accountId: sync.accountId, vendor: 'youmi', messages, conversations, cursor }, anchor);
    },
  });
}

const V2State = z.object({
  anchor: z.number(),
  discovery: BackfillState,
  head: HeadState,
  /** Conversations to read through GetChat, in order. */
  pending: z.array(z.string()),
  /** Rows the discovery backfill saw (the progress bar's total) and messages stored meanwhile. */
  discovered: z.number().int().nonnegative(),
  stored: z.number().int().nonnegative(),
  sweepPos: z.number().int().nonnegative(),
  /** The first sync is complete: the discovery walked the window and every queued conversation was read. */
  caughtUp: z.boolean(),
  /** The feed has named a conversation of a followed account (absent in cursors written before it was kept). */
  feedFound: z.boolean().optional(),
  /** While it has not: the operating accounts whose records it did return. */
  otherWechatIds: z.array(z.string()).optional(),
});
type V2State = z.infer<typeof V2State>;

const ConversationCursor = z.object({ minChattingId: z.number().int().nonnegative() });
const conversationCursorKey = (key: string) => `messages:conv:${key}`;

/** Conversations the agent added by key, in the order added. Written only by addYoumiConversation. */
const ADDED_CURSOR = 'messages:added';
const AddedConversations = z.object({ keys: z.array(z.string()) });

function addedConversations(sync: AccountSync): string[] {
  return readCursor(sync.store, sync.accountId, ADDED_CURSOR, AddedConversations)?.keys ?? [];
}

const operatorOf = (key: string) => key.slice(0, key.indexOf(':'));

class YoumiV2Messages implements StreamTask {
  readonly stream: SyncStream = 'messages';
  private state: V2State | undefined;
  private lastHeadAt = Number.NEGATIVE_INFINITY;
  private lastSweepAt: number | undefined;
  private lastProbeAt = Number.NEGATIVE_INFINITY;
  /** Within a poll: the head has run; what it queued is being read. */
  private polling = false;
  private readonly names = new FirstNames();

  constructor(private readonly sync: AccountSync) {}

  onSyncNow(): void {
    this.polling = false;
  }

  async step(signal: AbortSignal): Promise<StepResult> {
    const { sync } = this;
    const now = sync.clock.now();
    let state = this.state ?? this.load(now);
    state = { ...state, discovery: widenBackfill(state.discovery, syncWindowStart(now, sync.windowDays())) };
    this.lastSweepAt ??= now;

    // Every poll starts with the head; during a long first sync it still gets its turn each interval.
    if (state.head.window || !this.polling || now - this.lastHeadAt >= sync.intervals.messagesMs) {
      const result = await headStep(v1Source(sync), state.head, now, OVERLAP, signal);
      let next: V2State = { ...state, head: result.next };
      if (!result.next.window) {
        this.lastHeadAt = now;
        this.polling = true;
        // Once per poll: what the feed cannot name (added by the agent), and now and then the rest.
        next = this.queue(next, addedConversations(sync));
        if (next.discovery.finished && now - this.lastSweepAt >= sync.intervals.sweepMs) {
          this.lastSweepAt = now;
          const sweep = this.sweepBatch(next.sweepPos);
          next = this.queue({ ...next, sweepPos: sweep.sweepPos }, sweep.keys);
        }
      }
      this.discover(result.items, next, false);
    } else if (state.pending.length > 0) {
      await this.readConversation(state, signal);
    } else if (!state.discovery.finished) {
      const result = await backfillStep(v1Source(sync), state.discovery, signal);
      this.discover(result.items, { ...state, discovery: result.next }, true);
    } else if (this.probeDue(state, now)) {
      await this.probe(state, now, signal);
    }
    const progress = this.progress(now);
    if (!progress.more) this.polling = false;
    return progress;
  }

  private progress(now: number): StepResult {
    let state = this.state!;
    if (!state.caughtUp && state.discovery.finished && state.pending.length === 0) {
      state = { ...state, caughtUp: true };
      this.sync.sink.cursor(this.sync.accountId, { stream: 'messages', value: state });
      this.state = state;
    }
    const notice = this.notice(state);
    return {
      more: state.head.window !== undefined || state.pending.length > 0 || !state.discovery.finished || this.probeDue(state, now),
      phase: state.caughtUp ? 'incremental' : 'backfill',
      done: state.stored,
      estimatedTotal: Math.max(state.discovered, state.stored),
      ...(notice ? { notice } : {}),
    };
  }

  /** The whole window walked and not one followed conversation named: say so, and what was seen. */
  private notice(state: V2State): StreamNotice | undefined {
    if (!state.caughtUp || state.feedFound) return undefined;
    const { followed } = youmiClients(this.sync);
    return {
      code: 'noConversationsFound',
      followedWechatIds: [...followed],
      otherWechatIds: state.otherWechatIds ?? [],
      added: addedConversations(this.sync).filter((key) => isFollowed(followed, key)).length,
    };
  }

  /**
   * With one followed account the feed is asked for that account only, so it cannot tell "wrong
   * id" from "the token sees nothing". After a first sync that found nothing, and again every
   * sweep interval while that lasts, one unfiltered page tells them apart.
   */
  private probeDue(state: V2State, now: number): boolean {
    return state.caughtUp && !state.feedFound && youmiClients(this.sync).followed.size === 1 && now - this.lastProbeAt >= this.sync.intervals.sweepMs;
  }

  private async probe(state: V2State, now: number, signal: AbortSignal): Promise<void> {
    this.lastProbeAt = now;
    const page = await youmiClients(this.sync).v1.listChatRecords({ startDate: state.discovery.lower, endDate: now, page: 1, pageSize: V2_PAGE_SIZE }, signal);
    this.discover(page.messages, state, false);
  }

  private load(now: number): V2State {
    const saved = readCursor(this.sync.store, this.sync.accountId, 'messages', V2State);
    // A cursor from before feedFound was kept: a conversation in the cache means the feed found it.
    if (saved) return saved.feedFound !== undefined ? saved : { ...saved, feedFound: this.sync.store.conversations.page({ accountId: this.sync.accountId }, { limit: 1 }).items.length > 0 };
    return {
      anchor: now,
      discovery: newBackfill(now, syncWindowStart(now, this.sync.windowDays())),
      head: { since: now },
      pending: [],
      discovered: 0,
      stored: 0,
      sweepPos: 0,
      caughtUp: false,
      feedFound: false,
      otherWechatIds: [],
    };
  }

  /** Queues the conversations a page of v1 rows names; stores their names, and the queue, in one go. */
  private discover(rows: DecodedMessage[], next: V2State, backfill: boolean): void {
    const { followed } = youmiClients(this.sync);
    const mine = rows.filter((m) => isFollowed(followed, m.conversationKey) && youmiConversationAddress(m.conversationKey));
    let state = { ...this.queue(next, mine.map((m) => m.conversationKey)), discovered: next.discovered + (backfill ? mine.length : 0) };
    if (mine.length > 0) state = { ...state, feedFound: true, otherWechatIds: [] };
    else if (!state.feedFound) state = { ...state, otherWechatIds: this.othersSeen(state.otherWechatIds ?? [], rows) };
    const found = conversationsOf(mine, V2_CAPABILITIES);
    this.sync.sink.conversations(this.sync.accountId, backfill ? this.names.keepNewest(found) : found, { stream: 'messages', value: state });
    this.state = state;
  }

  /** One GetChat page of the first queued conversation. */
  private async readConversation(state: V2State, signal: AbortSignal): Promise<void> {
    const { sync } = this;
    const key = state.pending[0]!;
    const address = youmiConversationAddress(key);
    const { v2 } = youmiClients(sync);
    const saved = readCursor(sync.store, sync.accountId, conversationCursorKey(key), ConversationCursor);
    if (!address || !v2) return this.dequeue(state, key);
    let page;
    try {
      page = await v2.getChat(
        {
          ...address,
          minChattingId: saved?.minChattingId ?? 0,
          ...(saved ? {} : { startTimestamp: Math.floor(state.discovery.lower / 1000) }),
          pageSize: V2_PAGE_SIZE,
          pageIndex: 1,
        },
        signal,
      );
    } catch (error) {
      // Youmi refusing this one conversation must not hold up the others; the sweep asks again.
      if (isAppError(error) && error.code === 'VENDOR' && !error.retryable) {
        sync.logger.warn('Youmi refused a conversation; skipped until the next sweep', { code: error.code });
        return this.dequeue(state, key);
      }
      throw error;
    }
    const minChattingId = Math.max(saved?.minChattingId ?? 0, page.lastChattingId ?? 0);
    const stored = sync.sink.messages(
      {
        accountId: sync.accountId,
        vendor: 'youmi',
        messages: page.messages,
        conversations: conversationsOf(page.messages, V2_CAPABILITIES),
        cursor: { stream: conversationCursorKey(key), value: { minChattingId } },
      },
      state.anchor,
    );
    const finished = page.rowCount < V2_PAGE_SIZE || page.lastChattingId === undefined || page.lastChattingId <= (saved?.minChattingId ?? 0);
    const next = { ...state, stored: state.stored + (state.caughtUp ? 0 : stored.inserted.length) };
    if (finished) this.dequeue(next, key);
    else this.state = next;
  }

  /** Adds conversations to the end of the queue, each once, if followed and addressable. */
  private queue(state: V2State, keys: readonly string[]): V2State {
    const { followed } = youmiClients(this.sync);
    const queued = new Set(state.pending);
    const fresh: string[] = [];
    for (const key of keys) {
      if (queued.has(key) || !isFollowed(followed, key) || !youmiConversationAddress(key)) continue;
      queued.add(key);
      fresh.push(key);
    }
    return fresh.length > 0 ? { ...state, pending: [...state.pending, ...fresh] } : state;
  }

  private othersSeen(seen: readonly string[], rows: readonly DecodedMessage[]): string[] {
    const ids = new Set(seen);
    for (const m of rows) {
      const id = operatorOf(m.conversationKey);
      if (id && id !== '?') ids.add(id);
    }
    return [...ids].sort((a, b) => Number(a) - Number(b)).slice(0, OTHER_IDS_SHOWN);
  }

  private dequeue(state: V2State, key: string): void {
    const next = { ...state, pending: state.pending.filter((k) => k !== key) };
    this.sync.sink.cursor(this.sync.accountId, { stream: 'messages', value: next });
    this.state = next;
  }

  /** A few of the most recently active conversations, in rotation, and where the next batch starts. */
  private sweepBatch(sweepPos: number): { keys: string[]; sweepPos: number } {
    const known = this.sync.store.conversations.page({ accountId: this.sync.accountId }, { limit: SWEEP_SCOPE }).items.map((c) => c.vendorConversationId);
    if (known.length === 0) return { keys: [], sweepPos };
    const start = sweepPos % known.length;
    const keys = [...known.slice(start, start + SWEEP_BATCH), ...known.slice(0, Math.max(0, start + SWEEP_BATCH - known.length))];
    return { keys, sweepPos: start + SWEEP_BATCH };
  }
}

/** `version` comes from the account's settings, so planning needs neither clients nor the keychain. */
export function youmiPlans(sync: AccountSync, version: 'v1' | 'v2'): StreamPlan[] {
  return [{ task: version === 'v2' ? new YoumiV2Messages(sync) : youmiV1Messages(sync), intervalMs: sync.intervals.messagesMs }];
}

/**
 * The agent adds a conversation the feed does not name, by what GetChat addresses it with.
 * Youmi is asked for it first, so a mistyped key does not become an empty conversation polled
 * forever; then the conversation and the list of added ones are stored in one transaction, and
 * the stream reads it from its next poll on. Returns the conversation key.
 */
export async function addYoumiConversation(sync: AccountSync, input: { wechatId: string; fansKey: string }, signal?: AbortSignal): Promise<string> {
  const { version, v2, followed } = youmiClients(sync);
  if (version !== 'v2' || !v2) {
    throw appError(
      'UNSUPPORTED',
      '只有友米 v2 账号需要按标识添加会话：v1 账号的聊天记录本身就包含全部会话',
      'Only Youmi v2 accounts add conversations by key: a v1 account reads every conversation from its chat records',
      { field: 'accountId' },
    );
  }
  if (!followed.has(input.wechatId)) {
    throw appError(
      'VALIDATION',
      `运营号 ${input.wechatId} 不是这个账号关注的运营号：请先在账号设置里加上它`,
      `Operating account ${input.wechatId} is not one this account follows: add it in the account settings first`,
      { field: 'wechatId' },
    );
  }
  if (/\s/.test(input.fansKey)) {
    throw appError('VALIDATION', '粉丝标识里不能有空格', 'A fan key has no spaces in it', { field: 'fansKey' });
  }
  const key = `${input.wechatId}:${input.fansKey}`;
  const address = youmiConversationAddress(key);
  if (!address) throw appError('VALIDATION', '运营号ID超出了友米聚合的范围', "The operating account id is beyond Youmi's range", { field: 'wechatId' });
  const full = () => {
    const added = addedConversations(sync);
    return !added.includes(key) && added.length >= MAX_ADDED_CONVERSATIONS;
  };
  const tooMany = () =>
    appError('VALIDATION', `每个账号最多按标识添加 ${MAX_ADDED_CONVERSATIONS} 个会话`, `An account follows at most ${MAX_ADDED_CONVERSATIONS} conversations added by key`, {
      field: 'fansKey',
      reason: 'tooMany',
    });
  if (full()) throw tooMany();

  const page = await v2.getChat({ ...address, pageSize: 1, pageIndex: 1 }, signal);
  if (page.rowCount === 0) {
    throw appError(
      'NOT_FOUND',
      `友米聚合里没有运营号 ${input.wechatId} 和这个粉丝的聊天记录：请核对粉丝标识（微信号如 wxid_…，群如 …@chatroom）`,
      `Youmi has no chat between operating account ${input.wechatId} and this fan: check the fan key (a WeChat id such as wxid_…, or a group's …@chatroom)`,
      { field: 'fansKey', reason: 'noChat' },
    );
  }
  // Read again after the wait: another add may have landed meanwhile.
  if (full()) throw tooMany();
  const added = addedConversations(sync);
  const [found] = conversationsOf(page.messages, V2_CAPABILITIES);
  const upsert: ConversationUpsert = { kind: key.endsWith('@chatroom') ? 'group' : 'direct', readOnly: false, capabilities: V2_CAPABILITIES, ...found, conversationKey: key };
  sync.sink.conversations(sync.accountId, [upsert], { stream: ADDED_CURSOR, value: { keys: added.includes(key) ? added : [...added, key] } });
  return key;
}

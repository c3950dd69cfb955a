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
import { z } from 'zod';
import { isAppError } from '@shared/errors';
import type { DecodedMessage, ReplyKind } from '@shared/model';
import type { SyncStream } from '@shared/ipc/sync';
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
});
type V2State = z.infer<typeof V2State>;

const ConversationCursor = z.object({ minChattingId: z.number().int().nonnegative() });
const conversationCursorKey = (key: string) => `messages:conv:${key}`;

class YoumiV2Messages implements StreamTask {
  readonly stream: SyncStream = 'messages';
  private state: V2State | undefined;
  private lastHeadAt = Number.NEGATIVE_INFINITY;
  private lastSweepAt: number | undefined;
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
      this.discover(result.items, { ...state, head: result.next }, false);
      if (!result.next.window) {
        this.lastHeadAt = now;
        this.polling = true;
      }
    } else if (state.pending.length > 0) {
      await this.readConversation(state, signal);
    } else if (!state.discovery.finished) {
      const result = await backfillStep(v1Source(sync), state.discovery, signal);
      this.discover(result.items, { ...state, discovery: result.next }, true);
    } else if (now - this.lastSweepAt >= sync.intervals.sweepMs) {
      this.lastSweepAt = now;
      this.sweep(state);
    }
    const progress = this.progress();
    if (!progress.more) this.polling = false;
    return progress;
  }

  private progress(): StepResult {
    let state = this.state!;
    if (!state.caughtUp && state.discovery.finished && state.pending.length === 0) {
      state = { ...state, caughtUp: true };
      this.sync.sink.cursor(this.sync.accountId, { stream: 'messages', value: state });
      this.state = state;
    }
    return {
      more: state.head.window !== undefined || state.pending.length > 0 || !state.discovery.finished,
      phase: state.caughtUp ? 'incremental' : 'backfill',
      done: state.stored,
      estimatedTotal: Math.max(state.discovered, state.stored),
    };
  }

  private load(now: number): V2State {
    const saved = readCursor(this.sync.store, this.sync.accountId, 'messages', V2State);
    if (saved) return saved;
    return {
      anchor: now,
      discovery: newBackfill(now, syncWindowStart(now, this.sync.windowDays())),
      head: { since: now },
      pending: [],
      discovered: 0,
      stored: 0,
      sweepPos: 0,
      caughtUp: false,
    };
  }

  /** Queues the conversations a page of v1 rows names; stores their names, and the queue, in one go. */
  private discover(rows: DecodedMessage[], next: V2State, backfill: boolean): void {
    const { followed } = youmiClients(this.sync);
    const mine = rows.filter((m) => isFollowed(followed, m.conversationKey) && youmiConversationAddress(m.conversationKey));
    const queued = new Set(next.pending);
    const added = [...new Set(mine.map((m) => m.conversationKey))].filter((key) => !queued.has(key));
    const state = { ...next, pending: [...next.pending, ...added], discovered: next.discovered + (backfill ? mine.length : 0) };
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

  private dequeue(state: V2State, key: string): void {
    const next = { ...state, pending: state.pending.filter((k) => k !== key) };
    this.sync.sink.cursor(this.sync.accountId, { stream: 'messages', value: next });
    this.state = next;
  }

  /** Re-checks a few of the most recently active conversations, in rotation. */
  private sweep(state: V2State): void {
    const known = this.sync.store.conversations.page({ accountId: this.sync.accountId }, { limit: SWEEP_SCOPE }).items.map((c) => c.vendorConversationId);
    if (known.length === 0) return;
    const start = state.sweepPos % known.length;
    const batch = [...known.slice(start, start + SWEEP_BATCH), ...known.slice(0, Math.max(0, start + SWEEP_BATCH - known.length))];
    const queued = new Set(state.pending);
    const next = { ...state, pending: [...state.pending, ...batch.filter((k) => !queued.has(k))], sweepPos: start + SWEEP_BATCH };
    this.sync.sink.cursor(this.sync.accountId, { stream: 'messages', value: next });
    this.state = next;
  }
}

/** `version` comes from the account's settings, so planning needs neither clients nor the keychain. */
export function youmiPlans(sync: AccountSync, version: 'v1' | 'v2'): StreamPlan[] {
  return [{ task: version === 'v2' ? new YoumiV2Messages(sync) : youmiV1Messages(sync), intervalMs: sync.intervals.messagesMs }];
}

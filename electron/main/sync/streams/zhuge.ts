// Zhuge radar (诸葛雷达) official-account chat: one account is one customer's conversation.
//
// Reads are destructive on the vendor: getmsg hands out the rows still flagged unread and clears
// the flag; the paged history clears it for the whole chat. So every answer is stored (one
// transaction) before anything else is asked, and nothing relies on the flags: each poll takes
// getmsg and then the newest history page, walking further back while a page holds only rows the
// cache has never seen. A getmsg answer lost to a crash or a dropped connection is therefore
// found again in the history, which returns every row whatever its flag. Newer servers mark the
// customer's own messages read as they store them (getmsg then carries only the agent's replies);
// the history poll is what finds those.
import { z } from 'zod';
import type { DecodedMessage } from '@shared/model';
import type { SyncStream } from '@shared/ipc/sync';
import type { CursorUpdate } from '../../store';
import type { ZhugeClient } from '../../vendors/zhuge/client';
import type { StreamPlan } from '../engine';
import type { StepResult, StreamTask } from '../poller';
import { syncWindowStart } from '../windows';
import { FirstNames, inAgentLanguage, newestNamed, readCursor, type AccountSync } from './kit';

const ZHUGE_READ_ONLY = {
  zh: '诸葛雷达公众号会话只能查看，请在诸葛雷达中回复客户',
  en: 'Zhuge radar official-account chats are view-only; reply to the customer in Zhuge radar',
};

const HISTORY_PAGE = 50;
/** A poll that finds more than this many pages of unseen rows leaves the rest to the next step. */
const CATCH_UP_PAGES_PER_STEP = 5;

const ZhugeState = z.object({
  anchor: z.number(),
  lower: z.number(),
  /** The next history page of the backfill. */
  page: z.number().int().positive(),
  done: z.number().int().nonnegative(),
  finished: z.boolean(),
});
type ZhugeState = z.infer<typeof ZhugeState>;

function zhugeClient(sync: AccountSync): ZhugeClient {
  const clients = sync.clients();
  if (clients.vendor !== 'zhuge') throw new Error(`account ${sync.accountId} is not a Zhuge account`);
  return clients.zhuge;
}

class ZhugeMessages implements StreamTask {
  readonly stream: SyncStream = 'messages';
  private state: ZhugeState | undefined;
  private lastPollAt = Number.NEGATIVE_INFINITY;
  /** A history catch-up that did not finish within one step. */
  private catchUpPage: number | undefined;
  private readonly names = new FirstNames();

  constructor(private readonly sync: AccountSync) {}

  onSyncNow(): void {
    this.lastPollAt = Number.NEGATIVE_INFINITY;
  }

  async step(signal: AbortSignal): Promise<StepResult> {
    const now = this.sync.clock.now();
    const state = (this.state ??= this.load(now));
    if (this.catchUpPage !== undefined || state.finished || now - this.lastPollAt >= this.sync.intervals.messagesMs) {
      await this.poll(state, signal);
      if (this.catchUpPage === undefined) this.lastPollAt = now;
    } else {
      await this.backfill(state, signal);
    }
    const current = this.state;
    return {
      more: this.catchUpPage !== undefined || !current.finished,
      phase: current.finished ? 'incremental' : 'backfill',
      done: current.done,
    };
  }

  private load(now: number): ZhugeState {
    const saved = readCursor(this.sync.store, this.sync.accountId, 'messages', ZhugeState);
    return saved ?? { anchor: now, lower: syncWindowStart(now, this.sync.windowDays()), page: 1, done: 0, finished: false };
  }

  private store(messages: DecodedMessage[], backfill: boolean, cursor?: CursorUpdate): number {
    const { sync } = this;
    if (messages.length === 0 && !cursor) return 0;
    const facts = { readOnly: true, readOnlyReason: inAgentLanguage(sync, ZHUGE_READ_ONLY.zh, ZHUGE_READ_ONLY.en), capabilities: [] };
    const found = [...newestNamed(messages)].map(([conversationKey, m]) => ({ conversationKey, kind: 'direct' as const, ...(m?.peerName ? { title: m.peerName } : {}), ...facts }));
    const conversations = backfill ? this.names.keepNewest(found) : found;
    return sync.sink.messages({ accountId: sync.accountId, vendor: 'zhuge', messages, conversations, ...(cursor ? { cursor } : {}) }, this.state!.anchor).inserted.length;
  }

  /** Newest first, one history page per step, until the page reaches past the sync window. */
  private async backfill(state: ZhugeState, signal: AbortSignal): Promise<void> {
    const page = await zhugeClient(this.sync).fetchHistoryPage({ page: state.page, length: HISTORY_PAGE, signal });
    const oldest = Math.min(...page.messages.map((m) => m.sentAt));
    const finished = !page.hasMore || oldest < state.lower;
    const next = { ...state, page: finished ? 1 : state.page + 1, done: state.done + page.messages.length, finished };
    this.store(page.messages, true, { stream: 'messages', value: next });
    this.state = next;
  }

  /** getmsg, stored at once; then the history from page 1 back to the first page with a known row. */
  private async poll(state: ZhugeState, signal: AbortSignal): Promise<void> {
    const client = zhugeClient(this.sync);
    let latestFailure: unknown;
    if (this.catchUpPage === undefined) {
      try {
        const latest = await client.fetchLatest(signal);
        this.store(latest.messages, false);
      } catch (error) {
        // Never retried (the rows may already be flagged read); the history below recovers them.
        latestFailure = error;
      }
    }
    let page = this.catchUpPage ?? 1;
    for (let walked = 0; ; walked++, page++) {
      if (walked >= CATCH_UP_PAGES_PER_STEP) {
        this.catchUpPage = page;
        break;
      }
      const history = await client.fetchHistoryPage({ page, length: HISTORY_PAGE, signal });
      const inserted = this.store(history.messages, false);
      const oldest = Math.min(...history.messages.map((m) => m.sentAt));
      if (!history.hasMore || inserted < history.messages.length || oldest < state.lower) {
        this.catchUpPage = undefined;
        break;
      }
    }
    if (latestFailure) throw latestFailure;
  }
}

export function zhugePlans(sync: AccountSync): StreamPlan[] {
  return [{ task: new ZhugeMessages(sync), intervalMs: sync.intervals.messagesMs }];
}

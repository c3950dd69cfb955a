// 7moor work phone: WeChat accounts, friends, groups and sessions (the conversation directory),
// group members, WeChat messages, calls, SMS, agents and the CRM template.
//
// Budget: 7moor allows 20 calls a minute per list endpoint; the account's clients share one
// limiter (vendor registry), which paces a backfill. The steady state stays far below it:
// messages 4 a minute (15 s), calls and SMS 1 a minute each, the directory's four lists one page
// each every 5 minutes (plus a sessions refresh at most once a minute when an unknown chat
// shows up), members, agents and the template a few calls an hour.
//
// 7moor WeChat conversations are read-only (the API has no send), so every one carries the line
// that says so and the customer's phones, because the agent can still call them.
import type { CallRecord, DecodedMessage, SmsRecord, WeChatContact, WeChatGroup, WeChatSession } from '@shared/model';
import type { SyncStream } from '@shared/ipc/sync';
import type { ContactInput, ConversationUpsert, CursorUpdate } from '../../store';
import type { MoorClient } from '../../vendors/moor/client';
import type { StreamPlan } from '../engine';
import type { StepResult, StreamTask } from '../poller';
import { DAY, MINUTE, type TimedSource } from '../windows';
import { inAgentLanguage, isWindowTooBig, onceTask, WindowedStream, type AccountSync } from './kit';

const MOOR_READ_ONLY = {
  zh: '七陌工作手机的微信会话只能查看，可以直接拨打客户电话',
  en: '7moor work-phone WeChat chats are view-only; you can call the customer directly',
};

/** WeChat lists: page 1–500 × pageSize 1–100 (doc). */
const WECHAT_PAGE_SIZE = 100;
/** Calls and SMS: pageSize up to 500. */
const DEVICE_PAGE_SIZE = 500;
/** The simulator and, by its 4019, 7moor stop serving rows deeper than this in one query. */
const MAX_ROWS = 50_000;
/** The doc's span limit is a month (4018); a day less keeps clear of how a month is counted. */
const MAX_SPAN = 30 * DAY;
const SESSION_REFRESH_MIN_GAP = MINUTE;
const UNPLACED = 'unplaced';

function moorClient(sync: AccountSync): MoorClient {
  const clients = sync.clients();
  if (clients.vendor !== 'moor') throw new Error(`account ${sync.accountId} is not a 7moor account`);
  return clients.moor;
}

const contactKey = (agentWxNo: string, wxNo: string) => `${agentWxNo}:${wxNo}`;

export function moorContactInput(contact: WeChatContact): ContactInput {
  return {
    vendorContactId: contactKey(contact.agentWxNo, contact.wxNo),
    name: contact.nickname,
    ...(contact.wxNo ? { wxNo: contact.wxNo } : {}),
    phones: contact.phones,
    ...(contact.avatarUrl ? { avatarUrl: contact.avatarUrl } : {}),
    ...(contact.agentWxNo ? { ownerWxNo: contact.agentWxNo } : {}),
    ...(contact.createdAt !== undefined ? { createdAt: contact.createdAt } : {}),
  };
}

type DirectoryPhase = 'accounts' | 'contacts' | 'groups' | 'sessions';
const DIRECTORY_PHASES: DirectoryPhase[] = ['accounts', 'contacts', 'groups', 'sessions'];

/**
 * Who is who on the account's work phones, kept in memory for the message stream (a message row
 * names only its chat) and written to the store page by page. The 'contacts' stream walks it one
 * page per step; messages wait for its first walk so conversations are created with their kind,
 * title and phones.
 */
export class MoorDirectory implements StreamTask {
  readonly stream: SyncStream = 'contacts';
  private readonly contacts = new Map<string, WeChatContact>();
  private readonly groups = new Map<string, WeChatGroup>();
  private readonly sessions = new Map<string, WeChatSession>();
  private phase = 0;
  private page = 1;
  private pagesDone = 0;
  private loaded = false;
  private readonly waiters = new Set<() => void>();
  private lastSessionRefresh = Number.NEGATIVE_INFINITY;

  constructor(private readonly sync: AccountSync) {}

  /** Resolves after the first walk ended (or failed: messages then go on with what they know). */
  whenLoaded(signal: AbortSignal): Promise<void> {
    if (this.loaded) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        this.waiters.delete(done);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      this.waiters.add(done);
    });
  }

  kindOf(chatId: string): 'direct' | 'group' | undefined {
    const session = this.sessions.get(chatId);
    return session ? (session.chatType === 'group' ? 'group' : 'direct') : undefined;
  }

  knows(chatId: string): boolean {
    return this.sessions.has(chatId);
  }

  async step(signal: AbortSignal): Promise<StepResult> {
    try {
      const phase = DIRECTORY_PHASES[this.phase] ?? 'accounts';
      const last = await this.walk(phase, this.page, signal);
      this.pagesDone++;
      if (!last) {
        this.page++;
        return { more: true, phase: this.loaded ? 'incremental' : 'backfill', done: this.pagesDone };
      }
      this.page = 1;
      this.phase++;
      if (this.phase < DIRECTORY_PHASES.length) return { more: true, phase: this.loaded ? 'incremental' : 'backfill', done: this.pagesDone };
      this.phase = 0;
      this.markLoaded();
      return { more: false, phase: 'incremental', done: this.pagesDone };
    } catch (error) {
      // Messages must not wait for a directory that cannot be read; they create what they see.
      this.markLoaded();
      throw error;
    }
  }

  /** A chat the directory has not seen: read the sessions again, at most once a minute. */
  async refreshSessions(signal: AbortSignal): Promise<void> {
    const now = this.sync.clock.now();
    if (now - this.lastSessionRefresh < SESSION_REFRESH_MIN_GAP) return;
    this.lastSessionRefresh = now;
    for (let page = 1; page <= 500; page++) if (await this.walk('sessions', page, signal)) return;
  }

  /** The conversation facts for a chat the directory knows. */
  conversationFor(chatId: string): ConversationUpsert | undefined {
    const session = this.sessions.get(chatId);
    return session ? this.toConversation(session) : undefined;
  }

  readOnlyFacts(): Pick<ConversationUpsert, 'readOnly' | 'readOnlyReason' | 'capabilities'> {
    return { readOnly: true, readOnlyReason: inAgentLanguage(this.sync, MOOR_READ_ONLY.zh, MOOR_READ_ONLY.en), capabilities: [] };
  }

  private markLoaded(): void {
    this.loaded = true;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** One page of one list, stored; true when it was the list's last page. */
  private async walk(phase: DirectoryPhase, page: number, signal: AbortSignal): Promise<boolean> {
    const client = moorClient(this.sync);
    const { sink, accountId } = this.sync;
    const query = { page, pageSize: WECHAT_PAGE_SIZE, signal };
    switch (phase) {
      case 'accounts': {
        const result = await client.listWeChatAccounts(query);
        sink.weChatAccounts(accountId, result.items);
        return isLast(page, result);
      }
      case 'contacts': {
        const result = await client.listWeChatContacts(query);
        for (const contact of result.items) this.contacts.set(contactKey(contact.agentWxNo, contact.wxNo), contact);
        sink.contacts(accountId, result.items.map(moorContactInput));
        return isLast(page, result);
      }
      case 'groups': {
        const result = await client.listWeChatGroups(query);
        for (const group of result.items) this.groups.set(group.vendorId, group);
        sink.weChatGroups(accountId, result.items);
        return isLast(page, result);
      }
      case 'sessions': {
        const result = await client.listWeChatSessions(query);
        for (const session of result.items) this.sessions.set(session.vendorId, session);
        sink.conversations(accountId, result.items.map((s) => this.toConversation(s)));
        return isLast(page, result);
      }
    }
  }

  private toConversation(session: WeChatSession): ConversationUpsert {
    const facts = this.readOnlyFacts();
    if (session.chatType === 'group') {
      const group = session.groupId ? this.groups.get(session.groupId) : undefined;
      return {
        conversationKey: session.vendorId,
        kind: 'group',
        ...(group?.name ? { title: group.name } : {}),
        ...(group?.avatarUrl ? { avatarUrl: group.avatarUrl } : {}),
        ...facts,
      };
    }
    const contact = session.contactWxNo ? this.contacts.get(contactKey(session.agentWxNo, session.contactWxNo)) : undefined;
    const title = contact?.nickname || session.contactWxNo;
    return {
      conversationKey: session.vendorId,
      kind: 'direct',
      ...(title ? { title } : {}),
      ...(contact?.avatarUrl ? { avatarUrl: contact.avatarUrl } : {}),
      ...(contact ? { phones: contact.phones } : {}),
      ...(session.contactWxNo ? { contactKey: contactKey(session.agentWxNo, session.contactWxNo) } : {}),
      ...facts,
    };
  }
}

function isLast(page: number, result: { count: number; items: unknown[] }): boolean {
  return result.items.length < WECHAT_PAGE_SIZE || page * WECHAT_PAGE_SIZE >= result.count || page >= 500;
}

/** Group members, one page per step, group after group; the groups come from the directory's walk. */
class MoorMembers implements StreamTask {
  readonly stream: SyncStream = 'groups';
  private index = 0;
  private page = 1;
  private done = 0;

  constructor(
    private readonly sync: AccountSync,
    private readonly directory: MoorDirectory,
  ) {}

  async step(signal: AbortSignal): Promise<StepResult> {
    await this.directory.whenLoaded(signal);
    const groups = this.sync.store.wechat.groups(this.sync.accountId);
    const group = groups[this.index];
    if (!group) {
      this.index = 0;
      this.page = 1;
      return { more: false, phase: 'incremental', done: this.done };
    }
    const result = await moorClient(this.sync).listWeChatGroupMembers({ chatRoomId: group.vendorId, page: this.page, pageSize: WECHAT_PAGE_SIZE, signal });
    this.done += this.sync.sink.weChatGroupMembers(this.sync.accountId, result.items);
    if (!isLast(this.page, result)) {
      this.page++;
      return { more: true, phase: 'incremental', done: this.done };
    }
    this.page = 1;
    this.index = (this.index + 1) % groups.length;
    return { more: this.index !== 0, phase: 'incremental', done: this.done };
  }
}

function moorMessages(sync: AccountSync, directory: MoorDirectory): WindowedStream<DecodedMessage> {
  const source = (): TimedSource<DecodedMessage> => ({
    pageSize: WECHAT_PAGE_SIZE,
    maxRows: MAX_ROWS,
    maxSpanMs: MAX_SPAN,
    isWindowTooBig,
    timeOf: (m) => m.sentAt,
    fetch: ({ start, end, page, pageSize, signal }) =>
      moorClient(sync).listWeChatMessages({ page, pageSize, start, end, signal }, { conversationKindOf: (chatId) => directory.kindOf(chatId) }),
  });
  return new WindowedStream({
    stream: 'messages',
    cursorKey: 'messages',
    sync,
    source,
    overlapMs: 5 * MINUTE,
    prepare: (signal) => directory.whenLoaded(signal),
    async persist(items, cursor, { anchor }, signal) {
      const chatIds = [...new Set(items.map((m) => m.conversationKey).filter((id) => id !== ''))];
      if (chatIds.some((id) => !directory.knows(id))) await directory.refreshSessions(signal);
      const conversations = chatIds.map(
        (id) => directory.conversationFor(id) ?? { conversationKey: id, kind: items.find((m) => m.conversationKey === id)?.conversationKind ?? 'direct', ...directory.readOnlyFacts() },
      );
      // A row naming no chat is still kept (raw and all), in one conversation of its own.
      const placed = items.map((m) => (m.conversationKey ? m : { ...m, conversationKey: UNPLACED }));
      if (placed.some((m) => m.conversationKey === UNPLACED)) {
        conversations.push({ conversationKey: UNPLACED, kind: 'direct', title: inAgentLanguage(sync, '未能归入会话的消息', 'Messages without a chat'), ...directory.readOnlyFacts() });
      }
      sync.sink.messages({ accountId: sync.accountId, vendor: 'moor', messages: placed, conversations, cursor }, anchor);
    },
  });
}

type DeviceQuery = { page: number; pageSize: number; start: number; end: number; signal: AbortSignal };

/** Calls or SMS: windows of 500 rows, stored with their cursor. */
function deviceStream<T>(
  sync: AccountSync,
  stream: 'calls' | 'sms',
  list: (query: DeviceQuery) => Promise<{ count: number; items: T[] }>,
  timeOf: (item: T) => number | undefined,
  overlapMs: number,
  store: (items: T[], cursor: CursorUpdate) => number,
): WindowedStream<T> {
  return new WindowedStream<T>({
    stream,
    cursorKey: stream,
    sync,
    source: () => ({ pageSize: DEVICE_PAGE_SIZE, maxRows: MAX_ROWS, maxSpanMs: MAX_SPAN, isWindowTooBig, timeOf, fetch: list }),
    overlapMs,
    persist: (items, cursor) => void store(items, cursor),
  });
}

export function moorPlans(sync: AccountSync): StreamPlan[] {
  const directory = new MoorDirectory(sync);
  const { intervals } = sync;
  // A call is uploaded when it ends, stamped with when it began: its head re-reads two hours.
  const calls = deviceStream<CallRecord>(sync, 'calls', (q) => moorClient(sync).listCalls(q), (c) => c.beganAt, 120 * MINUTE, (items, cursor) =>
    sync.sink.calls(sync.accountId, items, cursor),
  );
  const sms = deviceStream<SmsRecord>(sync, 'sms', (q) => moorClient(sync).listSms(q), (m) => m.sentAt, 30 * MINUTE, (items, cursor) =>
    sync.sink.sms(sync.accountId, items, cursor),
  );
  return [
    { task: directory, intervalMs: intervals.directoryMs },
    { task: moorMessages(sync, directory), intervalMs: intervals.messagesMs },
    { task: calls, intervalMs: intervals.recordsMs },
    { task: sms, intervalMs: intervals.recordsMs },
    { task: new MoorMembers(sync, directory), intervalMs: intervals.rosterMs },
    { task: onceTask('agents', async (signal) => sync.sink.agents(sync.accountId, await moorClient(sync).getAgents(signal))), intervalMs: intervals.rosterMs },
    {
      task: onceTask('customers', async (signal) => {
        const fields = await moorClient(sync).getCustomerTemplate(signal);
        sync.sink.customerFields(sync.accountId, fields);
        return fields.length;
      }),
      intervalMs: intervals.templateMs,
    },
  ];
}

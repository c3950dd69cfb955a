// The local cache as the rest of the main process sees it. Writes go through one connection in
// one transaction each; reads through a second, read-only connection. Every call is synchronous
// and bounded (pages, scan budgets), so callers run it on the main thread between awaits.
// Errors leave as AppError: STORAGE for database trouble, in the agent's words.
import type { ResourceLimits } from 'node:worker_threads';
import { appError, isAppError } from '@shared/errors';
import type { Agent, CallRecord, Contact, Conversation, Customer, CustomerField, Message, SmsRecord, UndecodedObservation, WithGaps } from '@shared/model';
import type { WeChatAccount, WeChatGroup, WeChatGroupMember } from '@shared/model';
import type { CheckpointEvent } from './checkpointer';
import { openConnections, type Connections, type WriteDb } from './db';
import { customerTimeline, messagesAround, messageWindow, type MessagePageRequest, type MessageWindow, type TimelineCursor } from './history';
import {
  applyAgentPage,
  applyCallPage,
  applyContactPage,
  applyConversationPage,
  applyCustomerFields,
  applyCustomerPage,
  applyMessagePage,
  applySmsPage,
  applyWeChatAccountPage,
  applyWeChatGroupMemberPage,
  applyWeChatGroupPage,
  type MessagePage,
  type MessagePageResult,
  type RecordPage,
  type RecordPageResult,
  type WriteContext,
} from './ingest';
import { migrate } from './migrations';
import { dueReplies, enqueueReply, markReplyFailed, markReplySent, retryReply, type QueuedReply } from './outbox';
import { callPage, smsPage } from './records';
import { CALL_INDEX, CONTACT_INDEX, MESSAGE_INDEX, SMS_INDEX, queueForIndex, type FtsIndex } from './search/fts';
import { searchFileFor } from './search/index-file';
import type { IndexerEvent } from './search/indexer';
import { openSearchIndex, type OpenSearchIndex } from './search/search-index';
import { foldForSearch, foldQuery } from './search/normalize';
import {
  searchAll,
  searchCalls,
  searchContacts,
  searchMessages,
  searchSms,
  type CallHit,
  type ContactHit,
  type MessageHit,
  type SearchFilters,
  type SearchPageRequest,
  type SearchResults,
  type SmsHit,
} from './search/search';
import { readStoreStats, type StoreStats } from './stats';
import type { TimeKeySlots } from './time-key';
import { getAccount, listAccounts, removeAccount, upsertAccount } from './tables/accounts';
import { listAgents } from './tables/agents';
import { getCall, type StoredCall } from './tables/calls';
import { contactIdsByPhone, getContact } from './tables/contacts';
import { phoneKey } from './phone-key';
import {
  conversationPage,
  deleteConversationsOfAccount,
  findConversationState,
  getConversation,
  markConversationRead,
  unreadTotals,
} from './tables/conversations';
import { customerFields, customerPage, customersByPhone, findCustomer, removeCustomer, type CustomerListFilter, type StoredCustomer } from './tables/customers';
import { recentDialAttempts, recordDialAttempt } from './tables/dial-attempts';
import { clearDraft, getDraft, saveDraft } from './tables/drafts';
import { getMessage } from './tables/messages';
import { deleteBatchOfAccount, largestIdIn, type TimeKeyedTable } from './tables/record-tables';
import { getOutboxEntry, outboxOfConversation } from './tables/outbox';
import { getQuickReply, insertQuickReply, listQuickReplies, removeQuickReply, updateQuickReply } from './tables/quick-replies';
import { readSetting, removeSetting, writeSetting } from './tables/settings';
import { getSms, type StoredSms } from './tables/sms';
import { readMetaNumber, readMetaValue, writeMetaNumber } from './tables/store-meta';
import type { UndecodedEntry } from './tables/undecoded';
import {
  applyRedecoded,
  hasGaps,
  legacyUnknownPage,
  recordObservations,
  undecodedPage,
  walkSizes,
  undecodedSummary,
  type CandidatePage,
  type MetaWrite,
  type RedecodeOutcome,
  type RedecodeResult,
  type UndecodedSummary,
} from './undecoded';
import { clearCursor, readCursor } from './tables/sync-cursors';
import { listWeChatAccounts, listWeChatGroupMembers, listWeChatGroups } from './tables/wechat';
import type {
  AccountRecord,
  ContactInput,
  ConversationCursor,
  ConversationListFilter,
  ConversationUpsert,
  DialAttempt,
  DialAttemptInput,
  Draft,
  EnqueueReply,
  OutboxEntry,
  Page,
  PageRequest,
  QuickReply,
  QuickReplyInput,
  RecordFilter,
  TimelineItem,
  UnreadTotals,
} from './types';

export interface StoreOptions {
  /** The database file, in the app data folder. */
  file: string;
  /** Wall clock in epoch ms; tests pass a fixed one. */
  now?: () => number;
  /** How often the background thread checkpoints the WAL (default 1 s). */
  checkpointIntervalMs?: number;
  /** Hears each background checkpoint, for logs and tests. */
  onCheckpoint?: (event: CheckpointEvent) => void;
  /** Past this much WAL, bulk writes wait for it to restart (default 256 MB; see readyForPage). */
  walLimitBytes?: number;
  /** Hears the search indexer's worker: progress, rebuilds, errors. */
  onIndexer?: (event: IndexerEvent) => void;
  /** How long the indexer waits when its queue is empty or a step failed (default 1 s; tests). */
  indexerIdleMs?: number;
  /** The worker threads' heap limits (default worker-limits.ts; tests make them tiny). */
  workerLimits?: { indexer?: ResourceLimits; checkpointer?: ResourceLimits };
  /** Hears, after the commit, that an account's undecoded records changed (the health panel). */
  onUndecoded?: (accountIds: string[]) => void;
}

const SQLITE_PROBLEMS: Record<string, [zh: string, en: string, retryable: boolean]> = {
  SQLITE_FULL: ['磁盘空间不足,本地数据无法保存', 'The disk is full; local data cannot be saved', false],
  SQLITE_BUSY: ['本地数据库正忙,请稍后再试', 'The local database is busy; try again in a moment', true],
  SQLITE_LOCKED: ['本地数据库正忙,请稍后再试', 'The local database is busy; try again in a moment', true],
  SQLITE_READONLY: ['本地数据库是只读的,无法保存', 'The local database is read-only; nothing can be saved', false],
  SQLITE_CORRUPT: ['本地数据库已损坏,需要重新同步', 'The local database is damaged and needs a fresh sync', false],
  SQLITE_NOTADB: ['本地数据库文件无法识别', 'The local database file is not recognised', false],
  SQLITE_IOERR: ['读写本地数据库失败,请检查磁盘', 'Reading or writing the local database failed; check the disk', true],
};

/** Every failure leaves as an AppError; SQLite's own codes become messages an agent can act on. */
function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isAppError(error)) throw error;
    const code = (error as { code?: unknown }).code;
    const family = typeof code === 'string' ? code.replace(/^(SQLITE_[A-Z]+).*$/, '$1') : '';
    const [zh, en, retryable] = SQLITE_PROBLEMS[family] ?? ['本地数据库出错', 'The local database reported an error', false];
    throw appError('STORAGE', zh, en, { reason: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { sqliteCode: code } : {}) }, retryable);
  }
}

function timeKeySlots(db: WriteDb, table: TimeKeyedTable): TimeKeySlots {
  const key = `time_key_spill_ms:${table}`;
  let spill: number | undefined;
  return {
    largestIdIn: (low, high) => largestIdIn(db, table, low, high),
    spillMs: () => (spill ??= readMetaNumber(db, key)),
    recordSpill: (ms) => {
      spill = ms;
      writeMetaNumber(db, key, ms);
    },
  };
}

const ACCOUNT_REMOVAL_BATCH = 2000;

export interface Store {
  close(): void;

  accounts: {
    upsert(account: AccountRecord): void;
    get(id: string): AccountRecord | undefined;
    list(): AccountRecord[];
    /**
     * Removes one batch of the account's cached records; call again (between event-loop turns)
     * until it returns true, when the account itself is gone.
     */
    removeStep(id: string): boolean;
  };

  // Sync writes: one transaction each, cursor included.
  /**
   * Resolves when the next bulk page may be written: at once, unless a backfill has filled the
   * WAL past its limit and the background checkpoint is about to let it restart (see db.ts).
   */
  readyForPage(): Promise<void>;
  /**
   * Resolves when the search index holds everything stored so far. Searches never wait for it
   * (records not yet indexed are checked directly); the benchmark and tests do.
   */
  searchIndexed(): Promise<void>;
  applyMessagePage(page: MessagePage): MessagePageResult;
  applyConversationPage(page: RecordPage<ConversationUpsert>): RecordPageResult;
  applyContactPage(page: RecordPage<ContactInput>): RecordPageResult;
  applyCallPage(page: RecordPage<WithGaps<CallRecord>>): RecordPageResult<StoredCall[]>;
  applySmsPage(page: RecordPage<WithGaps<SmsRecord>>): RecordPageResult<StoredSms[]>;
  applyCustomerPage(page: RecordPage<Customer>): RecordPageResult;
  applyAgentPage(page: RecordPage<Agent>): RecordPageResult;
  applyWeChatAccountPage(page: RecordPage<WeChatAccount>): RecordPageResult;
  applyWeChatGroupPage(page: RecordPage<WeChatGroup>): RecordPageResult;
  applyWeChatGroupMemberPage(page: RecordPage<WeChatGroupMember>): RecordPageResult;
  setCustomerFields(accountId: string, fields: readonly CustomerField[]): void;

  cursors: {
    get(accountId: string, stream: string): { value: unknown; updatedAt: number } | undefined;
    clear(accountId: string, stream: string): void;
  };

  conversations: {
    page(filter?: ConversationListFilter, page?: PageRequest<ConversationCursor>): Page<Conversation, ConversationCursor>;
    get(id: number): Conversation | undefined;
    /** By the vendor's own key of the conversation within an account. */
    byKey(accountId: string, vendorKey: string): Conversation | undefined;
    markRead(id: number): boolean;
    unreadTotals(): UnreadTotals;
  };

  messages: {
    get(id: number): Message | undefined;
    page(conversationId: number, request?: MessagePageRequest): MessageWindow;
    around(messageId: number, limit?: number): MessageWindow | undefined;
  };

  contacts: {
    get(id: number): Contact | undefined;
    /** Contacts carrying this phone number (any account). */
    byPhone(phone: string): Contact[];
  };
  calls: { get(id: number): StoredCall | undefined; page(filter?: RecordFilter, page?: PageRequest): Page<StoredCall> };
  sms: { get(id: number): StoredSms | undefined; page(filter?: RecordFilter, page?: PageRequest): Page<StoredSms> };
  customers: {
    byPhone(phone: string): StoredCustomer[];
    /** One customer by the vendor's id (7moor's customer id). */
    find(accountId: string, vendorId: string): StoredCustomer | undefined;
    /** Newest first; `before` is the last id of the previous page. */
    page(filter: CustomerListFilter, before: number | undefined, limit: number): (StoredCustomer & { updatedAt: number })[];
    remove(accountId: string, vendorId: string): boolean;
    fields(accountId: string): CustomerField[];
  };
  agents: { list(accountId: string): Agent[] };
  wechat: {
    accounts(accountId: string): WeChatAccount[];
    groups(accountId: string): WeChatGroup[];
    members(accountId: string, groupId: string): WeChatGroupMember[];
  };
  timeline(phone: string, page?: { after?: TimelineCursor; limit?: number }): Page<TimelineItem, TimelineCursor>;

  search: {
    all(query: string, filters?: SearchFilters, page?: { limit?: number }): SearchResults;
    messages(query: string, filters?: SearchFilters, page?: SearchPageRequest): Page<MessageHit>;
    contacts(query: string, filters?: SearchFilters, page?: SearchPageRequest): Page<ContactHit>;
    calls(query: string, filters?: SearchFilters, page?: SearchPageRequest): Page<CallHit>;
    sms(query: string, filters?: SearchFilters, page?: SearchPageRequest): Page<SmsHit>;
  };

  outbox: {
    enqueue(reply: EnqueueReply): QueuedReply;
    markSent(id: number, vendorTaskId: string): OutboxEntry;
    markFailed(id: number, reason: string, retryAt?: number): OutboxEntry;
    retry(id: number): OutboxEntry;
    listDue(now: number, limit?: number): OutboxEntry[];
    get(id: number): OutboxEntry | undefined;
    ofConversation(conversationId: number): OutboxEntry[];
  };

  drafts: {
    get(conversationId: number): Draft | undefined;
    /** An empty text clears the draft. */
    set(conversationId: number, text: string): void;
    clear(conversationId: number): void;
  };

  quickReplies: {
    create(input: QuickReplyInput): QuickReply;
    update(id: number, input: QuickReplyInput): QuickReply;
    remove(id: number): boolean;
    list(): QuickReply[];
    /** Title or text contains the query, folded like every other search. */
    search(query: string): QuickReply[];
  };

  dialAttempts: { record(attempt: DialAttemptInput): number; recent(limit?: number): DialAttempt[] };

  settings: { get(key: string): unknown; set(key: string, value: unknown): void; remove(key: string): void };

  /** Counts and sizes for the diagnostics export (stats.ts); no row content. */
  stats(): StoreStats;
  /** What the vendor decoders could not fully read (store/undecoded.ts). */
  undecoded: {
    /** A client's report: records the cache does not keep, answers it could not read. */
    record(accountId: string, observations: readonly UndecodedObservation[]): void;
    /** Per endpoint, record type and kind: counts, type codes, fields, the newest sample (not yet redacted). */
    summary(accountId: string): UndecodedSummary[];
  };

  /** Decoding stored records again after an update (sync/redecode.ts walks these). */
  redecode: {
    meta(key: string): number | undefined;
    /** Rows each walk has at most (messages for the scan, undecoded for the rest). */
    sizes(): { messages: number; undecoded: number };
    /** Messages of kind unknown, from a cache written before anything was noted. */
    legacyPage(after: number, scan: number, limit: number): CandidatePage;
    undecodedPage(accept: (entry: UndecodedEntry) => boolean, after: number, scan: number, limit: number): CandidatePage;
    /** One transaction: the re-decoded records, their notes, the search queue, previews, unread, and `meta`. */
    apply(results: readonly RedecodeResult[], meta: readonly MetaWrite[]): RedecodeOutcome;
  };
}

export function openStore(options: StoreOptions): Store {
  const now = options.now ?? (() => Date.now());
  const connections: Connections = openConnections(options.file, (db) => migrate(db), {
    ...(options.checkpointIntervalMs !== undefined ? { checkpointIntervalMs: options.checkpointIntervalMs } : {}),
    ...(options.onCheckpoint ? { onCheckpoint: options.onCheckpoint } : {}),
    ...(options.walLimitBytes !== undefined ? { walLimitBytes: options.walLimitBytes } : {}),
    ...(options.workerLimits?.checkpointer ? { checkpointerLimits: options.workerLimits.checkpointer } : {}),
  });
  const { read, write } = connections;
  const timeKeys = {
    messages: timeKeySlots(write, 'messages'),
    calls: timeKeySlots(write, 'calls'),
    sms: timeKeySlots(write, 'sms'),
  };
  const ctx = (): WriteContext => ({ db: write, now: now(), timeKeys });
  /** Runs a write; when `accountIds` are named (it touched their undecoded rows), says so after the commit. */
  const noting = <T>(accountIds: readonly string[], work: () => T): T => {
    const result = guarded(work);
    if (accountIds.length > 0) options.onUndecoded?.([...accountIds]);
    return result;
  };
  const notingPage = <T>(page: { accountId: string; messages?: readonly object[]; items?: readonly object[] }, work: () => T): T =>
    noting(hasGaps(page.messages ?? page.items ?? []) ? [page.accountId] : [], work);
  const notFound = (what: string, zh: string) => appError('NOT_FOUND', zh, `${what} not found`);


  // The search index's own file and its worker (search/fts.ts, search/search-index.ts).
  let searchIndex: OpenSearchIndex;
  try {
    searchIndex = openSearchIndex({
      cacheFile: options.file,
      read,
      write,
      ...(options.onIndexer ? { onEvent: options.onIndexer } : {}),
      ...(options.indexerIdleMs !== undefined ? { idleMs: options.indexerIdleMs } : {}),
      ...(options.workerLimits?.indexer ? { resourceLimits: options.workerLimits.indexer } : {}),
    });
  } catch (error) {
    connections.close();
    throw appError('STORAGE', '无法打开本地搜索索引', 'Could not open the local search index', {
      file: searchFileFor(options.file),
      reason: error instanceof Error ? error.message : String(error),
    });
  }
  connections.onCommit(() => searchIndex.wake());
  const search = searchIndex.search;

  return {
    close: () => {
      searchIndex.close();
      connections.close();
    },
    readyForPage: async () => {
      await connections.readyForPage();
      await searchIndex.caughtUp();
    },
    searchIndexed: () => searchIndex.caughtUp(0),

    accounts: {
      upsert: (account) => guarded(() => upsertAccount(write, account, now())),
      get: (id) => guarded(() => getAccount(read, id)),
      list: () => guarded(() => listAccounts(read)),
      removeStep: (id) =>
        guarded(() =>
          write.transaction(() => {
            // Index entries have no foreign keys: queue them for removal with their records, a batch at a time.
            const batches: Array<[FtsIndex, Parameters<typeof deleteBatchOfAccount>[1]]> = [
              [MESSAGE_INDEX, 'messages'],
              [CALL_INDEX, 'calls'],
              [SMS_INDEX, 'sms'],
              [CONTACT_INDEX, 'contacts'],
            ];
            if (deleteBatchOfAccount(write, 'undecoded', id, ACCOUNT_REMOVAL_BATCH).length > 0) return false;
            for (const [index, table] of batches) {
              const ids = deleteBatchOfAccount(write, table, id, ACCOUNT_REMOVAL_BATCH);
              queueForIndex(write, index, 'refresh', ids);
              if (ids.length > 0) return false;
            }
            deleteConversationsOfAccount(write, id);
            removeAccount(write, id);
            return true;
          }),
        ),
    },

    applyMessagePage: (page) => notingPage(page, () => applyMessagePage(ctx(), page)),
    applyConversationPage: (page) => guarded(() => applyConversationPage(ctx(), page)),
    applyContactPage: (page) => guarded(() => applyContactPage(ctx(), page)),
    applyCallPage: (page) => notingPage(page, () => applyCallPage(ctx(), page)),
    applySmsPage: (page) => notingPage(page, () => applySmsPage(ctx(), page)),
    applyCustomerPage: (page) => guarded(() => applyCustomerPage(ctx(), page)),
    applyAgentPage: (page) => guarded(() => applyAgentPage(ctx(), page)),
    applyWeChatAccountPage: (page) => guarded(() => applyWeChatAccountPage(ctx(), page)),
    applyWeChatGroupPage: (page) => guarded(() => applyWeChatGroupPage(ctx(), page)),
    applyWeChatGroupMemberPage: (page) => guarded(() => applyWeChatGroupMemberPage(ctx(), page)),
    setCustomerFields: (accountId, fields) => guarded(() => applyCustomerFields(ctx(), accountId, fields)),

    cursors: {
      get: (accountId, stream) => guarded(() => readCursor(read, accountId, stream)),
      clear: (accountId, stream) => guarded(() => clearCursor(write, accountId, stream)),
    },

    conversations: {
      page: (filter = {}, page = {}) =>
        guarded(() => conversationPage(read, filter, page.after, Math.min(200, Math.max(1, Math.trunc(page.limit ?? 50))))),
      get: (id) => guarded(() => getConversation(read, id)),
      byKey: (accountId, vendorKey) =>
        guarded(() => {
          const state = findConversationState(read, accountId, vendorKey);
          return state && getConversation(read, state.id);
        }),
      markRead: (id) => guarded(() => markConversationRead(write, id)),
      unreadTotals: () => guarded(() => unreadTotals(read)),
    },

    messages: {
      get: (id) => guarded(() => getMessage(read, id)),
      page: (conversationId, request) => guarded(() => messageWindow(read, conversationId, request)),
      around: (messageId, limit) => guarded(() => messagesAround(read, messageId, limit)),
    },

    contacts: {
      get: (id) => guarded(() => getContact(read, id)),
      byPhone: (phone) =>
        guarded(() =>
          contactIdsByPhone(read, phoneKey(phone))
            .map((id) => getContact(read, id))
            .filter((c): c is Contact => c !== undefined),
        ),
    },
    calls: {
      get: (id) => guarded(() => getCall(read, id)),
      page: (filter, page) => guarded(() => callPage(read, search, filter, page)),
    },
    sms: {
      get: (id) => guarded(() => getSms(read, id)),
      page: (filter, page) => guarded(() => smsPage(read, search, filter, page)),
    },
    customers: {
      byPhone: (phone) => guarded(() => customersByPhone(read, phone)),
      find: (accountId, vendorId) => guarded(() => findCustomer(read, accountId, vendorId)),
      page: (filter, before, limit) => guarded(() => customerPage(read, filter, before, limit)),
      remove: (accountId, vendorId) => guarded(() => removeCustomer(write, accountId, vendorId)),
      fields: (accountId) => guarded(() => customerFields(read, accountId)),
    },
    agents: { list: (accountId) => guarded(() => listAgents(read, accountId)) },
    wechat: {
      accounts: (accountId) => guarded(() => listWeChatAccounts(read, accountId)),
      groups: (accountId) => guarded(() => listWeChatGroups(read, accountId)),
      members: (accountId, groupId) => guarded(() => listWeChatGroupMembers(read, accountId, groupId)),
    },
    timeline: (phone, page) => guarded(() => customerTimeline(read, phone, page)),

    search: {
      all: (query, filters, page) => guarded(() => searchAll(read, search, query, filters, page)),
      messages: (query, filters, page) => guarded(() => searchMessages(read, search, query, filters, page)),
      contacts: (query, filters, page) => guarded(() => searchContacts(read, search, query, filters, page)),
      calls: (query, filters, page) => guarded(() => searchCalls(read, search, query, filters, page)),
      sms: (query, filters, page) => guarded(() => searchSms(read, search, query, filters, page)),
    },

    outbox: {
      enqueue: (reply) => guarded(() => enqueueReply(ctx(), reply)),
      markSent: (id, vendorTaskId) => guarded(() => markReplySent(ctx(), id, vendorTaskId)),
      markFailed: (id, reason, retryAt) => guarded(() => markReplyFailed(ctx(), id, reason, retryAt)),
      retry: (id) => guarded(() => retryReply(ctx(), id)),
      listDue: (at, limit) => guarded(() => dueReplies(read, at, limit)),
      get: (id) => guarded(() => getOutboxEntry(read, id)),
      ofConversation: (conversationId) => guarded(() => outboxOfConversation(read, conversationId)),
    },

    drafts: {
      get: (conversationId) => guarded(() => getDraft(read, conversationId)),
      set: (conversationId, text) =>
        guarded(() => (text.length === 0 ? clearDraft(write, conversationId) : saveDraft(write, conversationId, text, now()))),
      clear: (conversationId) => guarded(() => clearDraft(write, conversationId)),
    },

    quickReplies: {
      create: (input) =>
        guarded(() => {
          const id = insertQuickReply(write, input, now());
          return getQuickReply(write, id)!;
        }),
      update: (id, input) =>
        guarded(() => {
          if (!updateQuickReply(write, id, input, now())) throw notFound('Quick reply', '话术不存在,可能已被删除');
          return getQuickReply(write, id)!;
        }),
      remove: (id) => guarded(() => removeQuickReply(write, id)),
      list: () => guarded(() => listQuickReplies(read)),
      search: (query) =>
        guarded(() => {
          const folded = foldQuery(query);
          const all = listQuickReplies(read);
          if (!folded) return all;
          return all.filter((reply) => foldForSearch(reply.title).includes(folded) || foldForSearch(reply.text).includes(folded));
        }),
    },

    stats: () => guarded(() => readStoreStats(read, options.file)),

    dialAttempts: {
      record: (attempt) => guarded(() => recordDialAttempt(write, attempt)),
      recent: (limit = 50) => guarded(() => recentDialAttempts(read, limit)),
    },

    settings: {
      get: (key) => guarded(() => readSetting(read, key)),
      set: (key, value) => guarded(() => writeSetting(write, key, value, now())),
      remove: (key) => guarded(() => removeSetting(write, key)),
    },

    undecoded: {
      record: (accountId, observations) => noting(observations.length > 0 ? [accountId] : [], () => recordObservations(ctx(), accountId, observations)),
      summary: (accountId) => guarded(() => undecodedSummary(read, accountId)),
    },

    redecode: {
      meta: (key) => guarded(() => readMetaValue(read, key)),
      sizes: () => guarded(() => walkSizes(read)),
      legacyPage: (after, scan, limit) => guarded(() => legacyUnknownPage(read, after, scan, limit)),
      undecodedPage: (accept, after, scan, limit) => guarded(() => undecodedPage(read, accept, after, scan, limit)),
      apply: (results, meta) => {
        const outcome = guarded(() => applyRedecoded(ctx(), results, meta));
        if (outcome.accounts.length > 0) options.onUndecoded?.(outcome.accounts);
        return outcome;
      },
    },
  };
}

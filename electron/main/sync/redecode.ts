// After an update brings better decoders, what the cache holds is decoded again from the raw
// payloads it kept, without asking any vendor. It runs once on start when there is something to
// do, in the background: bounded pages (at most `scanSize` rows looked at, `batchSize` records
// written), one transaction each with the walk's position, a pause and the store's back-pressure
// between them, so the agent's inbox and the sync go on meanwhile and a crash resumes where the
// last page committed.
//
// Two walks, from store_meta:
// - `undecoded.legacy_scan_after`: a cache from before anything was noted (migration 0004 leaves
//   the key when it found messages). Its messages of kind `unknown` are found by walking the
//   messages table by id, decoded again, and noted when still not read in full.
// - per vendor, `decoder_version.<vendor>` below this build's version: the undecoded rows noted by
//   an older decoder. Kept records (messages, calls, SMS) are decoded again from their raw payload;
//   a note about anything else (a directory row, an answer) is dropped, because those lists are
//   read in full again within minutes and the next poll notes them again if still unreadable.
// A record decoded again updates its message / call / SMS, the search queue, the conversation's
// preview and, if it turns out to be outgoing, its unread count, all in the page's transaction.
import type { AppContract } from '@shared/ipc/contract';
import type { RedecodeStatus } from '@shared/ipc/health';
import type { Vendor } from '@shared/model';
import type { EventBus } from '../ipc/event-bus';
import type { Logger } from '../log/logger';
import type { AccountRecord, CandidatePage, MetaWrite, RedecodeOutcome, RedecodeResult, Store, UndecodedEntry } from '../store';
import type { Clock } from '../vendors/http/clock';
import { DECODER_VERSIONS, redecodeCandidate, VENDORS } from './redecoders';

export const LEGACY_SCAN_KEY = 'undecoded.legacy_scan_after';
export const decoderVersionKey = (vendor: Vendor) => `decoder_version.${vendor}`;
const walkAfterKey = (vendor: Vendor) => `redecode.${vendor}.after`;
const walkTargetKey = (vendor: Vendor) => `redecode.${vendor}.target`;

export interface RedecodeContext {
  store: Store;
  bus: EventBus<AppContract>;
  clock: Clock;
  logger: Logger;
}

export interface RedecodeOptions {
  /** Records written per transaction (default 200: a few ms on the bench machine). */
  batchSize?: number;
  /** Rows looked at per page at most (default 2,000). */
  scanSize?: number;
  /** Rest between pages, so the event loop serves the agent first (default 20 ms). */
  pauseMs?: number;
  /** Progress events at most this often (default 250 ms; the last one always comes). */
  progressEveryMs?: number;
  /** This build's decoder versions; tests pretend to be a later build. */
  versions?: Readonly<Record<Vendor, number>>;
  /** Hears each committed page (tests). */
  onPage?: (status: RedecodeStatus) => void;
}

export class RedecodeJob {
  private current: RedecodeStatus = { running: false, done: 0, redecoded: 0 };
  private stopping = false;
  private walk: Promise<void> | undefined;
  private lastProgressAt = Number.NEGATIVE_INFINITY;
  private readonly versions: Readonly<Record<Vendor, number>>;

  constructor(
    private readonly context: RedecodeContext,
    private readonly options: RedecodeOptions = {},
  ) {
    this.versions = options.versions ?? DECODER_VERSIONS;
  }

  status(): RedecodeStatus {
    return { ...this.current };
  }

  /** Starts the walks if the cache needs them; the promise settles when they end (it never rejects). */
  start(): Promise<void> {
    this.walk ??= this.run().catch((error: unknown) => {
      this.context.logger.error('decoding stored records again failed; it resumes on the next start', { error: error instanceof Error ? error.message : String(error) });
      this.finish();
    });
    return this.walk;
  }

  /** Stops after the page in progress; what is committed stays, the next start resumes. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.walk;
    this.current = { ...this.current, running: false };
  }

  private pendingVendors(): Vendor[] {
    const { store } = this.context;
    return VENDORS.filter((vendor) => (store.redecode.meta(decoderVersionKey(vendor)) ?? 0) < this.versions[vendor]);
  }

  private async run(): Promise<void> {
    const { store } = this.context;
    let legacyAfter = store.redecode.meta(LEGACY_SCAN_KEY);
    const vendors = this.pendingVendors();
    if (legacyAfter === undefined && vendors.length === 0) return;
    const sizes = store.redecode.sizes();
    this.current = { running: true, done: 0, redecoded: 0, total: (legacyAfter !== undefined ? sizes.messages : 0) + sizes.undecoded };
    this.context.logger.info('decoding stored records again with this version', { legacyScan: legacyAfter !== undefined, vendors });
    this.progress(true);

    while (legacyAfter !== undefined) {
      const from: number = legacyAfter;
      const page = await this.nextPage(() => store.redecode.legacyPage(from, this.scanSize, this.batchSize));
      if (!page) return;
      legacyAfter = page.finished ? undefined : page.next;
      this.commit(page, [{ key: LEGACY_SCAN_KEY, value: legacyAfter ?? null }]);
    }

    for (const vendor of vendors) {
      const target = this.versions[vendor];
      let after = store.redecode.meta(walkTargetKey(vendor)) === target ? (store.redecode.meta(walkAfterKey(vendor)) ?? 0) : 0;
      for (;;) {
        const vendorOf = this.accountVendors();
        const accept = (entry: UndecodedEntry) => entry.decoder < target && (vendorOf.get(entry.accountId) ?? vendor) === vendor;
        const from = after;
        const page = await this.nextPage(() => store.redecode.undecodedPage(accept, from, this.scanSize, this.batchSize));
        if (!page) return;
        after = page.next;
        const position: MetaWrite[] = page.finished
          ? [
              { key: decoderVersionKey(vendor), value: target },
              { key: walkAfterKey(vendor), value: null },
              { key: walkTargetKey(vendor), value: null },
            ]
          : [
              { key: walkAfterKey(vendor), value: after },
              { key: walkTargetKey(vendor), value: target },
            ];
        this.commit(page, position);
        if (page.finished) break;
      }
    }
    this.finish();
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 200;
  }

  private get scanSize(): number {
    return this.options.scanSize ?? 2_000;
  }

  private accountVendors(): Map<string, Vendor> {
    return new Map(this.context.store.accounts.list().map((a) => [a.id, a.vendor]));
  }

  /** Waits its turn, then reads a page; undefined once stopping. */
  private async nextPage(read: () => CandidatePage): Promise<CandidatePage | undefined> {
    const pause = this.options.pauseMs ?? 20;
    if (pause > 0) await this.context.clock.sleep(pause);
    if (this.stopping) return undefined;
    await this.context.store.readyForPage();
    if (this.stopping) return undefined;
    return read();
  }

  private commit(page: CandidatePage, position: readonly MetaWrite[]): void {
    const { store, clock } = this.context;
    const accounts = new Map<string, AccountRecord>(store.accounts.list().map((a) => [a.id, a]));
    const now = clock.now();
    const results = page.candidates
      .map((candidate) => redecodeCandidate(accounts.get(candidate.accountId), candidate, now))
      .filter((result): result is RedecodeResult => result !== undefined);
    const outcome = store.redecode.apply(results, position);
    this.announce(outcome);
    this.current = {
      ...this.current,
      done: this.current.done + page.scanned,
      redecoded: this.current.redecoded + outcome.messages.length + outcome.calls + outcome.sms,
    };
    if (this.current.total !== undefined && this.current.done > this.current.total) this.current.total = this.current.done;
    this.options.onPage?.(this.status());
    this.progress(false);
  }

  /** The same events a sync page sends when stored records change; nothing is news, nothing notifies. */
  private announce(outcome: RedecodeOutcome): void {
    const { bus, store } = this.context;
    if (outcome.messages.length > 0) bus.emit('inbox.onDidChangeMessages', { messages: outcome.messages });
    const conversations = outcome.conversations.map((id) => store.conversations.get(id)).filter((c) => c !== undefined);
    if (conversations.length > 0) bus.emit('inbox.onDidChangeConversations', { conversations });
    if (outcome.unreadChanged) {
      const totals = store.conversations.unreadTotals();
      bus.emit('inbox.onDidChangeUnread', { total: totals.total, perAccount: totals.byAccount });
    }
    if (outcome.calls + outcome.sms > 0) bus.emit('records.onDidChange', { calls: outcome.calls, sms: outcome.sms });
  }

  private finish(): void {
    if (!this.current.running) return;
    this.current = { ...this.current, running: false, finishedAt: this.context.clock.now() };
    this.context.logger.info('stored records decoded again', { looked: this.current.done, redecoded: this.current.redecoded });
    this.progress(true);
  }

  private progress(always: boolean): void {
    const now = this.context.clock.now();
    if (!always && now - this.lastProgressAt < (this.options.progressEveryMs ?? 250)) return;
    this.lastProgressAt = now;
    this.context.bus.emit('health.onDidProgressRedecode', this.status());
  }
}

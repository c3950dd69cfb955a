// The update's life in the app: check on start and every 6 hours, download in the background,
// then "restart to update" — which waits for replies being sent, holds new ones in the outbox,
// has the renderer save its drafts, and only then quits and installs. Plain Node: the Electron
// glue (desktop/auto-update.ts) gives it an UpdateEngine over electron-updater; the web host has
// none, and its status is "not applicable".
import { appError } from '@shared/errors';
import type { UpdateFeed, UpdateProblem, UpdateProblemKind, UpdateRelease, UpdateStatus } from '@shared/ipc/update';
import type { Logger } from '../log/logger';
import { decideUpdate, rolloutFraction, type UpdateDecision } from './decision';
import { feedAddressProblem, type AddressProblem, type FeedAddress } from './feed-address';
import { fetchUpdateFeed } from './feed';
import { classifyUpdateError, UPDATE_PROBLEM_TEXT, UpdateCheckFailure } from './problems';
import { CHECK_EVERY_MS, FIRST_CHECK_AFTER_MS, isOverdue, realTimers, retryDelay, type UpdateTimers } from './schedule';

/** Downloads and installs; electron-updater in the app. */
export interface UpdateEngine {
  /**
   * Downloads and verifies the installer the feed offers. Resolves with the release actually
   * downloaded (the file may have changed since our check); rejects with the updater's error.
   */
  download(feed: UpdateFeed, expected: UpdateRelease, onProgress: (percent: number) => void): Promise<UpdateRelease>;
  /** Quits the app and runs the installer. */
  install(): void;
}

/** The outbox, as the restart sees it (ReplyService). */
export interface OutboxGate {
  /** Replies being sent to a vendor right now. */
  sendingCount(): number;
  /** Starts no new delivery (new replies still queue) until released; `idle` resolves once none is being sent. */
  holdDeliveries(): { idle: Promise<void>; release(): void };
}

export interface UpdateHost {
  engine: UpdateEngine;
  /** net.fetch in the app, so the system proxy and the OS trust store apply. */
  fetch: typeof fetch;
  /** The address built into the app, if any. */
  builtFeed: FeedAddress | null;
  platform: NodeJS.Platform;
  arch: string;
  osRelease: string;
  stagingId: string;
}

export interface UpdateServiceOptions {
  currentVersion: string;
  /** The store's key-value settings: the address set in Settings and the last check. */
  state: { get(key: string): unknown; set(key: string, value: unknown): void; remove(key: string): void };
  outbox: OutboxGate;
  onDidChangeStatus(status: UpdateStatus): void;
  logger: Logger;
  now?: () => number;
  timers?: UpdateTimers;
  random?: () => number;
}

const FEED_URL_KEY = 'update.feedUrl';
const LAST_CHECK_KEY = 'update.lastCheckedAt';
/** A reply's vendor call has its own timeouts; beyond this the restart gives up and says so. */
export const SEND_WAIT_MS = 2 * 60_000;
/** A renderer that has not confirmed its drafts by then is not answering at all. */
export const DRAFTS_WAIT_MS = 5_000;
/** The installer quits the app within seconds; still running after this, it did not start. */
export const INSTALL_WATCHDOG_MS = 60_000;

type Phase =
  | { phase: 'notApplicable'; reason: 'web' | 'development' | 'unsupportedInstall' }
  | { phase: 'noFeed' }
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'upToDate'; latestVersion: string; waiting?: Extract<UpdateStatus, { phase: 'upToDate' }>['waiting'] }
  | { phase: 'downloading'; release: UpdateRelease; percent: number }
  | { phase: 'ready'; release: UpdateRelease; problem?: UpdateProblem }
  | { phase: 'installing'; release: UpdateRelease; step: 'waitingForSends' | 'savingDrafts' | 'restarting'; sending: number }
  | { phase: 'failed'; problem: UpdateProblem; release?: UpdateRelease };

export class UpdateService {
  private current: Phase = { phase: 'notApplicable', reason: 'web' };
  private host: UpdateHost | undefined;
  private failures = 0;
  private nextCheckAt: number | null = null;
  private cancelTimer: (() => void) | undefined;
  private draftsSaved: (() => void) | undefined;
  private releaseHold: (() => void) | undefined;
  private disposed = false;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly timers: UpdateTimers;

  constructor(private readonly options: UpdateServiceOptions) {
    this.log = options.logger.child('update');
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
  }

  /** The Electron app's updater is ready: the first check is scheduled shortly after start. */
  attach(host: UpdateHost): void {
    this.host = host;
    this.set(this.feed() ? { phase: 'idle' } : { phase: 'noFeed' });
    if (this.feed()) this.scheduleCheck(FIRST_CHECK_AFTER_MS);
  }

  /** The app cannot update itself here (a development run, a Linux install that is not an AppImage or deb). */
  markNotApplicable(reason: 'development' | 'unsupportedInstall'): void {
    this.set({ phase: 'notApplicable', reason });
  }

  status(): UpdateStatus {
    const feed = this.feed();
    const lastCheckedAt = this.options.state.get(LAST_CHECK_KEY);
    return {
      ...this.current,
      currentVersion: this.options.currentVersion,
      feed,
      buildFeedUrl: this.host?.builtFeed?.url ?? null,
      lastCheckedAt: typeof lastCheckedAt === 'number' ? lastCheckedAt : null,
      nextCheckAt: this.nextCheckAt,
    };
  }

  /** The version waiting for "restart to update", for the tray menu. */
  readyVersion(): string | undefined {
    return this.current.phase === 'ready' ? this.current.release.version : undefined;
  }

  checkNow(): UpdateStatus {
    this.requireApplicable();
    if (!this.feed()) throw appError('VALIDATION', '还没有设置更新地址', 'No update address is set', { field: 'url' });
    if (this.busy()) return this.status();
    void this.check();
    return this.status();
  }

  setFeedUrl(url: string | null): UpdateStatus {
    this.requireApplicable();
    if (this.current.phase === 'installing') throw appError('CONFLICT', '正在重启以安装更新，请稍候', 'The app is restarting to install an update; please wait');
    if (url === null) this.options.state.remove(FEED_URL_KEY);
    else this.options.state.set(FEED_URL_KEY, checkFeedAddress(url));
    this.failures = 0;
    this.log.info('update address changed', { source: url === null ? 'build' : 'settings' });
    if (this.busy()) {
      // The download under way finishes; the next check uses the new address.
      this.emit();
    } else if (this.feed()) {
      void this.check();
    } else {
      this.clearSchedule();
      this.set({ phase: 'noFeed' });
    }
    return this.status();
  }

  restartToUpdate(): UpdateStatus {
    const now = this.current;
    if (now.phase === 'installing') return this.status();
    if (now.phase !== 'ready') throw appError('CONFLICT', '还没有下载好的新版本', 'No update has been downloaded yet');
    void this.install(now.release);
    return this.status();
  }

  confirmDraftsSaved(): void {
    this.draftsSaved?.();
  }

  /** An updater error that came after install() (Squirrel.Mac refusing an unsigned app, say). */
  installFailed(error: unknown): void {
    if (this.current.phase !== 'installing' || this.current.step !== 'restarting') return;
    this.abortInstall(this.current.release, classifyUpdateError(error), error);
  }

  /** The computer woke up: a check that fell due during sleep runs now. */
  wake(): void {
    if (!this.busy() && this.feed() && isOverdue(this.nextCheckAt, this.now())) void this.check();
  }

  dispose(): void {
    this.disposed = true;
    this.clearSchedule();
  }

  /** One check, and the download it leads to. Resolves when both are done (or failed). */
  async check(): Promise<void> {
    const host = this.host;
    const feed = this.feed();
    if (!host || !feed || this.busy() || this.disposed) return;
    this.clearSchedule();
    this.set({ phase: 'checking' });
    let decision: UpdateDecision;
    try {
      const info = await fetchUpdateFeed({ feedUrl: feed.url, channel: feed.channel, platform: host.platform, arch: host.arch, fetch: host.fetch, stagingId: host.stagingId });
      decision = decideUpdate(info, { currentVersion: this.options.currentVersion, rolloutFraction: rolloutFraction(host.stagingId), osRelease: host.osRelease });
      this.options.state.set(LAST_CHECK_KEY, this.now());
    } catch (error) {
      this.fail(UpdateCheckFailure.from(error).kind, error);
      return;
    }
    switch (decision.kind) {
      case 'refuse':
        this.fail(decision.problem, new UpdateCheckFailure(decision.problem, decision.detail));
        return;
      case 'upToDate':
      case 'rollout':
      case 'systemTooOld': {
        this.failures = 0;
        const waiting =
          decision.kind === 'rollout'
            ? { kind: 'rollout' as const, version: decision.latestVersion, percentage: decision.percentage }
            : decision.kind === 'systemTooOld'
              ? { kind: 'systemTooOld' as const, version: decision.latestVersion, minimumSystemVersion: decision.minimumSystemVersion }
              : undefined;
        this.scheduleCheck(CHECK_EVERY_MS, false);
        this.set({ phase: 'upToDate', latestVersion: decision.latestVersion, ...(waiting ? { waiting } : {}) });
        return;
      }
      case 'download':
        await this.download(host, feed, decision.release);
    }
  }

  private async download(host: UpdateHost, feed: UpdateFeed, release: UpdateRelease): Promise<void> {
    this.set({ phase: 'downloading', release, percent: 0 });
    try {
      const downloaded = await host.engine.download(feed, release, (percent) => {
        const shown = Math.max(0, Math.min(100, Math.floor(percent)));
        if (this.current.phase === 'downloading' && shown !== this.current.percent) this.set({ ...this.current, percent: shown });
      });
      this.failures = 0;
      // Ready stays until the restart; the installer also runs if the agent simply quits.
      this.set({ phase: 'ready', release: downloaded });
      this.log.info('update downloaded', { version: downloaded.version });
    } catch (error) {
      this.fail(classifyUpdateError(error), error, release);
    }
  }

  private async install(release: UpdateRelease): Promise<void> {
    const { outbox } = this.options;
    this.set({ phase: 'installing', release, step: 'waitingForSends', sending: outbox.sendingCount() });
    const hold = outbox.holdDeliveries();
    this.releaseHold = hold.release;
    const sendsDone = await this.within(SEND_WAIT_MS, hold.idle);
    if (!sendsDone) {
      this.abortInstall(release, 'stillSending');
      return;
    }
    this.set({ phase: 'installing', release, step: 'savingDrafts', sending: 0 });
    const drafts = new Promise<void>((resolve) => (this.draftsSaved = resolve));
    if (!(await this.within(DRAFTS_WAIT_MS, drafts))) this.log.warn('no renderer confirmed its drafts; restarting anyway');
    this.draftsSaved = undefined;
    if (this.disposed) return;
    this.set({ phase: 'installing', release, step: 'restarting', sending: 0 });
    this.log.info('restarting to install', { version: release.version });
    try {
      this.host?.engine.install();
    } catch (error) {
      this.abortInstall(release, classifyUpdateError(error), error);
      return;
    }
    // Deliveries stay held: the app is quitting. If it is still here later, the installer did not start.
    this.cancelTimer = this.timers.after(INSTALL_WATCHDOG_MS, () => {
      if (this.current.phase === 'installing') this.abortInstall(release, 'installDidNotStart');
    });
  }

  private abortInstall(release: UpdateRelease, kind: UpdateProblemKind, error?: unknown): void {
    this.releaseHold?.();
    this.releaseHold = undefined;
    this.log.warn('restart to update abandoned', { kind, ...(error ? { error: describe(error) } : {}) });
    this.set({ phase: 'ready', release, problem: this.problem(kind, this.failures) });
  }

  private fail(kind: UpdateProblemKind, error: unknown, release?: UpdateRelease): void {
    this.failures += 1;
    const delay = retryDelay(this.failures, this.options.random);
    this.log.warn('update check failed', { kind, failures: this.failures, retryInMs: delay, error: describe(error) });
    this.scheduleCheck(delay, false);
    this.set({ phase: 'failed', problem: this.problem(kind, this.failures), ...(release ? { release } : {}) });
  }

  private problem(kind: UpdateProblemKind, failures: number): UpdateProblem {
    return { kind, ...UPDATE_PROBLEM_TEXT[kind], at: this.now(), failures };
  }

  private within(ms: number, done: Promise<void>): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = this.timers.after(ms, () => resolve(false));
      void done.then(() => {
        cancel();
        resolve(true);
      });
    });
  }

  private feed(): UpdateFeed | null {
    if (!this.host) return null;
    const override = this.options.state.get(FEED_URL_KEY);
    const channel = this.host.builtFeed?.channel ?? 'latest';
    if (typeof override === 'string' && override) return { url: override, source: 'settings', channel };
    return this.host.builtFeed ? { url: this.host.builtFeed.url, source: 'build', channel } : null;
  }

  private busy(): boolean {
    return this.current.phase === 'checking' || this.current.phase === 'downloading' || this.current.phase === 'installing';
  }

  private requireApplicable(): void {
    if (!this.host || this.current.phase === 'notApplicable') {
      throw appError('UNSUPPORTED', '这里不能自动更新（浏览器或开发版本）', 'Updates do not apply here (the browser or a development run)');
    }
  }

  private scheduleCheck(ms: number, announce = true): void {
    this.clearSchedule();
    this.nextCheckAt = this.now() + ms;
    this.cancelTimer = this.timers.after(ms, () => {
      this.cancelTimer = undefined;
      void this.check();
    });
    if (announce) this.emit();
  }

  private clearSchedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.nextCheckAt = null;
  }

  private set(next: Phase): void {
    this.current = next;
    this.emit();
  }

  private emit(): void {
    if (!this.disposed) this.options.onDidChangeStatus(this.status());
  }
}

function describe(error: unknown): string {
  if (error instanceof UpdateCheckFailure) return error.message;
  if (error instanceof Error) return `${error.name}${'code' in error && typeof error.code === 'string' ? ` ${error.code}` : ''}`;
  return typeof error;
}

/** The address as typed in Settings, checked; a VALIDATION error names what is wrong. */
export function checkFeedAddress(raw: string): string {
  const problem = feedAddressProblem(raw);
  if (!problem) return raw.trim();
  const text: Record<AddressProblem, [string, string]> = {
    notUrl: ['更新地址不是有效的网址，例如 https://updates.example.com/workphone/', 'The update address is not a valid URL, e.g. https://updates.example.com/workphone/'],
    notHttps: ['更新地址必须以 https:// 开头（只有本机的测试服务器可以用 http://127.0.0.1）', 'The update address must start with https:// (only a test server on this computer may use http://127.0.0.1)'],
    credentialsInUrl: ['更新地址里不能包含用户名或密码', 'The update address must not contain a user name or password'],
    queryInUrl: ['更新地址不能带“?”或“#”后面的参数', 'The update address must not have a "?" query or a "#" part'],
  };
  const [zh, en] = text[problem];
  throw appError('VALIDATION', zh, en, { field: 'url', reason: problem });
}

// The update service's life: when it checks, what it shows, how it backs off, and how a restart
// waits for replies being sent and for the drafts. Checks go to a real feed server on 127.0.0.1;
// time is a hand-turned clock, so nothing waits for real.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateFeed, UpdateRelease, UpdateStatus } from '@shared/ipc/update';
import { isAppError } from '@shared/errors';
import { silentLogger } from '../../../electron/main/log/logger';
import { CHECK_EVERY_MS, FIRST_CHECK_AFTER_MS, type UpdateTimers } from '../../../electron/main/update/schedule';
import { DRAFTS_WAIT_MS, INSTALL_WATCHDOG_MS, SEND_WAIT_MS, UpdateService, type OutboxGate, type UpdateEngine } from '../../../electron/main/update/service';
import { latestYml, startUpdateFeedServer, type UpdateFeedServer } from '../../helpers/update-feed-server';

/** Timers that fire only when the test turns the clock. */
class HandClock implements UpdateTimers {
  now = Date.UTC(2026, 11, 1, 2, 0);
  private pending: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.now + ms, fn, cancelled: false };
    this.pending.push(timer);
    return () => (timer.cancelled = true);
  }
  /** Milliseconds until the next live timer, or undefined. */
  next(): number | undefined {
    const live = this.pending.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at);
    return live[0] ? live[0].at - this.now : undefined;
  }
  /** Moves to the next live timer and runs it. */
  fire(): void {
    const live = this.pending.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at);
    const timer = live[0];
    if (!timer) throw new Error('no timer pending');
    timer.cancelled = true;
    this.now = Math.max(this.now, timer.at);
    timer.fn();
  }
}

/** What electron-updater does for the service, recorded; a download can be held or made to fail. */
class RecordingEngine implements UpdateEngine {
  downloads: Array<{ feed: UpdateFeed; expected: UpdateRelease }> = [];
  installs = 0;
  failNext: Error | undefined;
  installThrows: Error | undefined;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  holdDownload(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  releaseDownload(): void {
    this.open?.();
    this.gate = undefined;
  }
  async download(feed: UpdateFeed, expected: UpdateRelease, onProgress: (percent: number) => void): Promise<UpdateRelease> {
    this.downloads.push({ feed, expected });
    onProgress(12.7);
    await this.gate;
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    onProgress(100);
    return expected;
  }
  install(): void {
    if (this.installThrows) throw this.installThrows;
    this.installs++;
  }
}

/** An outbox with replies in flight that the test finishes by hand. */
class HandOutbox implements OutboxGate {
  sending = 0;
  held = false;
  private finish: (() => void) | undefined;
  private idle: Promise<void> = Promise.resolve();
  startSending(): void {
    this.sending++;
    this.idle = new Promise((resolve) => (this.finish = resolve));
  }
  finishSending(): void {
    this.sending = 0;
    this.finish?.();
  }
  sendingCount(): number {
    return this.sending;
  }
  holdDeliveries() {
    this.held = true;
    return { idle: this.idle, release: () => (this.held = false) };
  }
}

let server: UpdateFeedServer;
beforeAll(async () => {
  server = await startUpdateFeedServer();
});
afterAll(() => server.close());

interface Harness {
  service: UpdateService;
  clock: HandClock;
  engine: RecordingEngine;
  outbox: HandOutbox;
  statuses: UpdateStatus[];
  kv: Map<string, unknown>;
  last(): UpdateStatus;
}

let services: UpdateService[] = [];
afterEach(() => {
  for (const s of services) s.dispose();
  services = [];
  server.requests.length = 0;
});

function start(options: { builtFeed?: string | null; kv?: Map<string, unknown>; attach?: boolean } = {}): Harness {
  const clock = new HandClock();
  const engine = new RecordingEngine();
  const outbox = new HandOutbox();
  const statuses: UpdateStatus[] = [];
  const kv = options.kv ?? new Map<string, unknown>();
  const service = new UpdateService({
    currentVersion: '0.1.0',
    state: { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v), remove: (k) => void kv.delete(k) },
    outbox,
    onDidChangeStatus: (s) => statuses.push(s),
    logger: silentLogger,
    now: () => clock.now,
    timers: clock,
    random: () => 0.5,
  });
  services.push(service);
  const built = options.builtFeed === undefined ? server.url : options.builtFeed;
  if (options.attach !== false) {
    service.attach({ engine, fetch, builtFeed: built ? { url: built, channel: 'latest' } : null, platform: 'linux', arch: 'x64', osRelease: '6.1.0', stagingId: '00000000-0000-4000-8000-000000000001' });
  }
  return { service, clock, engine, outbox, statuses, kv, last: () => statuses.at(-1)! };
}

/** Lets the check's HTTP request and the promises behind it run. */
async function settle(h: Harness, until: (s: UpdateStatus) => boolean): Promise<UpdateStatus> {
  await expect.poll(() => until(h.service.status())).toBe(true);
  return h.service.status();
}

async function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checking', () => {
  it('does nothing without an update address, and says so', async () => {
    const h = start({ builtFeed: null });
    expect(h.service.status()).toMatchObject({ phase: 'noFeed', feed: null, nextCheckAt: null });
    expect(h.clock.next()).toBeUndefined();
    expect((await refusal(() => h.service.checkNow())).code).toBe('VALIDATION');
    expect(server.requests).toHaveLength(0);
  });

  it('is not applicable in the web host and in a development run', async () => {
    const web = start({ attach: false });
    expect(web.service.status()).toMatchObject({ phase: 'notApplicable', reason: 'web' });
    expect((await refusal(() => web.service.checkNow())).code).toBe('UNSUPPORTED');
    expect((await refusal(() => web.service.setFeedUrl('https://u.example.com/'))).code).toBe('UNSUPPORTED');
    const dev = start({ attach: false });
    dev.service.markNotApplicable('development');
    expect(dev.service.status()).toMatchObject({ phase: 'notApplicable', reason: 'development' });
  });

  it('checks soon after start and then every 6 hours', async () => {
    server.put('latest-linux.yml', latestYml('0.1.0'));
    const h = start();
    expect(h.service.status()).toMatchObject({ phase: 'idle', feed: { url: server.url, source: 'build', channel: 'latest' }, buildFeedUrl: server.url });
    expect(h.clock.next()).toBe(FIRST_CHECK_AFTER_MS);
    h.clock.fire();
    expect(h.service.status().phase).toBe('checking');
    const done = await settle(h, (s) => s.phase === 'upToDate');
    expect(done).toMatchObject({ phase: 'upToDate', latestVersion: '0.1.0', lastCheckedAt: h.clock.now, nextCheckAt: h.clock.now + CHECK_EVERY_MS });
    expect(h.clock.next()).toBe(CHECK_EVERY_MS);
    h.clock.fire();
    await settle(h, (s) => s.phase === 'upToDate' && s.nextCheckAt === h.clock.now + CHECK_EVERY_MS);
    expect(server.requests.filter((r) => r.path.endsWith('latest-linux.yml'))).toHaveLength(2);
  });

  it('shows a rollout this computer is not in yet', async () => {
    server.put('latest-linux.yml', latestYml('0.2.0', ['stagingPercentage: 0']));
    const h = start();
    h.service.checkNow();
    const s = await settle(h, (x) => x.phase === 'upToDate');
    expect(s).toMatchObject({ phase: 'upToDate', latestVersion: '0.2.0', waiting: { kind: 'rollout', version: '0.2.0', percentage: 0 } });
    expect(h.engine.downloads).toHaveLength(0);
  });

  it('does not start a second check while one runs', async () => {
    server.put('latest-linux.yml', latestYml('0.1.0'));
    const h = start();
    h.service.checkNow();
    h.service.checkNow();
    await settle(h, (s) => s.phase === 'upToDate');
    expect(server.requests).toHaveLength(1);
  });

  it('backs off after failures, shows the problem in both languages, and recovers', async () => {
    server.remove('latest-linux.yml');
    const h = start();
    h.service.checkNow();
    let s = await settle(h, (x) => x.phase === 'failed');
    expect(s).toMatchObject({ phase: 'failed', problem: { kind: 'notFound', failures: 1, messageZh: '更新地址上没有找到更新文件（404）' } });
    const firstWait = h.clock.next()!;
    expect(s.nextCheckAt).toBe(h.clock.now + firstWait);
    h.clock.fire();
    s = await settle(h, (x) => x.phase === 'failed' && x.problem.failures === 2);
    expect(s).toMatchObject({ problem: { failures: 2 } });
    expect(h.clock.next()!).toBeGreaterThan(firstWait);

    server.put('latest-linux.yml', latestYml('0.1.0'));
    h.clock.fire();
    s = await settle(h, (x) => x.phase === 'upToDate');
    expect(s).toMatchObject({ phase: 'upToDate', latestVersion: '0.1.0' });
    expect(h.clock.next()).toBe(CHECK_EVERY_MS);
  });

  it('checks a sleeping computer on waking only when a check fell due', async () => {
    server.put('latest-linux.yml', latestYml('0.1.0'));
    const h = start();
    h.service.wake();
    expect(h.service.status().phase).toBe('idle');
    h.clock.now += FIRST_CHECK_AFTER_MS + 1;
    h.service.wake();
    await settle(h, (x) => x.phase === 'upToDate');
  });
});

describe('the address set in Settings', () => {
  it('wins over the built-in one, is checked at once, is kept, and can be cleared', async () => {
    const other = await startUpdateFeedServer();
    other.put('latest-linux.yml', latestYml('0.1.0'));
    const kv = new Map<string, unknown>();
    const h = start({ kv });
    const s = h.service.setFeedUrl(other.url);
    expect(s.feed).toEqual({ url: other.url, source: 'settings', channel: 'latest' });
    await settle(h, (x) => x.phase === 'upToDate');
    expect(other.requests).toHaveLength(1);
    // A restart keeps it.
    expect(start({ kv }).service.status().feed?.source).toBe('settings');
    h.service.setFeedUrl(null);
    expect(h.service.status().feed).toMatchObject({ source: 'build', url: server.url });
    await other.close();
  });

  it('must be https (or this computer), without credentials or query; a refused one changes nothing', async () => {
    const h = start();
    for (const bad of ['http://updates.example.com/', 'https://u:p@updates.example.com/', 'https://updates.example.com/?token=abc']) {
      const error = await refusal(() => h.service.setFeedUrl(bad));
      expect(error.code).toBe('VALIDATION');
      expect(error.messageZh).toMatch(/更新地址/);
    }
    expect(h.service.status().feed?.source).toBe('build');
    expect(h.kv.has('update.feedUrl')).toBe(false);
  });
});

describe('downloading', () => {
  it('downloads a newer version in the background with progress, then offers the restart', async () => {
    server.put('latest-linux.yml', latestYml('0.2.0', ["releaseNotes: '修复了通知'"]));
    const h = start();
    h.engine.holdDownload();
    h.service.checkNow();
    const downloading = await settle(h, (x) => x.phase === 'downloading' && x.percent === 12);
    expect(downloading).toMatchObject({ release: { version: '0.2.0', notes: '修复了通知' } });
    expect(h.engine.downloads[0]!.feed).toEqual({ url: server.url, source: 'build', channel: 'latest' });
    h.engine.releaseDownload();
    const ready = await settle(h, (x) => x.phase === 'ready');
    expect(ready).toMatchObject({ phase: 'ready', release: { version: '0.2.0' } });
    expect(h.service.readyVersion()).toBe('0.2.0');
    // Ready stays until the restart: no more checks.
    expect(h.clock.next()).toBeUndefined();
  });

  it('reports a failed download (disk full) and tries again later', async () => {
    server.put('latest-linux.yml', latestYml('0.2.0'));
    const h = start();
    h.engine.failNext = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    h.service.checkNow();
    const failed = await settle(h, (x) => x.phase === 'failed');
    expect(failed).toMatchObject({ problem: { kind: 'diskFull', messageZh: '磁盘空间不足，无法下载更新' }, release: { version: '0.2.0' } });
    h.clock.fire();
    await settle(h, (x) => x.phase === 'ready');
    expect(h.engine.downloads).toHaveLength(2);
  });

  it('refuses an update file without sha512 and downloads nothing', async () => {
    server.put('latest-linux.yml', ['version: 0.2.0', 'files:', '  - url: a.AppImage'].join('\n'));
    const h = start();
    h.service.checkNow();
    const failed = await settle(h, (x) => x.phase === 'failed');
    expect(failed).toMatchObject({ problem: { kind: 'noChecksum' } });
    expect(h.engine.downloads).toHaveLength(0);
  });
});

describe('restart to update', () => {
  async function ready(): Promise<Harness> {
    server.put('latest-linux.yml', latestYml('0.2.0'));
    const h = start();
    h.service.checkNow();
    await settle(h, (x) => x.phase === 'ready');
    return h;
  }

  it('is refused before anything is downloaded', async () => {
    const h = start();
    expect((await refusal(() => h.service.restartToUpdate())).code).toBe('CONFLICT');
  });

  it('waits for the reply being sent, holds new ones, has the drafts saved, then installs', async () => {
    const h = await ready();
    h.outbox.startSending();
    expect(h.service.restartToUpdate()).toMatchObject({ phase: 'installing', step: 'waitingForSends', sending: 1 });
    expect(h.outbox.held).toBe(true);
    expect(h.engine.installs).toBe(0);
    h.outbox.finishSending();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'savingDrafts');
    expect(h.engine.installs).toBe(0);
    h.service.confirmDraftsSaved();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'restarting');
    expect(h.engine.installs).toBe(1);
    // The app is quitting: deliveries stay held.
    expect(h.outbox.held).toBe(true);
    expect((await refusal(() => h.service.setFeedUrl(null))).code).toBe('CONFLICT');
  });

  it('gives up when a reply is still sending after two minutes, and lets the outbox go', async () => {
    const h = await ready();
    h.outbox.startSending();
    h.service.restartToUpdate();
    expect(h.clock.next()).toBe(SEND_WAIT_MS);
    h.clock.fire();
    const s = await settle(h, (x) => x.phase === 'ready');
    expect(s).toMatchObject({ phase: 'ready', problem: { kind: 'stillSending' } });
    expect(h.outbox.held).toBe(false);
    expect(h.engine.installs).toBe(0);
  });

  it('restarts anyway when no renderer answers for its drafts', async () => {
    const h = await ready();
    h.service.restartToUpdate();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'savingDrafts');
    expect(h.clock.next()).toBe(DRAFTS_WAIT_MS);
    h.clock.fire();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'restarting');
    expect(h.engine.installs).toBe(1);
  });

  it('comes back to "ready" with the reason when the installer refuses or never starts', async () => {
    const h = await ready();
    h.service.restartToUpdate();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'savingDrafts');
    h.service.confirmDraftsSaved();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'restarting');
    h.service.installFailed(new Error('Could not get code signature for running application'));
    expect(h.service.status()).toMatchObject({ phase: 'ready', problem: { kind: 'unsigned' } });
    expect(h.outbox.held).toBe(false);

    h.service.restartToUpdate();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'savingDrafts');
    h.service.confirmDraftsSaved();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'restarting');
    expect(h.clock.next()).toBe(INSTALL_WATCHDOG_MS);
    h.clock.fire();
    expect(h.service.status()).toMatchObject({ phase: 'ready', problem: { kind: 'installDidNotStart' } });

    h.engine.installThrows = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    h.service.restartToUpdate();
    await settle(h, (x) => x.phase === 'installing' && x.step === 'savingDrafts');
    h.service.confirmDraftsSaved();
    const s = await settle(h, (x) => x.phase === 'ready');
    expect(s).toMatchObject({ problem: { kind: 'permission' } });
  });
});

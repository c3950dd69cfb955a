// The Electron glue of the updater, against a fake autoUpdater and a real feed server: it hands
// electron-updater the service's address and rules, turns its progress and errors into the
// status the renderer shows, and quits to install only when the service says so.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { UpdateStatus } from '@shared/ipc/update';
import { installAutoUpdate, type UpdaterSurface } from '../../../electron/main/desktop/auto-update';
import { silentLogger } from '../../../electron/main/log/logger';
import { UpdateService, type OutboxGate } from '../../../electron/main/update/service';
import { STAGING_ID_FILE } from '../../../electron/main/update/staging-id';
import { latestYml, startUpdateFeedServer, type UpdateFeedServer } from '../../helpers/update-feed-server';
import { FakeUpdater } from './fake-updater';

// The real autoUpdater must fit the surface the glue asks for; this fails tsc, not the run.
expectTypeOf<AppUpdater>().toExtend<UpdaterSurface>();

let server: UpdateFeedServer;
beforeAll(async () => {
  server = await startUpdateFeedServer();
});
afterAll(() => server.close());

const idleOutbox: OutboxGate = { sendingCount: () => 0, holdDeliveries: () => ({ idle: Promise.resolve(), release() {} }) };
let services: UpdateService[] = [];
afterEach(() => {
  for (const s of services) s.dispose();
  services = [];
});

const info = (version: string, extra: Partial<UpdateInfo> = {}): UpdateInfo => ({
  version,
  files: [{ url: `WorkPhone-Desk-${version}.AppImage`, sha512: 'abc=', size: 1 }],
  path: `WorkPhone-Desk-${version}.AppImage`,
  sha512: 'abc=',
  releaseDate: '2026-12-01T08:00:00.000Z',
  ...extra,
});

function start(options: { packaged?: boolean; active?: boolean; appUpdateYml?: string; stagingId?: string } = {}) {
  const userData = mkdtempSync(join(tmpdir(), 'wp-updater-'));
  const resources = mkdtempSync(join(tmpdir(), 'wp-resources-'));
  if (options.appUpdateYml !== undefined) writeFileSync(join(resources, 'app-update.yml'), options.appUpdateYml);
  if (options.stagingId) writeFileSync(join(userData, STAGING_ID_FILE), options.stagingId);
  const kv = new Map<string, unknown>();
  const statuses: UpdateStatus[] = [];
  const service = new UpdateService({
    currentVersion: '0.1.0',
    state: { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v), remove: (k) => void kv.delete(k) },
    outbox: idleOutbox,
    onDidChangeStatus: (status) => statuses.push(status),
    logger: silentLogger,
  });
  services.push(service);
  const updater = new FakeUpdater();
  updater.active = options.active ?? true;
  const resumes: Array<() => void> = [];
  const fetched: string[] = [];
  installAutoUpdate(
    {
      autoUpdater: updater,
      app: { isPackaged: options.packaged ?? true, getPath: () => userData },
      net: {
        fetch: (input, init) => {
          fetched.push(input);
          return fetch(input, init);
        },
      },
      powerMonitor: { on: (_event, listener) => resumes.push(listener) },
    },
    { updates: service, resourcesPath: resources, platform: 'linux', arch: 'x64', osRelease: '6.1.0', logger: silentLogger },
  );
  return { service, updater, userData, resumes, fetched, statuses };
}

const builtIn = () => `provider: generic\nurl: ${server.url}\nchannel: latest\nupdaterCacheDirName: workphone-desk-updater\n`;

describe('installAutoUpdate', () => {
  it('leaves a development run and an install that cannot replace itself alone', () => {
    const dev = start({ packaged: false, appUpdateYml: builtIn() });
    expect(dev.service.status()).toMatchObject({ phase: 'notApplicable', reason: 'development' });
    expect(dev.updater.feeds).toHaveLength(0);
    const deb = start({ active: false, appUpdateYml: builtIn() });
    expect(deb.service.status()).toMatchObject({ phase: 'notApplicable', reason: 'unsupportedInstall' });
  });

  it('without an app-update.yml there is no address and nothing is checked', () => {
    const { service } = start();
    expect(service.status()).toMatchObject({ phase: 'noFeed', feed: null, nextCheckAt: null });
  });

  it('checks through net.fetch, then has electron-updater download from the same address with our rules', async () => {
    server.put('latest-linux.yml', latestYml('0.3.0'));
    const { service, updater, fetched, statuses } = start({ appUpdateYml: builtIn() });
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    updater.serverInfo = info('0.3.0', { releaseNotes: '新功能' });
    await service.check();
    const progress = statuses.flatMap((s) => (s.phase === 'downloading' ? [s.percent] : []));
    expect(progress).toEqual([0, 41, 100]);
    expect(fetched).toEqual([`${server.url}latest-linux.yml`]);
    expect(updater.feeds).toEqual([{ provider: 'generic', url: server.url, channel: 'latest' }]);
    expect(service.status()).toMatchObject({ phase: 'ready', release: { version: '0.3.0' } });
    expect(updater.listenerCount('download-progress')).toBe(0);
  });

  it('gives electron-updater the same rollout answer as ours, from its own staging id file', async () => {
    const high = 'ffffffff-ffff-4fff-bfff-fffffff00000';
    const { updater, userData } = start({ appUpdateYml: builtIn(), stagingId: high });
    expect(readFileSync(join(userData, STAGING_ID_FILE), 'utf8')).toBe(high);
    expect(await updater.isUserWithinRollout(info('0.3.0', { stagingPercentage: 50 }))).toBe(false);
    expect(await updater.isUserWithinRollout(info('0.3.0'))).toBe(true);
    const low = start({ appUpdateYml: builtIn(), stagingId: '00000000-0000-4000-8000-000000000001' });
    expect(await low.updater.isUserWithinRollout(info('0.3.0', { stagingPercentage: 50 }))).toBe(true);
    expect(await low.updater.isUpdateSupported(info('0.3.0', { minimumSystemVersion: '7.0.0' }))).toBe(false);
    // A missing id file is created once, in electron-updater's place.
    const fresh = start({ appUpdateYml: builtIn() });
    expect(readFileSync(join(fresh.userData, STAGING_ID_FILE), 'utf8')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports electron-updater's download errors in the agent's words", async () => {
    server.put('latest-linux.yml', latestYml('0.3.0'));
    const { service, updater } = start({ appUpdateYml: builtIn() });
    updater.serverInfo = info('0.3.0');
    updater.downloadError = Object.assign(new Error('sha512 checksum mismatch, expected abc=, got def='), { code: 'ERR_CHECKSUM_MISMATCH' });
    await service.check();
    expect(service.status()).toMatchObject({ phase: 'failed', problem: { kind: 'checksum' } });
  });

  it('quits and installs (silent, started again) only after the service says so; a Squirrel refusal comes back as advice', async () => {
    server.put('latest-linux.yml', latestYml('0.3.0'));
    const { service, updater } = start({ appUpdateYml: builtIn() });
    updater.serverInfo = info('0.3.0');
    await service.check();
    // An error before any restart is the download's, already reported: it changes nothing here.
    updater.emit('error', new Error('Could not get code signature for running application'));
    expect(service.status().phase).toBe('ready');
    expect(updater.quitAndInstallCalls).toEqual([]);

    service.restartToUpdate();
    await expect.poll(() => service.status()).toMatchObject({ phase: 'installing', step: 'savingDrafts' });
    service.confirmDraftsSaved();
    await expect.poll(() => updater.quitAndInstallCalls).toEqual([[true, true]]);
    updater.emit('error', new Error('Could not get code signature for running application'));
    expect(service.status()).toMatchObject({ phase: 'ready', problem: { kind: 'unsigned', adviceZh: expect.stringContaining('手动安装') } });
  });

  it('checks on waking when a check fell due during sleep', async () => {
    const { service, resumes } = start({ appUpdateYml: builtIn() });
    expect(resumes).toHaveLength(1);
    resumes[0]!();
    expect(service.status().phase).toBe('idle');
  });
});

// electron-updater wired to the update service (update/service.ts). The service decides when to
// check and what the update file means; this only hands electron-updater the same address and
// the same rollout and OS rules, has it download and verify the installer (sha512; on Windows the
// publisher's signature, on macOS Squirrel's code-signature check), and quits to install.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UpdateInfo } from 'electron-updater';
import type { UpdateRelease } from '@shared/ipc/update';
import type { Logger } from '../log/logger';
import { releaseNotesText, systemSupports, withinRollout, rolloutFraction } from '../update/decision';
import { UpdateFeedInfo } from '../update/feed';
import { readBuiltFeed } from '../update/feed-address';
import { UpdateCheckFailure } from '../update/problems';
import type { UpdateEngine, UpdateService } from '../update/service';
import { readOrCreateStagingId } from '../update/staging-id';

/** The slice of electron-updater's AppUpdater used here; tests pass a fake. */
export interface UpdaterSurface {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  isUserWithinRollout: (info: UpdateInfo) => boolean | Promise<boolean>;
  isUpdateSupported: (info: UpdateInfo) => boolean | Promise<boolean>;
  isUpdaterActive(): boolean;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string | null }): void;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: UpdateInfo } | null>;
  downloadUpdate(): Promise<string[]>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
}

export interface AutoUpdateElectron {
  autoUpdater: UpdaterSurface;
  app: { readonly isPackaged: boolean; getPath(name: 'userData'): string };
  net: { fetch(input: string, init?: RequestInit): Promise<Response> };
  powerMonitor: { on(event: 'resume', listener: () => void): unknown };
}

export interface AutoUpdateDeps {
  updates: UpdateService;
  /** process.resourcesPath: electron-builder writes app-update.yml there. */
  resourcesPath: string;
  platform: NodeJS.Platform;
  arch: string;
  osRelease: string;
  logger: Logger;
}

export function installAutoUpdate(electron: AutoUpdateElectron, deps: AutoUpdateDeps): void {
  const { autoUpdater, app } = electron;
  const log = deps.logger.child('updater');
  // A development run is the bare Electron binary: there is nothing to replace.
  if (!app.isPackaged) return deps.updates.markNotApplicable('development');
  // Linux: only an AppImage or a deb/rpm install can replace itself.
  if (!autoUpdater.isUpdaterActive()) return deps.updates.markNotApplicable('unsupportedInstall');

  const ymlFile = join(deps.resourcesPath, 'app-update.yml');
  const builtFeed = readBuiltFeed(existsSync(ymlFile) ? readFileSync(ymlFile, 'utf8') : undefined);
  const stagingId = readOrCreateStagingId(app.getPath('userData'));
  const fraction = rolloutFraction(stagingId);

  autoUpdater.logger = { info: (m) => log.debug(String(m)), warn: (m) => log.warn(String(m)), error: (m) => log.warn(String(m)) };
  // The service starts downloads itself, after its own decision.
  autoUpdater.autoDownload = false;
  // A downloaded update also installs when the agent simply quits at the end of the day.
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.isUserWithinRollout = (info) => withinRollout(info, fraction);
  autoUpdater.isUpdateSupported = (info) => systemSupports(info, deps.osRelease);

  const engine: UpdateEngine = {
    async download(feed, expected, onProgress) {
      autoUpdater.setFeedURL({ provider: 'generic', url: feed.url, channel: feed.channel });
      const result = await autoUpdater.checkForUpdates();
      // The file changed between our check and electron-updater's: try again later.
      if (!result?.isUpdateAvailable) throw new UpdateCheckFailure('server', 'update no longer offered');
      const progress = (info: { percent: number }) => onProgress(info.percent);
      autoUpdater.on('download-progress', progress);
      try {
        await autoUpdater.downloadUpdate();
      } finally {
        autoUpdater.removeListener('download-progress', progress);
      }
      return releaseOf(result.updateInfo, expected);
    },
    install() {
      // Silent on Windows (the one-click installer shows nothing to decide) and started again after.
      autoUpdater.quitAndInstall(true, true);
    },
  };
  autoUpdater.on('error', (error) => deps.updates.installFailed(error));
  electron.powerMonitor.on('resume', () => deps.updates.wake());

  deps.updates.attach({
    engine,
    fetch: ((input: string | URL | Request, init?: RequestInit) => electron.net.fetch(String(input instanceof Request ? input.url : input), init)) as typeof fetch,
    builtFeed,
    platform: deps.platform,
    arch: deps.arch,
    osRelease: deps.osRelease,
    stagingId,
  });
}

/** The release electron-updater downloaded, which may be newer than the one we checked. */
function releaseOf(info: UpdateInfo, expected: UpdateRelease): UpdateRelease {
  if (info.version === expected.version) return expected;
  const parsed = UpdateFeedInfo.safeParse(info);
  const notes = parsed.success ? releaseNotesText(parsed.data.releaseNotes) : undefined;
  return { version: info.version, ...(notes ? { notes } : {}) };
}

// A stand-in for electron-updater's autoUpdater (it needs the Electron binary to load). It keeps
// what the glue set on it (feed, flags, rollout and OS hooks) and lets a test play the updater:
// answer a check, report download progress, fail, emit the error Squirrel.Mac would.
import { EventEmitter } from 'node:events';
import type { UpdateInfo } from 'electron-updater';
import type { UpdaterSurface } from '../../../electron/main/desktop/auto-update';

export class FakeUpdater extends EventEmitter implements UpdaterSurface {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  logger: UpdaterSurface['logger'] = null;
  isUserWithinRollout: UpdaterSurface['isUserWithinRollout'] = () => true;
  isUpdateSupported: UpdaterSurface['isUpdateSupported'] = () => true;
  active = true;
  feeds: Array<{ provider: 'generic'; url: string; channel?: string | null }> = [];
  /** What the next checkForUpdates finds on the server. */
  serverInfo: UpdateInfo | null = null;
  downloadError: Error | undefined;
  quitAndInstallCalls: Array<[boolean | undefined, boolean | undefined]> = [];
  downloads = 0;

  isUpdaterActive(): boolean {
    return this.active;
  }
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string | null }): void {
    this.feeds.push(options);
  }
  async checkForUpdates() {
    if (!this.serverInfo) return { isUpdateAvailable: false, updateInfo: { version: '0.0.0', files: [], path: '', sha512: '', releaseDate: '' } as UpdateInfo };
    // electron-updater asks its hooks before it calls an update available.
    const available = (await this.isUpdateSupported(this.serverInfo)) && (await this.isUserWithinRollout(this.serverInfo));
    return { isUpdateAvailable: available, updateInfo: this.serverInfo };
  }
  async downloadUpdate(): Promise<string[]> {
    this.downloads++;
    this.emit('download-progress', { percent: 41.5 });
    if (this.downloadError) throw this.downloadError;
    this.emit('download-progress', { percent: 100 });
    return ['/tmp/update.AppImage'];
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.quitAndInstallCalls.push([isSilent, isForceRunAfter]);
  }
}

// The desktop app looking after itself, wired to Electron: the machine waking and the screen
// unlocked sync at once (sync/wake.ts decides), a dead page process reloads the window within a
// crash-loop guard (renderer-crash.ts), other Chromium processes dying are logged, and web
// permissions are denied but for one (permissions.ts). The decisions live in those modules; this
// file only connects them, against the slice of Electron below, so Node tests can drive it with
// test/unit/desktop/fake-electron.ts.
import { silentLogger, type Logger } from '../log/logger';
import { inLanguage, type Language } from './language';
import { allowPermission } from './permissions';
import { RendererCrashGuard, type CrashGuardOptions } from './renderer-crash';
import type { AppPage } from './trusted-sender';

export interface RecoveryWindow {
  isDestroyed(): boolean;
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): unknown;
    on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
    loadURL(url: string): Promise<void>;
  };
}

interface PermissionDetails {
  requestingUrl?: string;
  isMainFrame: boolean;
}

export interface RecoveryElectron<Window extends RecoveryWindow> {
  app: {
    on(event: 'child-process-gone', listener: (event: unknown, details: { type: string; reason: string; exitCode: number; name?: string }) => void): unknown;
    on(event: 'before-quit', listener: () => void): unknown;
    quit(): void;
  };
  powerMonitor: {
    on(event: 'resume' | 'unlock-screen' | 'suspend' | 'lock-screen', listener: () => void): unknown;
  };
  session: {
    setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void): void;
    setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: PermissionDetails) => boolean): void;
  };
  dialog: {
    showMessageBox(
      window: Window,
      options: { type: 'error'; title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number; noLink: boolean },
    ): Promise<{ response: number }>;
  };
}

export interface RecoveryDeps<Window extends RecoveryWindow> {
  window: Window;
  /** The app page, for permissions (the same check as the IPC sender's). */
  page: AppPage;
  /** What a reload loads. */
  pageUrl: string;
  sync: { wake(cause: 'resume' | 'unlock-screen'): unknown };
  language: () => Language;
  logger?: Logger;
  crashLoop?: CrashGuardOptions;
}

export function installRecovery<Window extends RecoveryWindow>(electron: RecoveryElectron<Window>, deps: RecoveryDeps<Window>): void {
  const { app, powerMonitor, session, dialog } = electron;
  const { window } = deps;
  const log = (deps.logger ?? silentLogger).child('recovery');
  const t = (zh: string, en: string) => inLanguage(deps.language(), zh, en);
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  powerMonitor.on('suspend', () => log.info('the machine is going to sleep'));
  powerMonitor.on('lock-screen', () => log.info('the screen was locked'));
  powerMonitor.on('resume', () => {
    log.info('the machine woke up');
    deps.sync.wake('resume');
  });
  powerMonitor.on('unlock-screen', () => {
    log.info('the screen was unlocked');
    deps.sync.wake('unlock-screen');
  });

  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const allowed = allowPermission({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, deps.page);
    if (!allowed) log.info('permission refused', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_webContents, permission, _origin, details) =>
    allowPermission({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, deps.page),
  );

  const guard = new RendererCrashGuard(deps.crashLoop);
  const reload = () => {
    if (window.isDestroyed()) return;
    window.webContents.loadURL(deps.pageUrl).catch((error: unknown) => log.error('the window could not be loaded again', { error: String(error) }));
  };
  window.webContents.on('render-process-gone', (_event, details) => {
    // A window closing, or the app quitting, ends its page process too: nothing to mend.
    if (quitting || window.isDestroyed()) return;
    const decision = guard.decide(details.reason);
    log.error('the window’s page process is gone', { reason: details.reason, exitCode: details.exitCode, decision, recentReloads: guard.recentReloads });
    if (decision === 'reload') return reload();
    void dialog
      .showMessageBox(window, {
        type: 'error',
        title: t('工作手机助手', 'WorkPhone Desk'),
        message: t('窗口内容反复崩溃', 'The window keeps crashing'),
        detail: t(
          '消息同步和新消息提醒仍在后台运行。可以重新加载窗口；如果仍然崩溃，请在“设置 → 关于”中导出诊断信息发给我们。',
          'Syncing and new-message notifications go on in the background. You can load the window again; if it keeps crashing, export diagnostics in Settings → About and send them to us.',
        ),
        buttons: [t('重新加载', 'Reload'), t('退出', 'Quit')],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      })
      .then(({ response }) => {
        if (response === 1) return app.quit();
        guard.reset();
        reload();
      });
  });
  window.webContents.on('unresponsive', () => log.warn('the window stopped responding'));
  window.webContents.on('responsive', () => log.info('the window responds again'));
  app.on('child-process-gone', (_event, details) => {
    // The GPU, network or utility process: Chromium starts them again by itself; the log keeps why.
    log.warn('a Chromium process is gone', { type: details.type, reason: details.reason, exitCode: details.exitCode, ...(details.name ? { name: details.name } : {}) });
  });
}

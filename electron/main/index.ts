// The Electron entry: single instance, the window, the IPC transport and the desktop shell. Every
// decision lives in plain modules (app/core, desktop/*); this file wires them to Electron.
import { existsSync } from 'node:fs';
import { release as osRelease } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, net, Notification, powerMonitor, screen, session, shell as electronShell, Tray } from 'electron';
import { contextMenuTemplate } from './desktop/context-menu';
import electronUpdater from 'electron-updater';
import type { Message } from '@shared/model';
import { createAppCore, DATABASE_FILE, type AppCore } from './app/core';
import { safeExternalUrl } from './app/external-url';
import { APP_ID } from './desktop/app-identity';
import { installAutoUpdate } from './desktop/auto-update';
import { catchDialLinks } from './desktop/dial-link-inbox';
import { installIpcTransport } from './desktop/ipc-transport';
import { answerProxyLogins, createDesktopNetwork } from './desktop/network';
import { installDesktopShell, type DesktopShell } from './desktop/shell';
import { mainWindowOptions, shouldBlockNavigation } from './desktop/window-options';
import { prepareDemoWorkspace } from './demo/host';
import { demoStatePath } from './demo/state';
import type { DemoWorkspace } from './demo/workspace';
import { installRecovery } from './desktop/recovery';
import { chooseMediaPathWithDialog, saveDiagnosticsWithDialog } from './desktop/save-diagnostics';
import { watchProcessErrors } from './app/process-errors';
import { startAppLogging } from './log/app-logging';
import { createKeychainStore } from './secrets/create';

const logs = startAppLogging({ dir: app.getPath('logs'), name: 'desktop' });
const { logger } = logs;
watchProcessErrors(process, logger, { beforeExit: logs.flush, exit: (code) => app.exit(code) });
const here = fileURLToPath(new URL('.', import.meta.url));
let mainWindow: BrowserWindow | undefined;
let core: AppCore | undefined;
let desktop: DesktopShell | undefined;
let demo: DemoWorkspace | undefined;

if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Before 'ready': a tel: link that cold-starts the app (macOS open-url) must not be lost.
  const dialLinks = catchDialLinks(app, process.argv);
  app.whenReady().then(
    () => start(dialLinks),
    (error: unknown) => {
      logger.error('failed to start', { error: String(error) });
      app.quit();
    },
  );
}

async function start(dialLinks: ReturnType<typeof catchDialLinks>): Promise<void> {
  const rendererFile = join(here, '../renderer/index.html');
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const pageUrl = devUrl ?? pathToFileURL(rendererFile).toString();

  const dataDir = app.getPath('userData');
  const secrets = await createKeychainStore(logger);
  // "Try the demo" ran before: its simulators must be up before sync reaches for them.
  if (existsSync(demoStatePath(dataDir))) {
    demo = await prepareDemoWorkspace({ dataDir, secrets, databaseFile: join(dataDir, DATABASE_FILE), liveTraffic: true, logger });
  }
  // Both save dialogs (diagnostics, a message's file) open in Downloads, in the agent's language.
  const saveDialogDeps = { window: () => mainWindow, downloadsDir: app.getPath('downloads'), language: () => core!.context.settings.get().language };
  core = await createAppCore({
    host: 'electron',
    dataDir,
    secrets,
    logger,
    openExternal: async (url) => {
      await electronShell.openExternal(url);
      return true;
    },
    telHandlerGuidance: () => ({ applicable: true, ...(desktop?.telHandler() ?? { isDefault: false, canSetItself: false, summary: '', steps: [] }) }),
    logs,
    saveDiagnostics: saveDiagnosticsWithDialog(dialog, saveDialogDeps),
    chooseSavePath: chooseMediaPathWithDialog(dialog, saveDialogDeps),
    desktopHealth: {
      health: () => desktop?.health() ?? { applicable: false },
      sendTestNotification: () => desktop?.sendTestNotification() ?? { applicable: false },
    },
    // Vendor calls go through Chromium: the system proxy, PAC, WPAD and the OS certificate store.
    network: (auth) => createDesktopNetwork(session.defaultSession, net, auth),
  });
  answerProxyLogins(app, core.proxyAuth);
  const { context, bus } = core;

  const win = new BrowserWindow(mainWindowOptions({ preloadPath: join(here, '../preload/index.cjs'), iconPath: join(here, '../../resources/icon.png') }));
  mainWindow = win;
  const appPage = { fileUrl: pathToFileURL(rendererFile).toString(), ...(devUrl ? { devOrigin: devUrl } : {}) };
  installIpcTransport(ipcMain, () => mainWindow?.webContents, core.router, bus, appPage);
  installRecovery<BrowserWindow>(
    { app, powerMonitor, session: win.webContents.session, dialog },
    { window: win, page: appPage, pageUrl, sync: core.sync, language: () => context.settings.get().language, logger },
  );
  win.webContents.on('will-navigate', (event, url) => {
    if (shouldBlockNavigation(url, pageUrl)) event.preventDefault();
  });
  // The rest of the window's context menu (fields, selections, links); messages have the page's.
  win.webContents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params, context.settings.get().language, {
      copyText: (text) => clipboard.writeText(text),
      openExternal: (url) => void electronShell.openExternal(url),
      copyImageAt: (x, y) => win.webContents.copyImageAt(x, y),
    });
    if (template.length > 0) Menu.buildFromTemplate(template).popup({ window: win });
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) void electronShell.openExternal(safe);
    return { action: 'deny' };
  });

  // Requests for the renderer made before it has loaded wait for it.
  let rendererReady = false;
  const waiting: (() => void)[] = [];
  const whenRendererReady = (fn: () => void) => (rendererReady ? fn() : waiting.push(fn));
  win.webContents.on('did-finish-load', () => {
    rendererReady = true;
    for (const fn of waiting.splice(0)) fn();
  });

  desktop = installDesktopShell(
    { app, Tray, Menu, Notification, nativeImage, screen },
    {
      window: win,
      platform: process.platform,
      argv: process.argv,
      dialLinks,
      logger,
      resourcesDir: join(here, '../../resources'),
      settings: context.settings,
      state: context.store.settings,
      unreadTotals: () => core!.inbox.unreadTotals(),
      accountLabel: (id) => context.store.accounts.get(id)?.label,
      onDidArriveMessages: (listener) =>
        bus.on('inbox.onDidArriveMessages', ({ messages }) => listener(messages.map((m) => inbound(m, context.store.conversations.get(m.conversationId)?.title)))),
      openConversation: (id) => whenRendererReady(() => bus.emit('app.onDidRequestNavigation', { target: 'conversation', conversationId: Number(id) })),
      openSearch: () => whenRendererReady(() => bus.emit('app.onDidRequestNavigation', { target: 'search' })),
      confirmDial: (link) => whenRendererReady(() => bus.emit('dial.onDidRequestConfirm', { phone: link.digits, source: 'link' })),
      update: { readyVersion: () => core!.updates.readyVersion(), restart: () => void core!.updates.restartToUpdate() },
      onDidChangeHealth: (health) => bus.emit('desktop.onDidChangeHealth', health),
    },
  );
  const shell = desktop;
  bus.on('settings.onDidChange', () => shell.refresh());
  bus.on('inbox.onDidChangeUnread', () => shell.refresh());
  bus.on('update.onDidChangeStatus', () => shell.refresh());
  installAutoUpdate(
    { autoUpdater: electronUpdater.autoUpdater, app, net, powerMonitor },
    { updates: core.updates, resourcesPath: process.resourcesPath, platform: process.platform, arch: process.arch, osRelease: osRelease(), logger },
  );
  core.inbox.onDidChangeFocus((id) => shell.setOpenConversation(id === null ? null : String(id)));

  win.once('ready-to-show', () => {
    if (!shell.startedAtLogin) win.show();
  });
  win.on('closed', () => {
    mainWindow = undefined;
  });
  await win.loadURL(pageUrl);
}

function inbound(message: Message, title: string | undefined) {
  return {
    conversationId: String(message.conversationId),
    accountId: message.accountId,
    customerName: title ?? message.senderName ?? '',
    preview: message.text,
    sentAt: message.sentAt,
  };
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  desktop?.dispose();
  void core
    ?.close()
    .then(() => demo?.close())
    .finally(() => logs.close());
});

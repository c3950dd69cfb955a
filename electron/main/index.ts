// The Electron entry: single instance, the window, the IPC transport. Every decision lives in
// plain modules (app/core, desktop/window-options, desktop/trusted-sender); this file wires them.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { createAppCore, type AppCore } from './app/core';
import { safeExternalUrl } from './app/external-url';
import { installIpcTransport } from './desktop/ipc-transport';
import { mainWindowOptions, shouldBlockNavigation } from './desktop/window-options';
import { createLogger, stderrSink } from './log/logger';
import { createKeychainStore } from './secrets/create';

const logger = createLogger(stderrSink, 'desktop');
const here = fileURLToPath(new URL('.', import.meta.url));
let mainWindow: BrowserWindow | undefined;
let core: AppCore | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.whenReady().then(start, (error: unknown) => {
    logger.error('failed to start', { error: String(error) });
    app.quit();
  });
}

async function start(): Promise<void> {
  const rendererFile = join(here, '../renderer/index.html');
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  const pageUrl = !app.isPackaged && devUrl ? devUrl : pathToFileURL(rendererFile).toString();

  core = await createAppCore({
    host: 'electron',
    dataDir: app.getPath('userData'),
    secrets: await createKeychainStore(logger),
    logger,
    openExternal: async (url) => {
      await shell.openExternal(url);
      return true;
    },
  });

  mainWindow = new BrowserWindow(
    mainWindowOptions({
      preloadPath: join(here, '../preload/index.cjs'),
      iconPath: join(here, '../../resources/icon.png'),
    }),
  );
  const win = mainWindow;
  installIpcTransport(ipcMain, () => mainWindow?.webContents, core.router, core.bus, {
    fileUrl: pathToFileURL(rendererFile).toString(),
    ...(devUrl && !app.isPackaged ? { devOrigin: devUrl } : {}),
  });

  win.webContents.on('will-navigate', (event, url) => {
    if (shouldBlockNavigation(url, pageUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) void shell.openExternal(safe);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = undefined;
  });
  await win.loadURL(pageUrl);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void core?.close();
});

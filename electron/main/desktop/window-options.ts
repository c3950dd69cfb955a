// The main window's options as plain data, so tests can read back every security setting
// without an Electron binary. The Electron entry passes this object to `new BrowserWindow`.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  preloadPath: string;
  iconPath: string;
  bounds?: { x?: number; y?: number; width: number; height: number };
  title?: string;
}

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: input.bounds?.width ?? 1280,
    height: input.bounds?.height ?? 820,
    ...(input.bounds?.x !== undefined ? { x: input.bounds.x } : {}),
    ...(input.bounds?.y !== undefined ? { y: input.bounds.y } : {}),
    minWidth: 900,
    minHeight: 600,
    title: input.title ?? '工作手机助手',
    icon: input.iconPath,
    show: false,
    backgroundColor: '#f5f6f8',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** What the window does with a navigation attempt: the app never navigates away from itself. */
export function shouldBlockNavigation(targetUrl: string, appUrl: string): boolean {
  try {
    const target = new URL(targetUrl);
    const app = new URL(appUrl);
    // Reloading the app page itself (same document, maybe another hash) is the only allowed move.
    return !(target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname);
  } catch {
    return true;
  }
}

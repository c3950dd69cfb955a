// Who may call the main process: only the app's own page, in the window's top frame. A frame
// injected by a compromised vendor page (there should be none; this is defence in depth) is refused,
// as VS Code's validated ipcMain does.

export interface SenderFrameInfo {
  /** senderFrame.url */
  url: string;
  /** senderFrame === webContents.mainFrame (i.e. senderFrame.parent === null) */
  isTopFrame: boolean;
}

export interface AppPage {
  /** In production: the file:// URL of out/renderer/index.html. */
  fileUrl?: string;
  /** In development: the dev server origin (http://localhost:5173). */
  devOrigin?: string;
}

export function isTrustedSender(frame: SenderFrameInfo | null | undefined, page: AppPage): boolean {
  if (!frame || !frame.isTopFrame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  if (page.fileUrl) {
    const expected = new URL(page.fileUrl);
    if (url.protocol === 'file:' && expected.protocol === 'file:' && url.pathname === expected.pathname) return true;
  }
  if (page.devOrigin) {
    try {
      if (url.origin === new URL(page.devOrigin).origin) return true;
    } catch {
      return false;
    }
  }
  return false;
}

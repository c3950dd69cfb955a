// The Electron transport: one invoke channel, one event channel, the sender checked on every call.
import type { IpcMain, WebContents } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '@shared/ipc/define';
import type { Contract } from '@shared/ipc/define';
import type { EventBus } from '../ipc/event-bus';
import type { Router } from '../ipc/router';
import { isTrustedSender, type AppPage } from './trusted-sender';

export function installIpcTransport(
  ipcMain: IpcMain,
  webContents: () => WebContents | undefined,
  router: Router,
  bus: EventBus<Contract>,
  page: AppPage,
): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender(frame ? { url: frame.url, isTopFrame: frame.parent === null } : null, page);
    if (!trusted) {
      return { ok: false, error: { code: 'AUTH', message: 'Caller refused', messageZh: '调用方不受信任' } };
    }
    return router.invoke(method, input, { transport: 'electron' });
  });
  const unsubscribe = bus.onAny((name, payload) => {
    const target = webContents();
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}

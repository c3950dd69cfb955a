// The desktop app's own health for the health panel. The desktop shell knows it (it is the one
// showing notifications); the web host has no shell, so its answer is "not applicable".
import { appError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { DesktopHealth, desktopMethods } from '@shared/ipc/desktop';
import type { Handlers } from '../ipc/router';

export interface DesktopHealthSource {
  health(): DesktopHealth;
  sendTestNotification(): DesktopHealth;
}

export function createDesktopHandlers(source: DesktopHealthSource | undefined): Pick<Handlers<AppContract>, keyof typeof desktopMethods> {
  return {
    'desktop.getHealth': () => source?.health() ?? { applicable: false },
    'desktop.sendTestNotification': () => {
      if (!source) throw appError('UNSUPPORTED', '在浏览器中运行时没有桌面通知', 'There are no desktop notifications in the browser');
      return source.sendTestNotification();
    },
  };
}

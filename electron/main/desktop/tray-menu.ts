// The tray's right-click menu as data, rebuilt whenever what it shows changes.
import type { MenuItemConstructorOptions } from 'electron';
import { APP_NAME, APP_NAME_ZH } from '../app/version';
import { inLanguage, type Language } from './language';
import { describePause, type PauseChoice } from './notification-prefs';

export interface TrayMenuState {
  language: Language;
  now: Date;
  unread: number;
  /** Epoch ms while notifications are paused. */
  pausedUntil: number | undefined;
  launchAtLogin: boolean;
  /** False in development, where the "app" is the bare Electron binary. */
  canLaunchAtLogin: boolean;
  closeToTray: boolean;
  /** macOS windows always hide on close (the app lives in the Dock), so there is no choice. */
  offerCloseToTray: boolean;
  /** A downloaded update waiting for a restart. */
  updateVersion?: string | undefined;
}

export interface TrayMenuActions {
  openWindow(): void;
  restartToUpdate?(): void;
  pause(choice: PauseChoice): void;
  setLaunchAtLogin(enabled: boolean): void;
  setCloseToTray(enabled: boolean): void;
  quit(): void;
}

export function trayMenuTemplate(state: TrayMenuState, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const t = (zh: string, en: string) => inLanguage(state.language, zh, en);
  const appName = t(APP_NAME_ZH, APP_NAME);
  const paused = state.pausedUntil !== undefined && state.pausedUntil > state.now.getTime();
  const unread = state.unread > 0 ? t(`（${state.unread} 条未读）`, ` (${state.unread} unread)`) : '';
  return [
    { id: 'open', label: t(`打开${appName}${unread}`, `Open ${appName}${unread}`), click: () => actions.openWindow() },
    ...(state.updateVersion
      ? [{ id: 'restart-to-update', label: t(`重启以更新（${state.updateVersion}）`, `Restart to update (${state.updateVersion})`), click: () => actions.restartToUpdate?.() }]
      : []),
    { type: 'separator' },
    {
      id: 'pause',
      label: paused ? t('通知已暂停', 'Notifications paused') : t('暂停通知', 'Pause notifications'),
      submenu: [
        ...(paused ? [{ id: 'pause-status', label: describePause(state.pausedUntil!, state.now, state.language), enabled: false }, { type: 'separator' as const }] : []),
        { id: 'pause-hour', label: t('暂停 1 小时', 'For 1 hour'), click: () => actions.pause('oneHour') },
        { id: 'pause-tomorrow', label: t('暂停到明天 08:00', 'Until 08:00 tomorrow'), click: () => actions.pause('untilTomorrow') },
        { id: 'pause-resume', label: t('恢复通知', 'Resume notifications'), enabled: paused, click: () => actions.pause('resume') },
      ],
    },
    { type: 'separator' },
    {
      id: 'launch-at-login',
      type: 'checkbox',
      label: t('开机时启动', 'Start at login'),
      checked: state.launchAtLogin,
      visible: state.canLaunchAtLogin,
      click: () => actions.setLaunchAtLogin(!state.launchAtLogin),
    },
    {
      id: 'close-to-tray',
      type: 'checkbox',
      label: t('关闭窗口时留在托盘', 'Keep running in the tray when closed'),
      checked: state.closeToTray,
      visible: state.offerCloseToTray,
      click: () => actions.setCloseToTray(!state.closeToTray),
    },
    { type: 'separator' },
    { id: 'quit', label: t(`退出${appName}`, `Quit ${appName}`), click: () => actions.quit() },
  ];
}

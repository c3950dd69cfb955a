import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { autostartFilePath, launchedAtLogin, linuxAutostartEntry, loginItemSettings } from '../../../electron/main/desktop/login-item';
import { appMenuTemplate } from '../../../electron/main/desktop/menu';
import { telHandlerGuidance } from '../../../electron/main/desktop/tel-handler-guidance';
import { trayMenuTemplate } from '../../../electron/main/desktop/tray-menu';

const noop = { openSearch: () => {} };
const roles = (menu: MenuItemConstructorOptions[]) =>
  menu.flatMap((top) => (Array.isArray(top.submenu) ? top.submenu : [])).map((item) => item.role).filter(Boolean);

describe('app menu', () => {
  it('Windows and Linux: File, Edit, View, Window, Help with the usual roles, quit under File', () => {
    const menu = appMenuTemplate({ platform: 'win32', language: 'zh', isDev: false, actions: noop });
    expect(menu.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect(roles(menu)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit', 'about', 'zoomIn', 'minimize']));
  });

  it('macOS: the app menu comes first with about, hide and quit', () => {
    const menu = appMenuTemplate({ platform: 'darwin', language: 'en', isDev: false, actions: noop });
    expect(menu[0]?.label).toBe('WorkPhone Desk');
    expect((menu[0]?.submenu as MenuItemConstructorOptions[]).map((i) => i.role ?? i.type)).toEqual(['about', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(menu.map((m) => m.label)).not.toContain('Help');
  });

  it('reload and developer tools exist only in development', () => {
    const prod = roles(appMenuTemplate({ platform: 'linux', language: 'zh', isDev: false, actions: noop }));
    const dev = roles(appMenuTemplate({ platform: 'linux', language: 'zh', isDev: true, actions: noop }));
    expect(prod).not.toContain('reload');
    expect(prod).not.toContain('toggleDevTools');
    expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });
});

describe('tray menu', () => {
  const actions = { openWindow: () => {}, pause: () => {}, setLaunchAtLogin: () => {}, setCloseToTray: () => {}, quit: () => {} };
  const state = { language: 'en' as const, now: new Date(2026, 10, 23, 10), unread: 0, pausedUntil: undefined, launchAtLogin: false, canLaunchAtLogin: true, closeToTray: true, offerCloseToTray: true };

  it('offers pausing while running and resuming while paused', () => {
    const running = trayMenuTemplate(state, actions);
    const pause = running.find((i) => i.id === 'pause')!;
    expect(pause.label).toBe('Pause notifications');
    expect((pause.submenu as MenuItemConstructorOptions[]).find((i) => i.id === 'pause-resume')?.enabled).toBe(false);

    const paused = trayMenuTemplate({ ...state, pausedUntil: new Date(2026, 10, 24, 8).getTime() }, actions);
    const submenu = paused.find((i) => i.id === 'pause')!.submenu as MenuItemConstructorOptions[];
    expect(submenu[0]).toMatchObject({ id: 'pause-status', label: 'Notifications paused until tomorrow 08:00', enabled: false });
    expect(submenu.find((i) => i.id === 'pause-resume')?.enabled).toBe(true);
  });

  it('shows the checkboxes in their current state', () => {
    const menu = trayMenuTemplate({ ...state, launchAtLogin: true, closeToTray: false }, actions);
    expect(menu.find((i) => i.id === 'launch-at-login')).toMatchObject({ type: 'checkbox', checked: true });
    expect(menu.find((i) => i.id === 'close-to-tray')).toMatchObject({ type: 'checkbox', checked: false, visible: true });
    const mac = trayMenuTemplate({ ...state, offerCloseToTray: false }, actions);
    expect(mac.find((i) => i.id === 'close-to-tray')?.visible).toBe(false);
  });
});

describe('launch at login', () => {
  it('Windows marks the login item so a start at login stays in the tray', () => {
    expect(loginItemSettings('win32', true)).toEqual({ openAtLogin: true, args: ['--launched-at-login'] });
    expect(loginItemSettings('darwin', false)).toEqual({ openAtLogin: false });
    expect(launchedAtLogin(['app.exe', '--launched-at-login'], false)).toBe(true);
    expect(launchedAtLogin(['app'], true)).toBe(true);
    expect(launchedAtLogin(['app.exe'], false)).toBe(false);
  });

  it('Linux autostart entry launches the AppImage file, not its temporary mount', () => {
    const entry = linuxAutostartEntry('/tmp/.mount_WorkPhXYZ/workphone-desk', { APPIMAGE: '/home/agent/Apps/WorkPhone-Desk.AppImage' });
    expect(entry).toContain('Exec="/home/agent/Apps/WorkPhone-Desk.AppImage" --launched-at-login');
    expect(entry.startsWith('[Desktop Entry]\nType=Application\nName=工作手机助手\n')).toBe(true);
  });

  it('quotes awkward paths per the Desktop Entry spec and refuses line breaks', () => {
    const entry = linuxAutostartEntry('/opt/my "apps"/$HOME\\x', {});
    expect(entry).toContain('Exec="/opt/my \\\\"apps\\\\"/\\\\$HOME\\\\\\\\x" --launched-at-login');
    expect(() => linuxAutostartEntry('/opt/a\nExec=evil', {})).toThrow(RangeError);
  });

  it('follows XDG_CONFIG_HOME', () => {
    expect(autostartFilePath({ XDG_CONFIG_HOME: '/cfg' }, '/home/a')).toBe('/cfg/autostart/workphone-desk.desktop');
    expect(autostartFilePath({}, '/home/a')).toBe('/home/a/.config/autostart/workphone-desk.desktop');
  });
});

describe('tel: handler guidance for settings', () => {
  it('Windows: explains the Default apps steps because the app cannot make itself the default', () => {
    const zh = telHandlerGuidance('win32', 'zh', false);
    expect(zh.canSetItself).toBe(false);
    expect(zh.settingsUri).toBe('ms-settings:defaultapps');
    expect(zh.steps.join('\n')).toContain('默认应用');
    expect(zh.steps.join('\n')).toContain('TEL');
    expect(zh.steps.join('\n')).toContain('工作手机助手');
    const en = telHandlerGuidance('win32', 'en', false);
    expect(en.steps[0]).toBe('Open Settings → Apps → Default apps.');
  });

  it('macOS and Linux: point at FaceTime and xdg-mime', () => {
    expect(telHandlerGuidance('darwin', 'en', false).steps.join(' ')).toContain('Default for calls');
    expect(telHandlerGuidance('linux', 'zh', false).steps).toEqual(['xdg-mime default workphone-desk.desktop x-scheme-handler/tel']);
  });

  it('nothing to do when the app already handles tel:', () => {
    expect(telHandlerGuidance('win32', 'zh', true)).toMatchObject({ isDefault: true, steps: [] });
  });
});

import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Electron from 'electron';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/ipc/settings';
import { APP_ID } from '../../../electron/main/desktop/app-identity';
import type { UnreadTotals } from '../../../electron/main/desktop/badge';
import type { ShellSettings, ShellSettingsAccess, ShellSettingsPatch, ShellStateAccess, ShellStateKey } from '../../../electron/main/desktop/shell-state';
import type { SettingsService } from '../../../electron/main/services/settings';
import type { Store } from '../../../electron/main/store/store';
import type { DesktopElectron } from '../../../electron/main/desktop/electron-surface';
import type { InboundMessage } from '../../../electron/main/desktop/notification-policy';
import type { DialLink } from '../../../electron/main/desktop/protocol';
import { hasLiveTray, installDesktopShell, type DesktopShell, type DesktopShellDeps } from '../../../electron/main/desktop/shell';
import type { DesktopHealth } from '@shared/ipc/desktop';
import { createFakeElectron, FakeEvent, FakeNotification, FakeTray, FakeWindow, type FakeElectron, type FakeImage } from './fake-electron';
import { decodePng, redPixels } from './png-decode';

// The real module must fit the surface the shell asks for; this fails tsc, not the test run.
type RealSurface = Pick<typeof Electron, 'app' | 'Tray' | 'Menu' | 'Notification' | 'nativeImage' | 'screen'>;
expectTypeOf<RealSurface>().toExtend<DesktopElectron<Electron.NativeImage, Electron.Menu>>();
expectTypeOf<Electron.BrowserWindow>().toExtend<Parameters<typeof installDesktopShell<Electron.NativeImage, Electron.Menu>>[1]['window']>();
// The entry passes the settings service and the store's key-value settings as they are.
expectTypeOf<SettingsService>().toExtend<ShellSettingsAccess>();
expectTypeOf<Store['settings']>().toExtend<ShellStateAccess>();

interface Harness {
  electron: FakeElectron;
  window: FakeWindow;
  shell: DesktopShell;
  /** The settings service as the shell sees it: settings.get / settings.update. */
  settings: ShellSettings;
  state: Map<ShellStateKey, unknown>;
  opened: string[];
  dialled: DialLink[];
  searches: number;
  deliver(messages: InboundMessage[]): void;
  setUnread(totals: UnreadTotals): void;
  tray(): FakeTray;
  clock: { now: Date };
}

let harnesses: Harness[] = [];
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'shell-'));
});
afterEach(() => {
  for (const h of harnesses) h.shell.dispose();
  harnesses = [];
  rmSync(scratch, { recursive: true, force: true });
});

interface StartOptions {
  argv?: string[];
  settings?: ShellSettingsPatch & { language?: 'zh' | 'en' };
  state?: Partial<Record<ShellStateKey, unknown>>;
  /** Sets the fake OS up before the shell starts. */
  prepare?: (electron: FakeElectron) => void;
  update?: DesktopShellDeps<FakeImage>['update'];
  onDidChangeHealth?: DesktopShellDeps<FakeImage>['onDidChangeHealth'];
}

function start(platform: NodeJS.Platform, options: StartOptions = {}): Harness {
  const electron = createFakeElectron(platform);
  options.prepare?.(electron);
  const window = new FakeWindow();
  const state = new Map(Object.entries(options.state ?? {}) as Array<[ShellStateKey, unknown]>);
  let unread: UnreadTotals = { total: 0, perAccount: {} };
  let arrive: (messages: readonly InboundMessage[]) => void = () => {};
  const clock = { now: new Date(2026, 10, 23, 10, 0) };
  const harness = {
    electron,
    window,
    settings: merge({ ...DEFAULT_SETTINGS }, options.settings ?? {}),
    state,
    opened: [] as string[],
    dialled: [] as DialLink[],
    searches: 0,
    clock,
  } as Harness;
  harness.shell = installDesktopShell(electron, {
    window,
    platform,
    argv: options.argv ?? ['/opt/工作手机助手/workphone-desk'],
    resourcesDir: '/app/resources',
    settings: { get: () => harness.settings, update: (patch) => void (harness.settings = merge(harness.settings, patch)) },
    state: { get: (key) => state.get(key), set: (key, value) => void state.set(key, value) },
    accountLabel: (id) => ({ a: '销售一号', b: '企微' })[id],
    unreadTotals: () => unread,
    onDidArriveMessages: (listener) => {
      arrive = listener;
      return () => {
        arrive = () => {};
      };
    },
    openConversation: (id) => harness.opened.push(id),
    confirmDial: (link) => harness.dialled.push(link),
    openSearch: () => harness.searches++,
    now: () => clock.now,
    autostart: { env: { XDG_CONFIG_HOME: join(scratch, 'config') }, home: scratch, execPath: '/opt/工作手机助手/workphone-desk' },
    ...(options.update ? { update: options.update } : {}),
    ...(options.onDidChangeHealth ? { onDidChangeHealth: options.onDidChangeHealth } : {}),
  });
  harness.deliver = (messages) => arrive(messages);
  harness.setUnread = (totals) => {
    unread = totals;
    harness.shell.refresh();
  };
  harness.tray = () => FakeTray.instances.at(-1)!;
  harnesses.push(harness);
  return harness;
}

/** settings.update: nested objects merged one level deep. */
function merge(settings: ShellSettings, patch: ShellSettingsPatch & { language?: 'zh' | 'en' }): ShellSettings {
  return { ...settings, ...patch, notifications: { ...settings.notifications, ...patch.notifications } };
}

const message = (conversationId: string, patch: Partial<InboundMessage> = {}): InboundMessage => ({
  conversationId,
  accountId: 'youmi-1',
  customerName: '王女士',
  preview: '在吗？',
  sentAt: Date.now(),
  ...patch,
});

describe('notifications', () => {
  it('a click on a notification brings the window forward and opens the conversation', () => {
    const h = start('win32');
    h.window.minimized = true;
    h.deliver([message('conv-1')]);
    const [toast] = FakeNotification.shown;
    expect(toast?.options).toMatchObject({ title: '王女士', body: '在吗？', silent: false, icon: '/app/resources/icon.png' });
    toast!.emit('click');
    expect(h.window).toMatchObject({ minimized: false, visible: true, focused: true });
    expect(h.opened).toEqual(['conv-1']);
  });

  it('says nothing about the conversation the agent is reading', () => {
    const h = start('linux');
    h.window.focus();
    h.shell.setOpenConversation('conv-1');
    h.deliver([message('conv-1')]);
    expect(FakeNotification.shown).toHaveLength(0);
    h.deliver([message('conv-2')]);
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('flashes the taskbar when unfocused and stops when the agent comes back', () => {
    const h = start('win32');
    h.deliver([message('conv-1')]);
    expect(h.window.flashing).toBe(true);
    h.window.focus();
    expect(h.window.flashing).toBe(false);
  });

  it('a burst becomes one summary that opens the app without a conversation', () => {
    const h = start('linux');
    h.deliver(['a', 'b', 'c', 'd', 'e'].map((id) => message(id)));
    expect(FakeNotification.shown.map((n) => n.options.body)).toEqual(['5 条新消息，来自 5 位客户']);
    FakeNotification.shown[0]!.emit('click');
    expect(h.window.visible).toBe(true);
    expect(h.opened).toEqual([]);
  });

  it('shows nothing when the OS has no notification service, and does not crash', () => {
    const h = start('linux');
    FakeNotification.supported = false;
    h.deliver([message('conv-1')]);
    expect(FakeNotification.shown).toHaveLength(0);
  });
});

describe('tray', () => {
  it('is kept alive and offers open, pause, login, close-to-tray and quit', () => {
    const h = start('win32');
    expect(hasLiveTray()).toBe(true);
    const menu = h.tray().menu!;
    for (const id of ['open', 'pause-hour', 'pause-tomorrow', 'pause-resume', 'launch-at-login', 'close-to-tray', 'quit']) {
      expect(menu.find(id), id).toBeDefined();
    }
    expect(menu.find('pause-resume')?.enabled).toBe(false);
    h.window.hide();
    menu.click('open');
    expect(h.window.visible).toBe(true);
  });

  it('pause for an hour silences notifications, shows in the tooltip, and resume brings them back', () => {
    const h = start('linux');
    h.tray().menu!.click('pause-hour');
    expect(h.settings.notifications.pausedUntil).toBe(new Date(2026, 10, 23, 11, 0).getTime());
    expect(h.tray().toolTip).toContain('通知已暂停至 11:00');
    expect(h.tray().menu!.find('pause-status')?.label).toBe('通知已暂停至 11:00');
    h.deliver([message('conv-1')]);
    expect(FakeNotification.shown).toHaveLength(0);

    h.tray().menu!.click('pause-resume');
    expect(h.settings.notifications.pausedUntil).toBeUndefined();
    h.deliver([message('conv-1')]);
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('pause until tomorrow ends at 08:00 the next day', () => {
    const h = start('darwin');
    h.tray().menu!.click('pause-tomorrow');
    expect(h.settings.notifications.pausedUntil).toBe(new Date(2026, 10, 24, 8, 0).getTime());
  });

  it('quit quits for real, even with close-to-tray on', () => {
    const h = start('win32');
    h.tray().menu!.click('quit');
    expect(h.electron.app.quitCalls).toBe(1);
    expect(h.window.userCloses().defaultPrevented).toBe(false);
  });

  it('is released on dispose', () => {
    const h = start('linux');
    h.shell.dispose();
    harnesses = [];
    expect(h.tray().destroyed).toBe(true);
    expect(hasLiveTray()).toBe(false);
  });
});

describe('unread badge', () => {
  it('Linux: badge count, tray picture with the count, tooltip per account', () => {
    const h = start('linux');
    expect(redPixels(decodePng((h.tray().image as FakeImage).reps[0]!.png))).toBe(0);
    h.setUnread({ total: 12, perAccount: { a: 10, b: 2 } });
    expect(h.electron.app.badgeCount).toBe(12);
    expect(redPixels(decodePng((h.tray().image as FakeImage).reps[0]!.png))).toBeGreaterThan(50);
    expect(h.tray().toolTip).toBe('工作手机助手\n12 条未读消息\n销售一号: 10\n企微: 2');
    expect(h.tray().menu!.find('open')?.label).toBe('打开工作手机助手（12 条未读）');
    h.setUnread({ total: 0, perAccount: {} });
    expect(h.electron.app.badgeCount).toBe(0);
  });

  it('Windows: taskbar overlay with a description, .ico in the tray until something is unread', () => {
    const h = start('win32', { settings: { language: 'en' } });
    expect((h.tray().image as FakeImage).path).toBe('/app/resources/icon.ico');
    h.setUnread({ total: 150, perAccount: {} });
    expect(h.window.overlay?.description).toBe('150 unread messages');
    expect(h.window.overlay?.image?.reps.map((r) => r.scaleFactor)).toEqual([1, 2]);
    expect((h.tray().image as FakeImage).reps).toHaveLength(4);
    h.setUnread({ total: 0, perAccount: {} });
    expect(h.window.overlay).toEqual({ image: null, description: 'No unread messages' });
    expect((h.tray().image as FakeImage).path).toBe('/app/resources/icon.ico');
  });

  it('macOS: dock badge and menu-bar title, template tray image', () => {
    const h = start('darwin');
    expect((h.tray().image as FakeImage).template).toBe(true);
    h.setUnread({ total: 100, perAccount: {} });
    expect(h.electron.app.dock?.badge).toBe('99+');
    expect(h.tray().title).toBe('99+');
  });

  it('new messages redraw the badge', () => {
    const h = start('linux');
    let total = 0;
    h.setUnread({ total, perAccount: {} });
    total = 3;
    h.setUnread({ total, perAccount: {} });
    h.deliver([message('c')]);
    expect(h.electron.app.badgeCount).toBe(3);
  });
});

describe('tel: and workphone: links', () => {
  it('a second launch with a tel: link brings the app forward and asks to dial', () => {
    const h = start('win32');
    h.window.hide();
    h.electron.app.emit('second-instance', new FakeEvent(), ['C:\\WorkPhoneDesk.exe', '--', 'tel:+86-138 0013 8000']);
    expect(h.window.visible).toBe(true);
    expect(h.dialled).toMatchObject([{ digits: '13800138000', display: '138 0013 8000' }]);
  });

  it('a hostile link is refused with a notice and nothing is dialled', () => {
    const h = start('linux');
    h.electron.app.emit('second-instance', new FakeEvent(), ['/opt/x', 'tel:13800138000%0A--inspect']);
    expect(h.dialled).toEqual([]);
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['无法拨打这个链接']);
  });

  it('the link that started the app is dialled once the shell is up', () => {
    const h = start('linux', { argv: ['/opt/x', 'workphone://dial?phone=4008001234'] });
    expect(h.dialled.map((l) => l.digits)).toEqual(['4008001234']);
  });

  it('macOS open-url is handled and marked as handled', () => {
    const h = start('darwin');
    const event = new FakeEvent();
    h.electron.app.emit('open-url', event, 'tel:010-88888888');
    expect(event.defaultPrevented).toBe(true);
    expect(h.dialled.map((l) => l.digits)).toEqual(['01088888888']);
  });

  it('registers both schemes when packaged; on Windows the link follows "--"', () => {
    const h = start('win32');
    expect(h.electron.app.protocolClients.map((c) => [c.protocol, c.args])).toEqual([
      ['tel', ['--']],
      ['workphone', ['--']],
    ]);
    expect(h.shell.telHandler()).toMatchObject({ isDefault: true, steps: [] });
  });

  it('Windows sets the AppUserModelID to the installer appId; other platforms do not', () => {
    expect(start('win32').electron.app.appUserModelId).toBe(APP_ID);
    expect(start('linux').electron.app.appUserModelId).toBeNull();
  });
});

describe('window and app behaviour', () => {
  it('restores the saved placement and remembers the new one on close', () => {
    const h = start('win32', { state: { 'desktop.window': { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true } } });
    expect(h.window.bounds).toEqual({ x: 100, y: 80, width: 1000, height: 700 });
    expect(h.window.maximized).toBe(true);
    h.window.bounds = { x: 300, y: 200, width: 1100, height: 720 };
    h.window.maximized = false;
    h.window.userCloses();
    expect(h.state.get('desktop.window')).toEqual({ bounds: { x: 300, y: 200, width: 1100, height: 720 }, maximized: false });
  });

  it('closing hides to the tray, with a one-time hint; turned off, closing really closes', () => {
    const h = start('win32');
    h.window.show();
    expect(h.window.userCloses().defaultPrevented).toBe(true);
    expect(h.window.visible).toBe(false);
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['工作手机助手仍在运行']);
    h.window.userCloses();
    expect(FakeNotification.shown).toHaveLength(1);

    h.tray().menu!.click('close-to-tray');
    expect(h.settings.closeToTray).toBe(false);
    expect(h.window.userCloses().defaultPrevented).toBe(false);
  });

  it('macOS: closing always hides (the app lives in the Dock), and the Dock icon brings it back', () => {
    const h = start('darwin', { settings: { closeToTray: false } });
    h.window.show();
    expect(h.window.userCloses().defaultPrevented).toBe(true);
    expect(FakeNotification.shown).toHaveLength(0);
    h.electron.app.emit('activate');
    expect(h.window.visible).toBe(true);
    expect(h.tray().menu!.find('close-to-tray')?.visible).toBe(false);
  });

  it('launch at login: Windows login item with the marker argument', () => {
    const h = start('win32');
    h.tray().menu!.click('launch-at-login');
    expect(h.electron.app.loginItem).toEqual({ openAtLogin: true, args: ['--launched-at-login'] });
    expect(h.settings.launchAtLogin).toBe(true);
  });

  it('launch at login from the settings page: Linux autostart entry written and removed', () => {
    const h = start('linux');
    const file = join(scratch, 'config', 'autostart', 'workphone-desk.desktop');
    // What settings.update + settings.onDidChange do when the agent ticks the box.
    h.settings = { ...h.settings, launchAtLogin: true };
    h.shell.refresh();
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/工作手机助手/workphone-desk" --launched-at-login');
    expect(h.tray().menu!.find('launch-at-login')?.checked).toBe(true);
    h.settings = { ...h.settings, launchAtLogin: false };
    h.shell.refresh();
    expect(existsSync(file)).toBe(false);
  });

  it('a login item removed in the OS is reflected in the settings at start', () => {
    const h = start('win32', { settings: { launchAtLogin: true }, prepare: (e) => e.app.setLoginItemSettings({ openAtLogin: false }) });
    expect(h.settings.launchAtLogin).toBe(false);
  });

  it('a start at login is reported so the entry keeps the window hidden', () => {
    expect(start('win32', { argv: ['C:\\WorkPhoneDesk.exe', '--launched-at-login'] }).shell.startedAtLogin).toBe(true);
    expect(start('win32').shell.startedAtLogin).toBe(false);
  });

  it('development builds claim no protocol and offer no login item', () => {
    const h = start('linux', {
      prepare: (e) => {
        e.app.isPackaged = false;
      },
    });
    expect(h.electron.app.protocolClients).toEqual([]);
    expect(h.shell.canLaunchAtLogin).toBe(false);
    expect(h.tray().menu!.find('launch-at-login')?.visible).toBe(false);
    // Reload and developer tools only exist in development.
    const submenus = h.electron.applicationMenu()!.items.flatMap((i) => (Array.isArray(i.submenu) ? i.submenu : []));
    expect(submenus.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('the app menu opens search with Ctrl+K', () => {
    const h = start('win32');
    const menu = h.electron.applicationMenu()!;
    expect(menu.find('search')?.accelerator).toBe('CmdOrCtrl+K');
    menu.click('search');
    expect(h.searches).toBe(1);
  });

  it('follows the notification settings as the settings page saves them', () => {
    const h = start('linux', { settings: { notifications: { hideContent: true } } });
    h.deliver([message('c', { preview: '私密内容' })]);
    expect(FakeNotification.shown[0]?.options.body).toBe('新消息');
    h.settings = merge(h.settings, { notifications: { hideContent: false, dnd: { enabled: true, start: '09:00', end: '18:00' } } });
    h.deliver([message('c')]);
    expect(FakeNotification.shown).toHaveLength(1);
  });
});

describe('notifications the OS refuses', () => {
  it('an unsigned macOS build: every failure is counted, kept across restarts, and reported to the health panel', () => {
    const reports: DesktopHealth[] = [];
    const h = start('darwin', { onDidChangeHealth: (health) => reports.push(health) });
    expect(h.shell.health()).toEqual({ applicable: true, platform: 'darwin', notifications: { state: 'untested', supported: true, failures: 0 } });
    h.deliver([message('conv-1')]);
    FakeNotification.shown[0]!.emit('failed', {}, 'Notification could not be presented\u0007 (UNErrorDomain error 1)');
    h.clock.now = new Date(2026, 10, 23, 10, 5);
    h.deliver([message('conv-2')]);
    FakeNotification.shown[1]!.emit('failed', {}, 'Notification could not be presented (UNErrorDomain error 1)');
    expect(h.shell.health()).toEqual({
      applicable: true,
      platform: 'darwin',
      notifications: {
        state: 'failing',
        supported: true,
        failures: 2,
        lastError: 'Notification could not be presented (UNErrorDomain error 1)',
        lastFailedAt: new Date(2026, 10, 23, 10, 5).getTime(),
      },
    });
    expect(reports.map((r) => (r.applicable ? r.notifications.failures : -1))).toEqual([1, 2]);
    // A new run reads what the last one saw.
    const again = start('darwin', { state: Object.fromEntries(h.state) });
    expect(again.shell.health()).toMatchObject({ notifications: { state: 'failing', failures: 2 } });
  });

  it('one notification shown again (the agent allowed them) clears the warning', () => {
    const reports: DesktopHealth[] = [];
    const h = start('win32', { onDidChangeHealth: (health) => reports.push(health) });
    h.deliver([message('conv-1')]);
    FakeNotification.shown[0]!.emit('failed', {}, 'Notifications are disabled');
    h.clock.now = new Date(2026, 10, 23, 10, 30);
    h.deliver([message('conv-2')]);
    FakeNotification.shown[1]!.emit('show');
    expect(h.shell.health()).toMatchObject({ notifications: { state: 'ok', failures: 1, lastShownAt: new Date(2026, 10, 23, 10, 30).getTime() } });
    expect(reports.at(-1)).toMatchObject({ notifications: { state: 'ok' } });
    // Later shows are no news.
    h.deliver([message('conv-3')]);
    FakeNotification.shown[2]!.emit('show');
    expect(reports).toHaveLength(2);
  });

  it('a test notification is shown on request; without a notification service the panel says so', () => {
    const h = start('linux');
    expect(h.shell.sendTestNotification()).toMatchObject({ notifications: { state: 'untested' } });
    expect(FakeNotification.shown[0]?.options.title).toContain('测试通知');
    FakeNotification.shown[0]!.emit('show');
    expect(h.shell.health()).toMatchObject({ notifications: { state: 'ok' } });
    FakeNotification.supported = false;
    expect(h.shell.sendTestNotification()).toMatchObject({ notifications: { state: 'failing', supported: false } });
  });
});

describe('restart to update from the tray', () => {
  it('appears once an update is downloaded and asks for the restart', () => {
    let ready: string | undefined = undefined;
    let restarts = 0;
    const h = start('win32', { update: { readyVersion: () => ready, restart: () => restarts++ } });
    expect(h.tray().menu!.find('restart-to-update')).toBeUndefined();
    ready = '0.2.0';
    h.shell.refresh();
    expect(h.tray().menu!.find('restart-to-update')?.label).toBe('重启以更新（0.2.0）');
    h.tray().menu!.click('restart-to-update');
    expect(restarts).toBe(1);
  });
});

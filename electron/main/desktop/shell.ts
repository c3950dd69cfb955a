// The desktop shell: tray, badge, notifications, tel: links, window placement, login item and menus,
// wired to Electron. Every decision is made in the plain modules beside this file; this one only
// moves their answers into Electron calls. It takes the Electron APIs as a parameter, so the
// wiring runs in Node tests against test/unit/desktop/fake-electron.ts.
import { homedir } from 'node:os';
import type { DesktopHealth } from '@shared/ipc/desktop';
import { silentLogger, type Logger } from '../log/logger';
import { APP_ID, DIAL_SCHEMES, PRODUCT_NAME, PRODUCT_NAME_EN } from './app-identity';
import { badgeCount, badgeText, trayTooltip, unreadDescription, type AccountLabel, type UnreadTotals } from './badge';
import { catchDialLinks, type DialLinkInbox } from './dial-link-inbox';
import type { DesktopElectron, ShellImage, ShellWindow } from './electron-surface';
import { inLanguage, type Language } from './language';
import { launchedAtLogin, loginItem, type AutostartPlace } from './login-item';
import { appMenuTemplate } from './menu';
import { decideNotifications, type InboundMessage } from './notification-policy';
import { desktopHealth, readNotificationRecord, recordFailure, recordShown } from './notification-health';
import { createNotifier } from './notifier';
import { describePause, isPaused, pauseUntil, readNotificationPrefs, type PauseChoice } from './notification-prefs';
import type { DialLink } from './protocol';
import { SHELL_STATE_KEYS, type ShellSettingsAccess, type ShellStateAccess } from './shell-state';
import type { LinkAction } from './single-instance';
import { telHandlerGuidance, type TelHandlerGuidance } from './tel-handler-guidance';
import { taskbarOverlay, trayPicture, type ImageRep } from './tray-image';
import { trayMenuTemplate } from './tray-menu';
import { keepWindow } from './window-keeper';

export interface DesktopShellDeps<Image> {
  window: ShellWindow<Image>;
  platform: NodeJS.Platform;
  /** This process's argv: on Windows and Linux a link that started the app is in it. */
  argv: readonly string[];
  /** The folder holding icon.png and icon.ico (resources/ inside the app). */
  resourcesDir: string;
  /** The agent's settings (settings.get / settings.update of the settings service). */
  settings: ShellSettingsAccess;
  /** The shell's own memory: window placement, hints shown. */
  state: ShellStateAccess;
  unreadTotals(): UnreadTotals;
  accountLabel?: AccountLabel;
  /** New inbound customer messages, after they are stored. Returns an unsubscribe function. */
  onDidArriveMessages(listener: (messages: readonly InboundMessage[]) => void): () => void;
  openConversation(conversationId: string): void;
  /** Show "dial <number> through the work phone?" in the renderer; nothing is dialled unasked. */
  confirmDial(link: DialLink): void;
  openSearch(): void;
  /** From catchDialLinks() before app 'ready'; without it a macOS cold-start link is lost. */
  dialLinks?: DialLinkInbox;
  logger?: Logger;
  now?: () => Date;
  /** Linux autostart entry location and program; defaults to this process. */
  autostart?: AutostartPlace;
  /** A downloaded update waiting for "restart to update" (update/service.ts), for the tray menu. */
  update?: { readyVersion(): string | undefined; restart(): void };
  /** Notifications were shown or refused by the OS: the health panel's news. */
  onDidChangeHealth?(health: DesktopHealth): void;
}

export interface DesktopShell {
  /** The renderer reports the conversation on screen (null: none), so it is not notified about. */
  setOpenConversation(conversationId: string | null): void;
  /**
   * Redraw badge, tray and menus and apply "start at login": call when unread counts or settings
   * change (settings.onDidChange, inbox.onDidChangeUnread).
   */
  refresh(): void;
  pauseNotifications(choice: PauseChoice): void;
  telHandler(): TelHandlerGuidance;
  /** Whether notifications get through, for the health panel. */
  health(): DesktopHealth;
  /** Shows one notification now, so the agent can see whether they arrive. */
  sendTestNotification(): DesktopHealth;
  /** Started by the login item: keep the window hidden and stay in the tray. */
  readonly startedAtLogin: boolean;
  /** False in development, where a login item would start the bare Electron binary. */
  readonly canLaunchAtLogin: boolean;
  dispose(): void;
}

/** Held at module level: a Tray that is garbage-collected disappears from the taskbar. */
let liveTray: unknown = null;

export function installDesktopShell<Image extends ShellImage, Menu>(
  electron: DesktopElectron<Image, Menu>,
  deps: DesktopShellDeps<Image>,
): DesktopShell {
  const { app, Menu, nativeImage } = electron;
  const { window, platform, settings } = deps;
  const log = (deps.logger ?? silentLogger).child('shell');
  const now = deps.now ?? (() => new Date());
  const t = (zh: string, en: string) => inLanguage(settings.get().language, zh, en);
  const prefs = () => readNotificationPrefs(settings.get().notifications);
  const labelOf: AccountLabel = deps.accountLabel ?? (() => undefined);
  let openConversationId: string | null = null;
  let quitting = false;

  // Windows shows a toast only for the AppUserModelID on the installer's shortcut.
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  // On Windows the link follows "--", so nothing in it can pass for a Chromium switch. Development
  // builds leave the developer's own tel: handler alone.
  const handlerArgs: [path?: string, args?: string[]] = platform === 'win32' ? [process.execPath, ['--']] : [];
  if (app.isPackaged) {
    for (const scheme of DIAL_SCHEMES) {
      log.info('protocol handler', { scheme, registered: app.setAsDefaultProtocolClient(scheme, ...handlerArgs) });
    }
  }

  const bringForward = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  let notificationRecord = readNotificationRecord(deps.state.get(SHELL_STATE_KEYS.notificationHealth));
  const health = () => desktopHealth(platform, notificationRecord, electron.Notification.isSupported());
  const noteOutcome = (shown: boolean, error?: string) => {
    const wasFailing = health().notifications.state === 'failing';
    notificationRecord = shown ? recordShown(notificationRecord, now().getTime()) : recordFailure(notificationRecord, error, now().getTime());
    deps.state.set(SHELL_STATE_KEYS.notificationHealth, notificationRecord);
    // The OS's words only: a failed notification's text may be a customer's message.
    if (!shown) log.warn('notification failed', { error: notificationRecord.lastError, failures: notificationRecord.failures });
    // Every shown notification would be news to nobody; a change of state and every failure are.
    if (!shown || wasFailing || notificationRecord.lastShownAt === undefined) deps.onDidChangeHealth?.(health());
  };
  const notifier = createNotifier(electron.Notification, {
    platform,
    resourcesDir: deps.resourcesDir,
    onClick: (spec) => {
      bringForward();
      if (spec.conversationId) deps.openConversation(spec.conversationId);
    },
    onShown: () => noteOutcome(true),
    onFailed: (error) => noteOutcome(false, error),
  });

  // Where the OS login item and the setting disagree, the OS is where the agent last acted.
  const login = loginItem(app, platform, deps.autostart ?? { env: process.env, home: homedir(), execPath: process.execPath });
  const canLaunchAtLogin = app.isPackaged;
  let loginApplied = canLaunchAtLogin && login.isOn();
  if (canLaunchAtLogin && settings.get().launchAtLogin !== loginApplied) settings.update({ launchAtLogin: loginApplied });
  const applyLaunchAtLogin = (wanted: boolean) => {
    if (!canLaunchAtLogin || wanted === loginApplied) return;
    login.set(wanted);
    loginApplied = wanted;
  };
  const pause = (choice: PauseChoice) => {
    settings.update({ notifications: { pausedUntil: pauseUntil(choice, now()) } });
    refresh();
  };

  const picture = (reps: readonly ImageRep[], template: boolean): Image => {
    const [first, ...more] = reps;
    const image = nativeImage.createFromBuffer(first!.png, { scaleFactor: first!.scaleFactor });
    for (const rep of more) image.addRepresentation({ scaleFactor: rep.scaleFactor, buffer: rep.png });
    if (template) image.setTemplateImage(true);
    return image;
  };
  const trayImage = (badge: string): Image => {
    const p = trayPicture(platform, badge, deps.resourcesDir);
    return p.kind === 'file' ? nativeImage.createFromPath(p.path) : picture(p.reps, p.template);
  };
  const tray = new electron.Tray(trayImage(''));
  liveTray = tray;
  if (platform !== 'darwin') tray.on('click', bringForward);

  let shownBadge: string | null = null;
  let menuLanguage: Language | null = null;
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;
  function refresh(): void {
    const current = settings.get();
    applyLaunchAtLogin(current.launchAtLogin);
    const language = current.language;
    const totals = deps.unreadTotals();
    const badge = badgeText(totals.total);
    const notifications = readNotificationPrefs(current.notifications);
    const at = now();
    const paused = isPaused(notifications, at);

    if (badge !== shownBadge) {
      shownBadge = badge;
      tray.setImage(trayImage(badge));
      if (platform === 'darwin') {
        app.dock?.setBadge(badge);
        tray.setTitle(badge);
      } else if (platform === 'win32') {
        const overlay = taskbarOverlay(badge);
        window.setOverlayIcon(overlay ? picture(overlay, false) : null, unreadDescription(totals.total, language));
      } else {
        app.setBadgeCount(badgeCount(totals.total));
      }
    }
    const pauseNote = paused ? describePause(notifications.pausedUntil!, at, language) : undefined;
    tray.setToolTip(trayTooltip(totals, language, labelOf, pauseNote));
    const trayMenu = trayMenuTemplate(
      {
        language,
        now: at,
        unread: totals.total,
        pausedUntil: notifications.pausedUntil,
        launchAtLogin: loginApplied,
        canLaunchAtLogin,
        closeToTray: current.closeToTray,
        offerCloseToTray: platform !== 'darwin',
        updateVersion: deps.update?.readyVersion(),
      },
      {
        openWindow: bringForward,
        restartToUpdate: () => deps.update?.restart(),
        pause,
        setLaunchAtLogin: (enabled) => {
          settings.update({ launchAtLogin: enabled });
          refresh();
        },
        setCloseToTray: (enabled) => {
          settings.update({ closeToTray: enabled });
          refresh();
        },
        quit: () => app.quit(),
      },
    );
    tray.setContextMenu(Menu.buildFromTemplate(trayMenu));
    if (language !== menuLanguage) {
      menuLanguage = language;
      const appMenu = appMenuTemplate({ platform, language, isDev: !app.isPackaged, actions: { openSearch: deps.openSearch } });
      Menu.setApplicationMenu(Menu.buildFromTemplate(appMenu));
    }

    // Redraw once more when a pause runs out, so the tray stops saying "paused".
    clearTimeout(pauseTimer);
    if (paused) {
      pauseTimer = setTimeout(refresh, Math.min(notifications.pausedUntil! - at.getTime() + 1000, 2 ** 31 - 1));
      pauseTimer.unref?.();
    }
  }

  keepWindow(window, electron.screen, {
    state: deps.state,
    isQuitting: () => quitting,
    hidesOnClose: () => platform === 'darwin' || settings.get().closeToTray,
    onHiddenToTray: () => {
      if (platform === 'darwin' || deps.state.get(SHELL_STATE_KEYS.trayHintShown) === true) return;
      deps.state.set(SHELL_STATE_KEYS.trayHintShown, true);
      notifier.notify({
        title: t(`${PRODUCT_NAME}仍在运行`, `${PRODUCT_NAME_EN} is still running`),
        body: t('新消息会继续提醒。点击托盘图标打开窗口，右键可退出。', 'You will still be told about new messages. Click the tray icon to open it; right-click to quit.'),
        silent: true,
      });
    },
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('activate', bringForward);

  const unsubscribe = deps.onDidArriveMessages((messages) => {
    const decision = decideNotifications(messages, {
      now: now(),
      focus: { windowFocused: !window.isDestroyed() && window.isFocused(), openConversationId },
      prefs: prefs(),
      language: settings.get().language,
    });
    for (const spec of decision.notifications) notifier.notify(spec);
    if (decision.flashTaskbar && !window.isDestroyed()) window.flashFrame(true);
    refresh();
  });

  const onLink = (action: LinkAction) => {
    bringForward();
    if (action.kind === 'dial') deps.confirmDial(action.link);
    if (action.kind === 'refuse') {
      // The reason code only: the link itself may hold a customer's number or an attack string.
      log.warn('dialling link refused', { reason: action.error.details?.reason });
      notifier.notify({ title: t('无法拨打这个链接', 'Cannot dial this link'), body: t(action.error.messageZh, action.error.message), silent: false });
    }
  };

  refresh();
  (deps.dialLinks ?? catchDialLinks(app, deps.argv)).deliverTo(onLink);
  return {
    setOpenConversation(conversationId) {
      openConversationId = conversationId;
    },
    refresh,
    pauseNotifications: pause,
    telHandler: () => telHandlerGuidance(platform, settings.get().language, app.isDefaultProtocolClient('tel', ...handlerArgs)),
    health,
    sendTestNotification() {
      if (!electron.Notification.isSupported()) {
        noteOutcome(false, t('系统不支持通知', 'This system does not support notifications'));
      } else {
        notifier.notify({
          title: t(`${PRODUCT_NAME} · 测试通知`, `${PRODUCT_NAME_EN} · test notification`),
          body: t('看到这条通知，说明客户消息的提醒可以正常显示。', 'If you can see this, notifications about customer messages get through.'),
          silent: false,
        });
      }
      return health();
    },
    startedAtLogin: launchedAtLogin(deps.argv, platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true),
    canLaunchAtLogin,
    dispose() {
      unsubscribe();
      clearTimeout(pauseTimer);
      notifier.clear();
      tray.destroy();
      liveTray = null;
    },
  };
}

/** For tests and diagnostics: whether a tray is being kept alive. */
export function hasLiveTray(): boolean {
  return liveTray !== null;
}

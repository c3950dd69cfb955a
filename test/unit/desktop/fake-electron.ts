// A small stand-in for the parts of Electron the desktop shell touches. It records what the shell
// asked for (badge, overlay, tray picture, menus, notifications) and lets a test play the OS:
// click a notification or a tray item, close the window, start a second instance.
import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopElectron, ShellEvent, ShellRect } from '../../../electron/main/desktop/electron-surface';

type Listener = (...args: never[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent implements ShellEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeImage {
  readonly reps: Array<{ scaleFactor: number; png: Buffer }> = [];
  template = false;
  constructor(readonly path: string | null) {}
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void {
    this.reps.push({ scaleFactor: options.scaleFactor, png: options.buffer });
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
}

export class FakeMenu {
  constructor(readonly items: MenuItemConstructorOptions[]) {}
  /** Finds an item by id anywhere in the menu, submenus included. */
  find(id: string): MenuItemConstructorOptions | undefined {
    const walk = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined => {
      for (const item of items) {
        if (item.id === id) return item;
        if (Array.isArray(item.submenu)) {
          const found = walk(item.submenu);
          if (found) return found;
        }
      }
      return undefined;
    };
    return walk(this.items);
  }
  click(id: string): void {
    const item = this.find(id);
    if (!item?.click) throw new Error(`no clickable menu item ${id}`);
    (item.click as () => void)();
  }
}

export class FakeTray extends Emitter {
  static instances: FakeTray[] = [];
  image: FakeImage | string;
  toolTip = '';
  title = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(image: FakeImage | string) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }
  setImage(image: FakeImage | string): void {
    this.image = image;
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends Emitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean; icon?: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

export class FakeApp extends Emitter {
  isPackaged = true;
  dock: { badge: string; setBadge(text: string): void } | undefined;
  appUserModelId: string | null = null;
  protocolClients: Array<{ protocol: string; path?: string; args?: string[] }> = [];
  badgeCount = 0;
  loginItem = { openAtLogin: false, args: [] as string[] };
  quitCalls = 0;
  constructor(platform: NodeJS.Platform) {
    super();
    this.dock =
      platform === 'darwin'
        ? {
            badge: '',
            setBadge(text: string) {
              this.badge = text;
            },
          }
        : undefined;
  }
  quit(): void {
    this.quitCalls++;
    this.emit('before-quit', new FakeEvent());
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push({ protocol, ...(path ? { path } : {}), ...(args ? { args } : {}) });
    return true;
  }
  isDefaultProtocolClient(protocol: string): boolean {
    return this.protocolClients.some((c) => c.protocol === protocol);
  }
  setBadgeCount(count?: number): boolean {
    this.badgeCount = count ?? 0;
    return true;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItem = { openAtLogin: settings.openAtLogin, args: settings.args ?? [] };
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin, wasOpenedAtLogin: false };
  }
}

export class FakeWindow extends Emitter {
  focused = false;
  visible = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  flashing = false;
  bounds: ShellRect = { x: 0, y: 0, width: 800, height: 600 };
  overlay: { image: FakeImage | null; description: string } | null = null;
  isDestroyed = () => this.destroyed;
  isFocused = () => this.focused;
  isMinimized = () => this.minimized;
  isMaximized = () => this.maximized;
  show = () => {
    this.visible = true;
  };
  hide = () => {
    this.visible = false;
    this.focused = false;
  };
  focus = () => {
    this.focused = true;
    this.emit('focus');
  };
  restore = () => {
    this.minimized = false;
  };
  maximize = () => {
    this.maximized = true;
  };
  flashFrame = (flag: boolean) => {
    this.flashing = flag;
  };
  setOverlayIcon = (image: FakeImage | null, description: string) => {
    this.overlay = { image, description };
  };
  getNormalBounds = () => ({ ...this.bounds });
  setBounds = (bounds: ShellRect) => {
    this.bounds = { ...bounds };
  };
  /** What the OS does when the agent clicks the window's close button. */
  userCloses(): FakeEvent {
    const event = new FakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroyed = true;
    return event;
  }
}

export interface FakeElectron extends DesktopElectron<FakeImage, FakeMenu> {
  app: FakeApp;
  applicationMenu: () => FakeMenu | null;
}

export function createFakeElectron(
  platform: NodeJS.Platform,
  displays: ShellRect[] = [{ x: 0, y: 0, width: 1920, height: 1040 }],
): FakeElectron {
  FakeTray.instances = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  let applicationMenu: FakeMenu | null = null;
  return {
    app: new FakeApp(platform),
    Tray: FakeTray,
    Menu: {
      buildFromTemplate: (template) => new FakeMenu(template),
      setApplicationMenu: (menu) => {
        applicationMenu = menu;
      },
    },
    Notification: FakeNotification,
    nativeImage: {
      createFromBuffer: (buffer, options) => {
        const image = new FakeImage(null);
        image.addRepresentation({ scaleFactor: options?.scaleFactor ?? 1, buffer });
        return image;
      },
      createFromPath: (path) => new FakeImage(path),
    },
    screen: {
      getPrimaryDisplay: () => ({ workArea: displays[0]! }),
      getAllDisplays: () => displays.map((workArea) => ({ workArea })),
    },
    applicationMenu: () => applicationMenu,
  };
}

/** The slice of Electron installRecovery uses: power events, the session's permission handlers, dialogs, the window's page. */
export class FakePowerMonitor extends Emitter {}

type PermissionDetails = { requestingUrl?: string; isMainFrame: boolean };

export class FakeSession {
  requestHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void) | null = null;
  checkHandler: ((webContents: unknown, permission: string, origin: string, details: PermissionDetails) => boolean) | null = null;
  setPermissionRequestHandler(handler: FakeSession['requestHandler']): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']): void {
    this.checkHandler = handler;
  }
  /** What a page asking for a permission gets back. */
  request(permission: string, details: PermissionDetails): boolean {
    let granted: boolean | undefined;
    if (!this.requestHandler) throw new Error('no permission request handler: Electron would grant it');
    this.requestHandler(null, permission, (answer) => (granted = answer), details);
    if (granted === undefined) throw new Error('the handler never answered');
    return granted;
  }
  check(permission: string, details: PermissionDetails): boolean {
    if (!this.checkHandler) throw new Error('no permission check handler: Electron would grant it');
    return this.checkHandler(null, permission, details.requestingUrl ? new URL(details.requestingUrl).origin : '', details);
  }
}

export class FakePageWindow extends Emitter {
  destroyed = false;
  readonly loads: string[] = [];
  readonly webContents = Object.assign(new Emitter(), {
    loadURL: async (url: string) => {
      this.loads.push(url);
    },
  });
  isDestroyed = () => this.destroyed;
  /** Chromium ends the page's process. */
  pageGone(reason: string, exitCode = 1): void {
    this.webContents.emit('render-process-gone', new FakeEvent(), { reason, exitCode });
  }
}

export class FakeDialog {
  readonly shown: Array<{ window: unknown; options: { message: string; detail: string; buttons: string[] } }> = [];
  /** The button the agent will click next (index into buttons). */
  nextResponse = 0;
  async showMessageBox(window: unknown, options: { message: string; detail: string; buttons: string[] }): Promise<{ response: number }> {
    this.shown.push({ window, options });
    return { response: this.nextResponse };
  }
  readonly saves: Array<{ title: string; defaultPath: string }> = [];
  /** Where the agent saves next; undefined: they cancel. */
  nextSavePath: string | undefined;
  async showSaveDialog(_window: unknown, options: { title: string; defaultPath: string }): Promise<{ canceled: boolean; filePath?: string }> {
    this.saves.push({ title: options.title, defaultPath: options.defaultPath });
    return this.nextSavePath ? { canceled: false, filePath: this.nextSavePath } : { canceled: true };
  }
}

// The slice of Electron the shell uses, as interfaces. The entry passes the real module; tests
// pass test/unit/desktop/fake-electron.ts. Image and Menu stay type parameters so the real
// NativeImage and Menu flow through untouched.
import type { MenuItemConstructorOptions } from 'electron';

export interface ShellRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ShellEvent {
  preventDefault(): void;
}

export interface ShellImage {
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void;
  setTemplateImage(option: boolean): void;
}

export interface ShellApp {
  readonly isPackaged: boolean;
  readonly dock?: { setBadge(text: string): void } | undefined;
  on(event: 'second-instance', listener: (event: ShellEvent, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: ShellEvent, url: string) => void): unknown;
  on(event: 'before-quit', listener: () => void): unknown;
  /** macOS: the Dock icon was clicked. */
  on(event: 'activate', listener: () => void): unknown;
  quit(): void;
  setAppUserModelId(id: string): void;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  isDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  setBadgeCount(count?: number): boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin?: boolean };
}

export interface ShellWindow<Image> {
  isDestroyed(): boolean;
  isFocused(): boolean;
  isMinimized(): boolean;
  isMaximized(): boolean;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  flashFrame(flag: boolean): void;
  setOverlayIcon(overlay: Image | null, description: string): void;
  getNormalBounds(): ShellRect;
  setBounds(bounds: ShellRect): void;
  on(event: 'close', listener: (event: ShellEvent) => void): unknown;
  on(event: 'focus', listener: () => void): unknown;
  on(event: 'resized', listener: () => void): unknown;
  on(event: 'moved', listener: () => void): unknown;
  on(event: 'maximize', listener: () => void): unknown;
  on(event: 'unmaximize', listener: () => void): unknown;
}

export interface ShellTray<Image, Menu> {
  setImage(image: Image | string): void;
  setToolTip(toolTip: string): void;
  /** macOS only: text beside the menu-bar icon. */
  setTitle(title: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface ShellNotification {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** The OS displayed it. */
  on(event: 'show', listener: () => void): unknown;
  /** The OS refused it (macOS, Windows): an unsigned macOS build, notifications switched off. */
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}

export interface DesktopElectron<Image extends ShellImage, Menu> {
  app: ShellApp;
  Tray: new (image: Image | string) => ShellTray<Image, Menu>;
  Menu: {
    buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
    setApplicationMenu(menu: Menu | null): void;
  };
  Notification: {
    new (options: { title: string; body: string; silent?: boolean; icon?: string }): ShellNotification;
    isSupported(): boolean;
  };
  nativeImage: {
    createFromBuffer(buffer: Buffer, options?: { scaleFactor?: number }): Image;
    createFromPath(path: string): Image;
  };
  screen: {
    getPrimaryDisplay(): { workArea: ShellRect };
    getAllDisplays(): Array<{ workArea: ShellRect }>;
  };
}

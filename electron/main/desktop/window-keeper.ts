// The main window's life beside the tray: it opens where it was left, remembers moves, hides
// instead of closing while the app keeps running, and stops flashing once the agent looks.
import { SHELL_STATE_KEYS as KEYS, type ShellStateAccess } from './shell-state';
import type { DesktopElectron, ShellWindow } from './electron-surface';
import { restorePlacement } from './window-state';

export interface WindowKeeperOptions {
  state: ShellStateAccess;
  /** True once the app is quitting for real: the window may then close. */
  isQuitting(): boolean;
  /** Whether closing should hide to the tray (the setting, or always on macOS). */
  hidesOnClose(): boolean;
  onHiddenToTray(): void;
}

export function keepWindow<Image>(window: ShellWindow<Image>, screen: DesktopElectron<never, never>['screen'], options: WindowKeeperOptions): void {
  const placement = restorePlacement(options.state.get(KEYS.window), [
    screen.getPrimaryDisplay().workArea,
    ...screen.getAllDisplays().map((d) => d.workArea),
  ]);
  window.setBounds(placement.bounds);
  if (placement.maximized) window.maximize();

  const save = () => {
    if (!window.isDestroyed()) options.state.set(KEYS.window, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  // Linux has no end-of-move events; there the close below is what saves.
  window.on('resized', save);
  window.on('moved', save);
  window.on('maximize', save);
  window.on('unmaximize', save);
  window.on('focus', () => window.flashFrame(false));
  window.on('close', (event) => {
    save();
    if (options.isQuitting() || !options.hidesOnClose()) return;
    event.preventDefault();
    window.hide();
    options.onHiddenToTray();
  });
}

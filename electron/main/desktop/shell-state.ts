// What the shell remembers for itself between runs, beside the agent's settings: where the window
// was, whether the "still running in the tray" hint was shown, whether notifications get through. Injected as a small key-value
// store; values are read back through schemas because a file can be old or damaged.
import type { Settings } from '@shared/ipc/settings';

export const SHELL_STATE_KEYS = {
  window: 'desktop.window',
  trayHintShown: 'desktop.trayHintShown',
  /** How the OS treated our notifications: shown, or refused with its error. */
  notificationHealth: 'desktop.notificationHealth',
} as const;
export type ShellStateKey = (typeof SHELL_STATE_KEYS)[keyof typeof SHELL_STATE_KEYS];

export interface ShellStateAccess {
  get(key: ShellStateKey): unknown;
  set(key: ShellStateKey, value: unknown): void;
}

/** The part of the agent's settings (shared/ipc/settings.ts) the shell reads and changes. */
export type ShellSettings = Pick<Settings, 'language' | 'notifications' | 'closeToTray' | 'launchAtLogin'>;

/** Merged into the settings one level deep, as settings.update does. */
export interface ShellSettingsPatch {
  notifications?: Partial<Settings['notifications']>;
  closeToTray?: boolean;
  launchAtLogin?: boolean;
}

export interface ShellSettingsAccess {
  get(): ShellSettings;
  update(patch: ShellSettingsPatch): void;
}

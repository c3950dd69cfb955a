// Where the shell keeps what it must remember between runs. The app's settings store is injected
// as get/set by key; each value is read back through a schema because a settings file can be old,
// hand-edited or damaged.
import { z } from 'zod';

export const DESKTOP_SETTING_KEYS = {
  notifications: 'desktop.notifications',
  behaviour: 'desktop.behaviour',
  window: 'desktop.window',
} as const;
export type DesktopSettingKey = (typeof DESKTOP_SETTING_KEYS)[keyof typeof DESKTOP_SETTING_KEYS];

export interface SettingsAccess {
  get(key: DesktopSettingKey): unknown;
  set(key: DesktopSettingKey, value: unknown): void;
}

export const DesktopBehaviour = z.object({
  /** Closing the window keeps the app in the tray, so notifications keep coming. */
  closeToTray: z.boolean().catch(true),
  /** The "still running in the tray" hint is shown once. */
  trayHintShown: z.boolean().catch(false),
});
export type DesktopBehaviour = z.infer<typeof DesktopBehaviour>;

export function readBehaviour(stored: unknown): DesktopBehaviour {
  return DesktopBehaviour.parse(stored && typeof stored === 'object' ? stored : {});
}

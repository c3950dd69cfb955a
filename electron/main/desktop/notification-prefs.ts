// The agent's notification settings (Settings.notifications in shared/ipc/settings.ts) and the
// two clocks that silence them: do-not-disturb hours (every day, local time, may span midnight)
// and a pause chosen from the tray.
import { z } from 'zod';
import { DEFAULT_SETTINGS, type Settings } from '@shared/ipc/settings';
import { inLanguage, type Language } from './language';

const defaults = DEFAULT_SETTINGS.notifications;
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

// Read field by field: one bad value in a stored settings file never resets the rest.
export const NotificationPrefs = z.object({
  enabled: z.boolean().catch(defaults.enabled),
  sound: z.boolean().catch(defaults.sound),
  /** True shows "新消息" instead of the text (screen sharing, open-plan offices). */
  hideContent: z.boolean().catch(defaults.hideContent),
  dnd: z.object({ enabled: z.boolean(), start: ClockTime, end: ClockTime }).catch(defaults.dnd),
  mutedAccounts: z.array(z.string().max(200)).max(500).catch(defaults.mutedAccounts),
  /** Epoch ms; absent when not paused. */
  pausedUntil: z.number().int().nonnegative().optional().catch(undefined),
  /** Not in the settings contract yet: flashing is on unless a caller says otherwise. */
  flashTaskbar: z.boolean().catch(true),
});
export type NotificationPrefs = z.infer<typeof NotificationPrefs>;

export function readNotificationPrefs(stored: Settings['notifications'] | unknown): NotificationPrefs {
  return NotificationPrefs.parse(stored && typeof stored === 'object' ? stored : {});
}

export type PauseChoice = 'oneHour' | 'untilTomorrow' | 'resume';

/** When the morning pause ends: the hour agents start work. */
export const MORNING_HOUR = 8;

/**
 * "Until tomorrow" means 08:00 on the next calendar day, except in the small hours (before 04:00),
 * when the agent still thinks of the coming morning as tomorrow. Calendar arithmetic in local time
 * keeps this right across daylight-saving changes.
 */
export function pauseUntil(choice: PauseChoice, now: Date): number | undefined {
  if (choice === 'resume') return undefined;
  if (choice === 'oneHour') return now.getTime() + 60 * 60 * 1000;
  const end = new Date(now.getTime());
  if (now.getHours() >= 4) end.setDate(end.getDate() + 1);
  end.setHours(MORNING_HOUR, 0, 0, 0);
  return end.getTime();
}

export function isPaused(prefs: Pick<NotificationPrefs, 'pausedUntil'>, now: Date): boolean {
  return prefs.pausedUntil !== undefined && now.getTime() < prefs.pausedUntil;
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** 22:00–08:00 covers 22:00 up to (not including) 08:00 the next day. Equal ends mean none. */
export function isDoNotDisturb(dnd: NotificationPrefs['dnd'], now: Date): boolean {
  if (!dnd.enabled) return false;
  const from = minutesOf(dnd.start);
  const to = minutesOf(dnd.end);
  if (from === to) return false;
  const minute = now.getHours() * 60 + now.getMinutes();
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

function clock(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** "通知已暂停至 09:30" / "Notifications paused until tomorrow 08:00". */
export function describePause(pausedUntil: number, now: Date, language: Language): string {
  const end = new Date(pausedUntil);
  const sameDay = end.toDateString() === now.toDateString();
  const tomorrow = new Date(now.getTime());
  tomorrow.setDate(tomorrow.getDate() + 1);
  const when = sameDay
    ? clock(end)
    : end.toDateString() === tomorrow.toDateString()
      ? inLanguage(language, `明天 ${clock(end)}`, `tomorrow ${clock(end)}`)
      : `${end.getMonth() + 1}/${end.getDate()} ${clock(end)}`;
  return inLanguage(language, `通知已暂停至 ${when}`, `Notifications paused until ${when}`);
}

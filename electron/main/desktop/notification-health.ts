// Whether the OS really shows our notifications. Electron says so per notification: 'show' when
// it appeared, 'failed' when the OS refused (an unsigned macOS build always fails since Electron
// 42; a user can also switch the app's notifications off). The record survives restarts, so the
// health panel can say "notifications cannot be shown" before the next customer message is missed.
import { z } from 'zod';
import type { DesktopHealth, NotificationHealth } from '@shared/ipc/desktop';

export const NotificationRecord = z.object({
  failures: z.number().int().min(0),
  lastError: z.string().optional(),
  lastFailedAt: z.number().optional(),
  lastShownAt: z.number().optional(),
});
export type NotificationRecord = z.infer<typeof NotificationRecord>;

export const EMPTY_RECORD: NotificationRecord = { failures: 0 };

/** A stored record, or an empty one when it is missing or from a version that no longer parses. */
export function readNotificationRecord(stored: unknown): NotificationRecord {
  const parsed = NotificationRecord.safeParse(stored);
  return parsed.success ? parsed.data : EMPTY_RECORD;
}

/** The OS's error text as one short, clean line: it is shown in the panel and copied into reports. */
export function cleanOsError(error: unknown): string {
  const text = typeof error === 'string' ? error : error instanceof Error ? error.message : '';
  const line = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!line) return 'unknown error';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export function recordFailure(record: NotificationRecord, error: unknown, at: number): NotificationRecord {
  return { ...record, failures: record.failures + 1, lastError: cleanOsError(error), lastFailedAt: at };
}

export function recordShown(record: NotificationRecord, at: number): NotificationRecord {
  return { ...record, lastShownAt: at };
}

/** Failing while the most recent outcome is a failure; one notification shown since clears it. */
export function notificationHealth(record: NotificationRecord, supported: boolean): NotificationHealth {
  const failing = record.lastFailedAt !== undefined && record.lastFailedAt >= (record.lastShownAt ?? -Infinity);
  const state = !supported || failing ? 'failing' : record.lastShownAt !== undefined ? 'ok' : 'untested';
  return {
    state,
    supported,
    failures: record.failures,
    ...(record.lastError !== undefined ? { lastError: record.lastError } : {}),
    ...(record.lastFailedAt !== undefined ? { lastFailedAt: record.lastFailedAt } : {}),
    ...(record.lastShownAt !== undefined ? { lastShownAt: record.lastShownAt } : {}),
  };
}

export function desktopHealth(platform: NodeJS.Platform, record: NotificationRecord, supported: boolean): Extract<DesktopHealth, { applicable: true }> {
  const known = platform === 'darwin' || platform === 'win32' || platform === 'linux' ? platform : 'other';
  return { applicable: true, platform: known, notifications: notificationHealth(record, supported) };
}

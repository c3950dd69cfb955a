// Non-secret preferences, kept in the local store.
import { z } from 'zod';
import { method } from './define';
import { AccountId } from './common';
import { WECHAT_EMOJI } from '../wechat-emoji';

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

export const Settings = z.object({
  language: z.enum(['zh', 'en']),
  notifications: z.object({
    enabled: z.boolean(),
    sound: z.boolean(),
    /** Privacy: show "new message" instead of the text. */
    hideContent: z.boolean(),
    dnd: z.object({ enabled: z.boolean(), start: ClockTime, end: ClockTime }),
    mutedAccounts: z.array(AccountId).max(200),
    pausedUntil: z.number().optional(),
  }),
  /** First sync backfills this many days. */
  syncWindowDays: z.number().int().min(1).max(365),
  sendKey: z.enum(['enter', 'ctrlEnter']),
  closeToTray: z.boolean(),
  launchAtLogin: z.boolean(),
  /**
   * The composer's emoji picker shows these first, most recent first. Kept in main, not in the
   * page's localStorage: the web host's page gets a new origin (port) every launch, and one place
   * serves both hosts.
   */
  recentEmoji: z.array(z.enum(WECHAT_EMOJI)).max(16),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'zh',
  notifications: { enabled: true, sound: true, hideContent: false, dnd: { enabled: false, start: '22:00', end: '08:00' }, mutedAccounts: [], },
  syncWindowDays: 30,
  sendKey: 'enter',
  closeToTray: true,
  launchAtLogin: false,
  recentEmoji: [],
};

/** A partial update: nested objects are merged one level deep. */
export const SettingsPatch = z
  .object({
    language: Settings.shape.language.optional(),
    notifications: Settings.shape.notifications.partial().optional(),
    syncWindowDays: Settings.shape.syncWindowDays.optional(),
    sendKey: Settings.shape.sendKey.optional(),
    closeToTray: z.boolean().optional(),
    launchAtLogin: z.boolean().optional(),
    recentEmoji: Settings.shape.recentEmoji.optional(),
  })
  .strict();

export const settingsMethods = {
  'settings.get': method(z.object({}).strict(), Settings),
  'settings.update': method(SettingsPatch, Settings),
};

export const settingsEvents = {
  'settings.onDidChange': Settings,
};

// The desktop app's own health, for the health panel: whether the OS actually shows our
// notifications (an unsigned macOS build gets none since Electron 42; a user can switch them off).
import { z } from 'zod';
import { method } from './define';

export const NotificationHealth = z.object({
  /** failing: the last notification the OS was asked to show failed; untested: none shown yet. */
  state: z.enum(['ok', 'failing', 'untested']),
  /** False where the OS has no notifications at all (Notification.isSupported()). */
  supported: z.boolean(),
  failures: z.number().int().min(0),
  /** The OS's own words for the last failure, cleaned to one short line. */
  lastError: z.string().optional(),
  lastFailedAt: z.number().optional(),
  lastShownAt: z.number().optional(),
});
export type NotificationHealth = z.infer<typeof NotificationHealth>;

export const DesktopHealth = z.discriminatedUnion('applicable', [
  /** The web host: the browser shows no desktop notifications of ours. */
  z.object({ applicable: z.literal(false) }),
  z.object({ applicable: z.literal(true), platform: z.enum(['darwin', 'win32', 'linux', 'other']), notifications: NotificationHealth }),
]);
export type DesktopHealth = z.infer<typeof DesktopHealth>;

export const desktopMethods = {
  'desktop.getHealth': method(z.object({}).strict(), DesktopHealth),
  /** Shows one notification now, so the agent can see whether they arrive. */
  'desktop.sendTestNotification': method(z.object({}).strict(), DesktopHealth),
};

export const desktopEvents = {
  'desktop.onDidChangeHealth': DesktopHealth,
};

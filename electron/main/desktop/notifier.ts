// Shows NotificationSpecs as OS notifications and routes their clicks.
import { join } from 'node:path';
import type { DesktopElectron, ShellNotification } from './electron-surface';
import type { NotificationSpec } from './notification-policy';

/** Beyond this many unclicked notifications the oldest are let go; the OS has long hidden them. */
const MAX_LIVE = 50;

export interface Notifier {
  notify(spec: NotificationSpec): void;
  clear(): void;
}

export function createNotifier(
  Notification: DesktopElectron<never, never>['Notification'],
  options: {
    platform: NodeJS.Platform;
    resourcesDir: string;
    onClick(spec: NotificationSpec): void;
    /** The OS showed one, or refused one: what the health panel reports. */
    onShown?(): void;
    onFailed?(error: string): void;
  },
): Notifier {
  // Referenced until clicked or closed: a collected notification loses its click handler.
  const live = new Set<ShellNotification>();
  // macOS takes the app icon from the bundle; Linux notification daemons need one given.
  const icon = options.platform === 'darwin' ? {} : { icon: join(options.resourcesDir, 'icon.png') };
  return {
    notify(spec) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title: spec.title, body: spec.body, silent: spec.silent, ...icon });
      live.add(notification);
      if (live.size > MAX_LIVE) live.delete(live.values().next().value!);
      notification.on('click', () => {
        live.delete(notification);
        options.onClick(spec);
      });
      notification.on('close', () => live.delete(notification));
      notification.on('show', () => options.onShown?.());
      notification.on('failed', (_event, error) => {
        live.delete(notification);
        options.onFailed?.(error);
      });
      notification.show();
    },
    clear: () => live.clear(),
  };
}

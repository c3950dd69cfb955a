// The agent's preferences, stored as one JSON value in the store's settings table. Reads merge
// over the defaults, so a setting added in a later version has its default until changed.
import { DEFAULT_SETTINGS, Settings, type SettingsPatch } from '@shared/ipc/settings';
import type { z } from 'zod';
import type { AppContract } from '@shared/ipc/contract';
import type { EventBus } from '../ipc/event-bus';
import type { Handlers } from '../ipc/router';
import type { Store } from '../store';
import type { settingsMethods } from '@shared/ipc/settings';

const KEY = 'app.settings';

export class SettingsService {
  private cached: Settings | undefined;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus<AppContract>,
  ) {}

  get(): Settings {
    if (this.cached) return this.cached;
    const stored = this.store.settings.get(KEY);
    const merged = {
      ...DEFAULT_SETTINGS,
      ...(isObject(stored) ? stored : {}),
      notifications: { ...DEFAULT_SETTINGS.notifications, ...(isObject(stored) && isObject(stored.notifications) ? stored.notifications : {}) },
    };
    // A value written by another version that no longer parses falls back to the defaults.
    const parsed = Settings.safeParse(merged);
    this.cached = parsed.success ? parsed.data : DEFAULT_SETTINGS;
    return this.cached;
  }

  update(patch: z.output<typeof SettingsPatch>): Settings {
    const current = this.get();
    const next = Settings.parse({
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'notifications')),
      notifications: { ...current.notifications, ...(patch.notifications ?? {}) },
    });
    this.store.settings.set(KEY, next);
    this.cached = next;
    this.bus.emit('settings.onDidChange', next);
    return next;
  }
}

export function createSettingsHandlers(settings: SettingsService): Pick<Handlers<AppContract>, keyof typeof settingsMethods> {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

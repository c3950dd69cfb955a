// The agent's preferences: a snapshot of settings.get kept current by settings.onDidChange, and
// updates that answer with the saved settings. The language lives here too, so the tray menu and
// notifications in main speak what the window speaks; once settings are loaded they lead.
import type { Settings } from '@shared/ipc/settings';
import type { AppInput } from '@shared/ipc/contract';
import type { Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';
import { i18n, type Language } from '../i18n/i18n.svelte';
import { refreshAfterReconnect } from './app.svelte';

export type SettingsPatch = AppInput<'settings.update'>;

export class SettingsState {
  readonly synced: Synced<Settings, 'settings.onDidChange'>;
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
    const follow = (next: Settings): Settings => {
      if (next.language !== i18n.language) i18n.setLanguage(next.language);
      return next;
    };
    this.synced = new Synced(client, () => client.invoke('settings.get', {}).then(follow), 'settings.onDidChange', (_old, next) => follow(next));
    refreshAfterReconnect(client, this.synced);
  }

  get value(): Settings | undefined {
    return this.synced.value;
  }

  get error(): unknown {
    return this.synced.error;
  }

  /** Saves a change; resolves with the saved settings, rejects with the IpcError. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const saved = await this.#client.invoke('settings.update', patch);
    this.synced.value = saved;
    return saved;
  }

  /** Switches the window at once, and tells main when it is listening. */
  async setLanguage(language: Language): Promise<void> {
    i18n.setLanguage(language);
    if (this.synced.value) await this.update({ language });
  }
}

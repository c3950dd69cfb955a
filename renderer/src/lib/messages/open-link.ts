// Opening a vendor link: only http(s), only through main. The web host cannot open the system
// browser and answers { opened: false }; then a new tab does, after the same check.
import type { AppState } from '../state/app.svelte';
import { httpUrl } from './format';

export async function openLink(app: AppState, url: string | undefined): Promise<void> {
  const safe = httpUrl(url);
  if (!safe) return;
  try {
    const { opened } = await app.client.invoke('app.openExternal', { url: safe });
    if (!opened) window.open(safe, '_blank', 'noopener,noreferrer');
  } catch (error) {
    app.notifyError(error);
  }
}

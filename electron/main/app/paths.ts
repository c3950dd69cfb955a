// Where the app keeps its data, the same folder Electron's app.getPath('userData') gives for our
// product name, so the desktop app and the web host share one cache.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_FOLDER = 'WorkPhone Desk';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_FOLDER);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_FOLDER);
}

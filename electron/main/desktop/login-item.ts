// Start at login. Windows and macOS keep login items themselves (app.setLoginItemSettings); Linux
// desktops read an XDG autostart entry, which we write. A start at login stays in the tray: the
// agent did not ask for a window, only for notifications to be running.
import { join } from 'node:path';
import { LAUNCHED_AT_LOGIN_ARG, LINUX_DESKTOP_FILE, PRODUCT_NAME } from './app-identity';

/** What app.setLoginItemSettings and app.getLoginItemSettings take on Windows and macOS. */
export function loginItemSettings(platform: NodeJS.Platform, openAtLogin: boolean): { openAtLogin: boolean; args?: string[] } {
  // Windows matches an existing entry by path and arguments, so reads must pass the same args.
  return platform === 'win32' ? { openAtLogin, args: [LAUNCHED_AT_LOGIN_ARG] } : { openAtLogin };
}

export function usesAutostartFile(platform: NodeJS.Platform): boolean {
  return platform !== 'win32' && platform !== 'darwin';
}

export function autostartFilePath(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', LINUX_DESKTOP_FILE);
}

/** Exec quoting from the Desktop Entry spec: quote the path, escape ", `, $ and \ inside. */
function execArgument(value: string): string {
  return `"${value.replace(/(["`$\\])/g, '\\$1')}"`;
}

/**
 * An AppImage runs from a temporary mount, so process.execPath changes every start; the AppImage
 * file itself ($APPIMAGE) is what must be launched.
 */
export function linuxAutostartEntry(execPath: string, env: NodeJS.ProcessEnv): string {
  const program = env.APPIMAGE || execPath;
  if (/[\r\n]/.test(program)) throw new RangeError('The program path cannot contain line breaks');
  // Backslashes are escaped twice: once for Exec quoting, once more as a desktop-file string.
  const exec = `${execArgument(program).replace(/\\/g, '\\\\')} ${LAUNCHED_AT_LOGIN_ARG}`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function launchedAtLogin(argv: readonly string[], macOpenedAtLogin: boolean): boolean {
  return macOpenedAtLogin || argv.includes(LAUNCHED_AT_LOGIN_ARG);
}

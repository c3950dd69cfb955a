// Start at login. Windows and macOS keep login items themselves (app.setLoginItemSettings); Linux
// desktops read an XDG autostart entry, which we write. A start at login stays in the tray: the
// agent did not ask for a window, only for notifications to be running.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LAUNCHED_AT_LOGIN_ARG, LINUX_DESKTOP_FILE, PRODUCT_NAME } from './app-identity';
import type { ShellApp } from './electron-surface';

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

export interface LoginItem {
  isOn(): boolean;
  set(enabled: boolean): void;
}

/** Where the Linux entry goes and what it starts; the defaults are this process. */
export interface AutostartPlace {
  env: NodeJS.ProcessEnv;
  home: string;
  execPath: string;
}

export function loginItem(
  app: Pick<ShellApp, 'getLoginItemSettings' | 'setLoginItemSettings'>,
  platform: NodeJS.Platform,
  place: AutostartPlace,
): LoginItem {
  if (!usesAutostartFile(platform)) {
    const { args } = loginItemSettings(platform, false);
    return {
      isOn: () => app.getLoginItemSettings(args ? { args } : undefined).openAtLogin,
      set: (enabled) => app.setLoginItemSettings(loginItemSettings(platform, enabled)),
    };
  }
  const file = autostartFilePath(place.env, place.home);
  return {
    isOn: () => existsSync(file),
    set(enabled) {
      if (!enabled) return rmSync(file, { force: true });
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, linuxAutostartEntry(place.execPath, place.env));
    },
  };
}

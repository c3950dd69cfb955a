// Who the app is to the operating system. The installer (electron-builder.ts) and the running app
// read these from this one module: Windows only shows our toasts when the running process's
// AppUserModelID equals the id the installer put on the Start-menu shortcut.
import { APP_NAME, APP_NAME_ZH } from '../app/version';

export const APP_ID = 'com.workphonedesk.app';

/** Installer, Start menu and macOS bundle name. The data folder keeps package.json's English name. */
export const PRODUCT_NAME = APP_NAME_ZH;
export const PRODUCT_NAME_EN = APP_NAME;

/** Linux executable and .desktop file name; also what Electron reports to the desktop as app_id. */
export const LINUX_EXECUTABLE = 'workphone-desk';
export const LINUX_DESKTOP_FILE = `${LINUX_EXECUTABLE}.desktop`;

/** The link schemes a click anywhere on the PC can hand to us. */
export const DIAL_SCHEMES = ['tel', 'workphone'] as const;
export type DialScheme = (typeof DIAL_SCHEMES)[number];

/** Added to the login-item command line so a start at login can stay in the tray. */
export const LAUNCHED_AT_LOGIN_ARG = '--launched-at-login';

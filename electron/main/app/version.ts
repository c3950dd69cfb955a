// The version shown in the status bar, baked in at build time from package.json.
declare const __APP_VERSION__: string | undefined;

export const APP_NAME = 'WorkPhone Desk';
export const APP_NAME_ZH = '工作手机助手';

export function appVersion(): string {
  return typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : (process.env.npm_package_version ?? '0.0.0-dev');
}

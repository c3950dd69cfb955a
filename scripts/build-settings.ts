// What a company sets when it builds its own installers: the homepage the installers link to and
// the Debian package's maintainer. From the environment (WORKPHONE_HOMEPAGE, WORKPHONE_MAINTAINER),
// else from an optional build.config.json beside package.json (or the file WORKPHONE_BUILD_CONFIG
// names), else the project's own. electron-builder.ts reads them through here; docs/desktop.md
// lists them. A value that would make a broken package is refused with the reason, before building.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export interface BuildSettings {
  /** The installers' "homepage" (package metadata, the deb's Homepage field). https only. */
  homepage: string;
  /** The deb's Maintainer: `Name <email>`. */
  maintainer: string;
}

export type BuildSettingSource = 'default' | 'file' | 'environment';

export const BUILD_DEFAULTS: BuildSettings = {
  homepage: 'https://workphonedesk.app',
  maintainer: 'WorkPhone Desk <support@workphonedesk.app>',
};

export const BUILD_SETTINGS_FILE = 'build.config.json';

const ENVIRONMENT: Record<keyof BuildSettings, string> = {
  homepage: 'WORKPHONE_HOMEPAGE',
  maintainer: 'WORKPHONE_MAINTAINER',
};

const CHECKS: Record<keyof BuildSettings, (value: string) => string | undefined> = {
  homepage: (value) => {
    const url = URL.parse(value);
    if (!url || url.protocol !== 'https:' || !url.hostname) return 'must be an https:// address, e.g. https://it.example.com/workphone';
    if (url.username || url.password) return 'must not contain a user name or password';
    return undefined;
  },
  maintainer: (value) => (/^[^<>\n]+ <[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>$/.test(value) ? undefined : 'must read "Name <email>", e.g. "IT Desk <it@example.com>"'),
};

export class BuildSettingsError extends Error {
  constructor(message: string) {
    super(`build settings: ${message}`);
    this.name = 'BuildSettingsError';
  }
}

export function readBuildSettings(options: { projectDir: string; env?: NodeJS.ProcessEnv }): BuildSettings & { sources: Record<keyof BuildSettings, BuildSettingSource> } {
  const env = options.env ?? process.env;
  const named = env.WORKPHONE_BUILD_CONFIG?.trim();
  const file = named ? (isAbsolute(named) ? named : join(options.projectDir, named)) : join(options.projectDir, BUILD_SETTINGS_FILE);
  if (named && !existsSync(file)) throw new BuildSettingsError(`WORKPHONE_BUILD_CONFIG names ${file}, which does not exist`);
  const fromFile = existsSync(file) ? readSettingsFile(file) : {};

  const settings = { ...BUILD_DEFAULTS };
  const sources: Record<keyof BuildSettings, BuildSettingSource> = { homepage: 'default', maintainer: 'default' };
  for (const key of Object.keys(BUILD_DEFAULTS) as (keyof BuildSettings)[]) {
    const fromEnv = env[ENVIRONMENT[key]]?.trim();
    const [value, source, where] =
      fromEnv !== undefined && fromEnv !== '' ? [fromEnv, 'environment' as const, ENVIRONMENT[key]] : fromFile[key] !== undefined ? [fromFile[key], 'file' as const, `${file} "${key}"`] : [settings[key], 'default' as const, 'default'];
    const problem = CHECKS[key](value);
    if (problem) throw new BuildSettingsError(`${where} ${problem}`);
    settings[key] = value;
    sources[key] = source;
  }
  return { ...settings, sources };
}

function readSettingsFile(file: string): Partial<BuildSettings> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BuildSettingsError(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BuildSettingsError(`${file} must hold one JSON object`);
  const out: Partial<BuildSettings> = {};
  for (const [key, value] of Object.entries(parsed)) {
    // A misspelt key would otherwise be ignored and the default shipped without anyone noticing.
    if (!Object.hasOwn(BUILD_DEFAULTS, key)) throw new BuildSettingsError(`${file}: unknown setting "${key}" (known: ${Object.keys(BUILD_DEFAULTS).join(', ')})`);
    if (typeof value !== 'string') throw new BuildSettingsError(`${file}: "${key}" must be a string`);
    out[key as keyof BuildSettings] = value.trim();
  }
  return out;
}

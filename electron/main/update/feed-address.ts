// Where the company's updates are: set at build time (electron-builder's `publish`, from the
// environment or update-server.json; electron-builder writes it into the app as app-update.yml)
// or in Settings on one computer. Either way the address must be https (plain http only to this
// computer, for a test server): the installer it names is run with the agent's rights.
// electron-builder.ts loads this file too, with its own loader: no '@shared' alias here.
import { load as loadYaml } from 'js-yaml';

export interface FeedAddress {
  url: string;
  channel: string;
}

export const DEFAULT_CHANNEL = 'latest';
export const UPDATE_URL_ENV = 'WORKPHONE_UPDATE_URL';
export const UPDATE_CHANNEL_ENV = 'WORKPHONE_UPDATE_CHANNEL';
/** The optional build file, beside package.json: {"url": "https://…", "channel": "latest"}. */
export const UPDATE_SERVER_FILE = 'update-server.json';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CHANNEL = /^[a-z][a-z0-9-]{0,31}$/;

export type AddressProblem = 'notUrl' | 'notHttps' | 'credentialsInUrl' | 'queryInUrl';

export function feedAddressProblem(raw: string): AddressProblem | undefined {
  const url = URL.parse(raw.trim());
  if (!url || !url.hostname || (url.protocol !== 'https:' && url.protocol !== 'http:')) return 'notUrl';
  if (url.username || url.password) return 'credentialsInUrl';
  // A token in the query would be kept in the settings table, which holds no secrets.
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) return 'queryInUrl';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return 'notHttps';
  return undefined;
}

/**
 * electron-builder's `publish` for this build: a generic server when the environment or
 * update-server.json names one, otherwise null (no update file is built in, nothing is checked,
 * and nothing points at GitHub). A bad address fails the build rather than ship a dead one.
 */
export function updatePublishConfig(env: Record<string, string | undefined>, serverFileText: string | undefined): { provider: 'generic'; url: string; channel: string } | null {
  let fromFile: { url?: unknown; channel?: unknown } = {};
  if (serverFileText !== undefined) {
    try {
      fromFile = JSON.parse(serverFileText) as typeof fromFile;
    } catch {
      throw new Error(`${UPDATE_SERVER_FILE} is not valid JSON`);
    }
  }
  const url = env[UPDATE_URL_ENV]?.trim() || (typeof fromFile.url === 'string' ? fromFile.url.trim() : '');
  if (!url) return null;
  const problem = feedAddressProblem(url);
  if (problem) throw new Error(`the update address (${UPDATE_URL_ENV} or ${UPDATE_SERVER_FILE}) is refused: ${problem}`);
  const channel = env[UPDATE_CHANNEL_ENV]?.trim() || (typeof fromFile.channel === 'string' ? fromFile.channel.trim() : DEFAULT_CHANNEL);
  if (!CHANNEL.test(channel)) throw new Error(`the update channel "${channel}" must be lower-case letters, digits and dashes`);
  return { provider: 'generic', url, channel };
}

/** The address electron-builder built into the app (resources/app-update.yml), if any. */
export function readBuiltFeed(appUpdateYml: string | undefined): FeedAddress | null {
  if (!appUpdateYml) return null;
  let raw: unknown;
  try {
    raw = loadYaml(appUpdateYml);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { provider, url, channel } = raw as Record<string, unknown>;
  if (provider !== 'generic' || typeof url !== 'string' || feedAddressProblem(url)) return null;
  return { url, channel: typeof channel === 'string' && CHANNEL.test(channel) ? channel : DEFAULT_CHANNEL };
}

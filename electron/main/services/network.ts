// Settings → Network: the proxy the app uses to reach the vendors and the route each account's
// base URL takes. The setting (mode, server, bypass list) is kept in the store's settings table;
// the manual proxy's password goes to the keychain through ProxyAuth and never comes back out.
import { appError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { NetworkStatus, networkMethods, ProxySettingInput } from '@shared/ipc/network';
import { formatBypassRule, formatProxyServer, parseBypassRule, parseProxyServer, type BypassRule, type ProxyTextProblem } from '@shared/proxy';
import type { z } from 'zod';
import type { Handlers } from '../ipc/router';
import type { Logger } from '../log/logger';
import type { NetworkBackend } from '../network/backend';
import type { ProxyAuth } from '../network/proxy-auth';
import { DEFAULT_PROXY_SETTING, type ProxySetting } from '../network/proxy-rules';
import type { Store } from '../store';
import { activeAccounts } from './accounts-record';

export const PROXY_SETTING_KEY = 'network.proxy';

type ProxyInput = z.output<typeof ProxySettingInput>;

interface StoredProxySetting {
  mode: ProxySetting['mode'];
  server?: string;
  bypass: string[];
}

const SERVER_PROBLEM: Record<ProxyTextProblem, [string, string]> = {
  empty: ['请填写代理服务器，例如 proxy.example.com:8080', 'Enter the proxy server, e.g. proxy.example.com:8080'],
  scheme: ['只支持 HTTP 代理：填写“主机:端口”，例如 proxy.example.com:8080', 'Only HTTP proxies are supported: enter host:port, e.g. proxy.example.com:8080'],
  credentials: ['代理地址里不能包含用户名或密码，请填在下方的账号一栏', 'The proxy address must not contain a user name or password; use the sign-in fields below'],
  host: ['代理服务器的主机名无效', 'The proxy host name is not valid'],
  port: ['请在主机名后写上端口，例如 proxy.example.com:8080', 'Add the port after the host, e.g. proxy.example.com:8080'],
  entry: ['无效的条目', 'Not a valid entry'],
};

export class NetworkService {
  constructor(
    private readonly deps: { store: Store; auth: ProxyAuth; backend: NetworkBackend; host: 'electron' | 'web'; logger: Logger },
  ) {}

  /** Hands the saved setting to the network stack: before any vendor request goes out. */
  async start(): Promise<void> {
    try {
      await this.deps.backend.apply(this.setting());
    } catch (error) {
      // The app still starts (on the host's default way out); Settings shows the route it takes.
      this.deps.logger.error('the saved proxy setting could not be applied', { reason: error instanceof Error ? error.message : String(error) });
    }
  }

  setting(): ProxySetting {
    return readStoredSetting(this.deps.store.settings.get(PROXY_SETTING_KEY));
  }

  async status(): Promise<NetworkStatus> {
    const { backend, auth, store, host } = this.deps;
    const setting = this.setting();
    const server = setting.server ? formatProxyServer(setting.server) : undefined;
    const saved = server ? await auth.savedUser(server) : { hasPassword: false };
    const routes = await Promise.all(
      activeAccounts(store).map(async (account) => ({
        accountId: account.id,
        label: account.label,
        vendor: account.vendor,
        baseUrl: account.baseUrl,
        route: await backend.route(account.baseUrl).catch((error: unknown) => ({
          steps: [],
          source: setting.mode === 'manual' ? ('manual' as const) : setting.mode === 'direct' ? ('direct' as const) : ('system' as const),
          problem: error instanceof Error ? error.message : String(error),
        })),
      })),
    );
    const environment = backend.environment?.();
    return {
      host,
      systemSource: backend.systemSource,
      proxy: {
        mode: setting.mode,
        ...(server ? { server } : {}),
        bypass: setting.bypass.map(formatBypassRule),
        ...(saved.username ? { username: saved.username } : {}),
        hasPassword: saved.hasPassword,
      },
      ...(environment ? { environment } : {}),
      routes,
    };
  }

  /**
   * Checks the whole input before anything is written; then the keychain (which may fail on its
   * own), then the setting, then the network stack. A refused input leaves everything as it was.
   */
  async setProxy(input: ProxyInput): Promise<NetworkStatus> {
    const next = checkProxyInput(input);
    const server = next.server ? formatProxyServer(next.server) : undefined;
    const { auth } = this.deps;
    if (server && input.forgetCredentials) {
      await auth.forget(server);
    } else if (server && input.username) {
      const saved = await auth.savedUser(server);
      if (input.password) {
        await auth.save(server, { username: input.username, password: input.password });
      } else if (!saved.hasPassword || saved.username !== input.username) {
        throw appError('VALIDATION', '请输入该代理账号的密码', 'Enter the password of this proxy user', { field: 'password' });
      }
    } else if (input.password) {
      throw appError('VALIDATION', '请同时填写代理的用户名', 'Enter the proxy user name with the password', { field: 'username' });
    }
    const stored: StoredProxySetting = { mode: next.mode, ...(server ? { server } : {}), bypass: next.bypass.map(formatBypassRule) };
    this.deps.store.settings.set(PROXY_SETTING_KEY, stored);
    await this.deps.backend.apply(next);
    this.deps.logger.info('proxy setting changed', { mode: next.mode, server, bypass: stored.bypass.length });
    return this.status();
  }
}

function checkProxyInput(input: ProxyInput): ProxySetting {
  const bypass: BypassRule[] = [];
  input.bypass.forEach((entry, index) => {
    const rule = parseBypassRule(entry);
    if (typeof rule === 'string') {
      throw appError('VALIDATION', `不走代理的地址第 ${index + 1} 条无效：只能填主机名（如 *.example.com）、IP 地址、IPv4 网段（如 10.0.0.0/8）或 <local>`, `Bypass entry ${index + 1} is not valid: use a host name (*.example.com), an IP address, an IPv4 range (10.0.0.0/8) or <local>`, {
        field: 'bypass',
        index,
      });
    }
    bypass.push(rule);
  });
  if (input.mode !== 'manual') {
    // The manual server is kept when the agent switches away, so switching back needs no retyping.
    const parsed = input.server ? parseProxyServer(input.server) : undefined;
    return { mode: input.mode, ...(parsed && typeof parsed === 'object' ? { server: parsed } : {}), bypass };
  }
  const server = parseProxyServer(input.server ?? '');
  if (typeof server === 'string') {
    const [zh, en] = SERVER_PROBLEM[server];
    throw appError('VALIDATION', zh, en, { field: 'server', reason: server });
  }
  return { mode: 'manual', server, bypass };
}

function readStoredSetting(value: unknown): ProxySetting {
  if (typeof value !== 'object' || value === null) return DEFAULT_PROXY_SETTING;
  const stored = value as Partial<StoredProxySetting>;
  const mode = stored.mode === 'manual' || stored.mode === 'direct' || stored.mode === 'system' ? stored.mode : 'system';
  const server = typeof stored.server === 'string' ? parseProxyServer(stored.server) : undefined;
  const bypass = (Array.isArray(stored.bypass) ? stored.bypass : []).flatMap((entry) => {
    const rule = typeof entry === 'string' ? parseBypassRule(entry) : 'entry';
    return typeof rule === 'object' ? [rule] : [];
  });
  const known = server && typeof server === 'object' ? server : undefined;
  // A manual setting whose server no longer reads falls back to the system's, never to "no proxy".
  if (mode === 'manual' && !known) return { mode: 'system', bypass };
  return { mode, ...(known ? { server: known } : {}), bypass };
}

export function createNetworkHandlers(network: NetworkService, auth: ProxyAuth): Pick<Handlers<AppContract>, keyof typeof networkMethods> {
  return {
    'network.getStatus': () => network.status(),
    'network.setProxy': (input) => network.setProxy(input),
    'network.answerProxyLogin': async (answer) => ({ accepted: await auth.answer(answer) }),
  };
}

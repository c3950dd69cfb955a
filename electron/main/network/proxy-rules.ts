// Where a request to a vendor goes: the proxy setting the agent chose, read into the two network
// stacks' terms. The desktop app hands Chromium a proxy config and asks it for the route (it alone
// knows the OS settings, PAC and WPAD); the web host decides here, from the setting and the
// environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), so what Settings shows is what the fetch does.
import type { ProxyMode, ProxyRoute } from '@shared/ipc/network';
import { formatBypassRule, formatProxyServer, ipv4Parts, parseBypassRule, splitBypassList, type BypassRule, type ProxyServer } from '@shared/proxy';

export interface ProxySetting {
  mode: ProxyMode;
  /** Present in manual mode. */
  server?: ProxyServer;
  bypass: BypassRule[];
}

export const DEFAULT_PROXY_SETTING: ProxySetting = { mode: 'system', bypass: [] };

export interface ProxyCredentials {
  username: string;
  password: string;
}

/** A URL's host as the rules compare it: lower case, IPv6 without brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * This computer: never sent to a proxy, as Chromium does for its system and manual proxies. The
 * demo's simulators and any local tool the agent runs must not be handed to the company proxy.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  const v4 = ipv4Parts(host);
  return v4 !== undefined && v4[0] === 127;
}

function ipv4Number(parts: number[]): number {
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function bypassMatches(rule: BypassRule, host: string, port: number): boolean {
  switch (rule.kind) {
    case 'local':
      return !host.includes('.') && !host.includes(':');
    case 'domain':
      return (rule.port === undefined || rule.port === port) && (host === rule.domain || host.endsWith(`.${rule.domain}`));
    case 'ip':
      return (rule.port === undefined || rule.port === port) && host === rule.address;
    case 'cidr': {
      const address = ipv4Parts(host);
      if (!address) return false;
      const mask = rule.bits === 0 ? 0 : (0xffffffff << (32 - rule.bits)) >>> 0;
      return ((ipv4Number(address) & mask) >>> 0) === ((ipv4Number(ipv4Parts(rule.address)!) & mask) >>> 0);
    }
  }
}

/** Chromium's ProxyConfig for the setting (Electron's `session.setProxy`). */
export function chromiumProxyConfig(setting: ProxySetting): { mode: 'system' | 'direct' | 'fixed_servers'; proxyRules?: string; proxyBypassRules?: string } {
  if (setting.mode === 'system') return { mode: 'system' };
  if (setting.mode === 'direct' || !setting.server) return { mode: 'direct' };
  // Chromium's `corp.example` is that host alone and `*.corp.example` only the names under it;
  // the agent's entry means both, as NO_PROXY does.
  const rules = setting.bypass.flatMap((rule) => {
    const text = formatBypassRule(rule);
    return rule.kind === 'domain' ? [text, `*.${text}`] : [text];
  });
  return {
    mode: 'fixed_servers',
    proxyRules: formatProxyServer(setting.server),
    ...(rules.length ? { proxyBypassRules: rules.join(',') } : {}),
  };
}

/** Chromium's answer to resolveProxy, "PROXY proxy.corp:8080; DIRECT", as steps. */
export function parseProxyList(text: string): ProxyRoute['steps'] {
  const steps: ProxyRoute['steps'] = [];
  for (const part of text.split(';')) {
    const [type, server] = part.trim().split(/\s+/, 2);
    if (!type) continue;
    const upper = type.toUpperCase();
    if (upper === 'DIRECT') steps.push({ type: 'direct' });
    else if (server) steps.push({ type: 'proxy', scheme: upper, server });
  }
  return steps.length ? steps : [{ type: 'direct' }];
}

/** Why Chromium's route for a URL is what it is, in the terms Settings shows. */
export function chromiumRouteSource(setting: ProxySetting, url: URL, steps: ProxyRoute['steps']): ProxyRoute['source'] {
  if (isLoopbackHost(bareHost(url))) return 'loopback';
  if (setting.mode === 'direct') return 'direct';
  if (setting.mode === 'system') return 'system';
  return steps.some((s) => s.type === 'proxy') ? 'manual' : 'bypass';
}

// --- The web host: the environment's proxy ---------------------------------------------------

export interface EnvProxy {
  /** The proxy URL without credentials, e.g. http://proxy.corp:8080. */
  url: string;
  /** `host:port`, the name the sign-in is kept under. */
  server: string;
  scheme: 'http' | 'https';
  credentials?: ProxyCredentials;
}

export interface EnvironmentProxy {
  https?: EnvProxy | { problem: string };
  http?: EnvProxy | { problem: string };
  /** `*` bypasses everything. */
  noProxy: { all: boolean; rules: BypassRule[]; entries: string[] };
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  // curl's order: the lower-case name first.
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

function readProxyUrl(text: string): EnvProxy | { problem: string } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const url = URL.parse(withScheme);
  if (!url || !url.hostname) return { problem: 'not a proxy address' };
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') return { problem: `${scheme} proxies are not supported; use an HTTP proxy` };
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  const host = url.hostname;
  const credentials = url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
  return {
    url: `${scheme}://${host}:${port}`,
    server: `${host}:${port}`,
    scheme,
    ...(credentials ? { credentials } : {}),
  };
}

/** HTTPS_PROXY for https URLs, HTTP_PROXY for http URLs, NO_PROXY: what curl and Node read. */
export function readEnvironmentProxy(env: NodeJS.ProcessEnv): EnvironmentProxy {
  const https = envValue(env, 'https_proxy');
  const http = envValue(env, 'http_proxy');
  const noProxyText = envValue(env, 'no_proxy') ?? '';
  const entries = splitBypassList(noProxyText);
  const rules = entries.map(parseBypassRule).filter((rule): rule is BypassRule => typeof rule === 'object');
  return {
    ...(https ? { https: readProxyUrl(https) } : {}),
    ...(http ? { http: readProxyUrl(http) } : {}),
    noProxy: { all: entries.includes('*'), rules, entries },
  };
}

export type NodeRoute =
  | { kind: 'direct'; source: ProxyRoute['source'] }
  | { kind: 'proxy'; source: 'manual' | 'environment'; url: string; server: string; scheme: 'http' | 'https'; credentials?: ProxyCredentials }
  | { kind: 'unusable'; source: 'environment'; problem: string };

export function nodeRoute(url: URL, setting: ProxySetting, environment: EnvironmentProxy): NodeRoute {
  const host = bareHost(url);
  const port = effectivePort(url);
  if (isLoopbackHost(host)) return { kind: 'direct', source: 'loopback' };
  if (setting.mode === 'direct') return { kind: 'direct', source: 'direct' };
  if (setting.mode === 'manual' && setting.server) {
    if (setting.bypass.some((rule) => bypassMatches(rule, host, port))) return { kind: 'direct', source: 'bypass' };
    const server = formatProxyServer(setting.server);
    return { kind: 'proxy', source: 'manual', url: `http://${server}`, server, scheme: 'http' };
  }
  const proxy = url.protocol === 'https:' ? environment.https : environment.http;
  if (!proxy) return { kind: 'direct', source: 'direct' };
  if (environment.noProxy.all || environment.noProxy.rules.some((rule) => bypassMatches(rule, host, port))) return { kind: 'direct', source: 'bypass' };
  if ('problem' in proxy) return { kind: 'unusable', source: 'environment', problem: proxy.problem };
  return { kind: 'proxy', source: 'environment', ...proxy };
}

/** A route as Settings shows it. */
export function describeNodeRoute(route: NodeRoute): ProxyRoute {
  switch (route.kind) {
    case 'direct':
      return { steps: [{ type: 'direct' }], source: route.source };
    case 'proxy':
      return { steps: [{ type: 'proxy', scheme: route.scheme.toUpperCase(), server: route.server }], source: route.source };
    case 'unusable':
      return { steps: [], source: route.source, problem: route.problem };
  }
}

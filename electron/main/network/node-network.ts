// The web host's way out: undici's fetch with one dispatcher per route — straight out, or through
// the manual or the environment's HTTP proxy (CONNECT tunnels, Basic sign-in). The route comes from
// proxy-rules.ts, the same function Settings asks, so the page shows what the requests do.
//
// A 407 is answered here: the proxy stopped the request before the vendor saw anything, so it is
// sent again with the sign-in ProxyAuth gives — even a send that is otherwise never repeated.
import { Agent, fetch as undiciFetch, ProxyAgent, type Dispatcher, type RequestInit as UndiciRequestInit } from 'undici';
import { silentLogger, type Logger } from '../log/logger';
import type { NetworkBackend } from './backend';
import { NetworkFailure, nodeFailure } from './failure';
import type { ProxyAuth } from './proxy-auth';
import { DEFAULT_PROXY_SETTING, describeNodeRoute, nodeRoute, readEnvironmentProxy, type ProxyCredentials, type ProxySetting } from './proxy-rules';

export interface NodeNetworkOptions {
  auth: ProxyAuth;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /**
   * Extra roots to trust for vendor TLS, replacing Node's list. Production leaves this out and
   * uses NODE_EXTRA_CA_CERTS or --use-system-ca (docs/desktop.md); the proxy tests pass their CA.
   */
  ca?: string[];
}

/** How many sign-ins one request may try before it reports the refusal. */
const MAX_SIGN_INS = 3;

export function createNodeNetwork(options: NodeNetworkOptions): NetworkBackend {
  const { auth } = options;
  const logger = (options.logger ?? silentLogger).child('network');
  const environment = readEnvironmentProxy(options.env ?? process.env);
  const tls = options.ca ? { ca: options.ca } : undefined;
  const direct = new Agent(tls ? { connect: tls } : {});
  const proxies = new Map<string, { token: string | undefined; agent: ProxyAgent }>();
  let setting: ProxySetting = DEFAULT_PROXY_SETTING;

  for (const proxy of [environment.https, environment.http]) {
    if (proxy && 'credentials' in proxy && proxy.credentials) auth.seed(proxy.server, proxy.credentials);
  }

  const proxyAgent = (url: string, credentials: ProxyCredentials | undefined): Dispatcher => {
    const token = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
    const cached = proxies.get(url);
    if (cached && cached.token === token) return cached.agent;
    void cached?.agent.close();
    const agent = new ProxyAgent({ uri: url, ...(token ? { token } : {}), ...(tls ? { requestTls: tls } : {}) });
    proxies.set(url, { token, agent });
    return agent;
  };

  const send = (input: string | URL, init: RequestInit | undefined, dispatcher: Dispatcher) =>
    undiciFetch(input, { ...(init as UndiciRequestInit), dispatcher }) as unknown as Promise<Response>;

  const networkFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const target = input instanceof Request ? input.url : input;
    const route = nodeRoute(new URL(target), setting, environment);
    if (route.kind === 'unusable') throw new NetworkFailure('proxyConfig', { problem: route.problem });
    if (route.kind === 'direct') {
      try {
        return await send(target, init, direct);
      } catch (error) {
        throw abortReason(init) ?? nodeFailure(error);
      }
    }
    let credentials = await auth.current(route.server);
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(target, init, proxyAgent(route.url, credentials));
      } catch (error) {
        const abort = abortReason(init);
        if (abort) throw abort;
        const failure = nodeFailure(error, route.server);
        if (failure.kind !== 'proxyAuth' || attempt + 1 >= MAX_SIGN_INS) throw failure;
        logger.info('proxy asks for a sign-in', { proxy: route.server, sent: credentials !== undefined });
        const next = await auth.challenge({ proxy: route.server, scheme: 'basic', realm: '', ...(credentials ? { refused: credentials } : {}) }, init?.signal ?? undefined);
        if (!next) throw failure;
        credentials = next;
      }
    }
  };

  return {
    systemSource: 'environment',
    fetch: networkFetch as typeof fetch,
    async route(url) {
      return describeNodeRoute(nodeRoute(new URL(url), setting, environment));
    },
    async apply(next) {
      setting = next;
      auth.reset();
      const open = [...proxies.values()];
      proxies.clear();
      await Promise.all(open.map(({ agent }) => agent.close()));
    },
    environment() {
      const shown = (proxy: (typeof environment)['https']) => (proxy && 'url' in proxy ? proxy.url : proxy ? `(${proxy.problem})` : undefined);
      const https = shown(environment.https);
      const http = shown(environment.http);
      return { ...(https ? { https } : {}), ...(http ? { http } : {}), noProxy: environment.noProxy.entries };
    },
    async close() {
      await Promise.all([direct.close(), ...[...proxies.values()].map(({ agent }) => agent.close())]);
      proxies.clear();
    },
  };
}

/** An abort is the caller's (cancel or its own timeout): it is passed on as the abort it is. */
function abortReason(init: RequestInit | undefined): unknown {
  const signal = init?.signal;
  return signal?.aborted ? (signal.reason ?? new DOMException('aborted', 'AbortError')) : undefined;
}

// What each host gives the app to reach the vendors: a fetch that goes the way the proxy setting
// says, the route a URL would take, and a way to change the setting. The desktop app's is built on
// Chromium (desktop/network.ts); the web host's on undici (network/node-network.ts).
import type { NetworkStatus, ProxyRoute } from '@shared/ipc/network';
import type { ProxySetting } from './proxy-rules';

export interface NetworkBackend {
  /** 'os': Chromium reads the OS settings, PAC and WPAD. 'environment': HTTPS_PROXY / NO_PROXY. */
  readonly systemSource: NetworkStatus['systemSource'];
  readonly fetch: typeof fetch;
  /** How a request to this URL would leave the computer now. */
  route(url: string): Promise<ProxyRoute>;
  /** Takes a new setting; connections already open to the old proxy are closed. */
  apply(setting: ProxySetting): Promise<void>;
  /** The environment's proxies as Settings shows them (web host only). */
  environment?(): NetworkStatus['environment'];
  close(): Promise<void>;
}

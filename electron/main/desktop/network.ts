// The desktop app's way out to the vendors: Chromium's network stack, so the OS proxy settings,
// PAC files, WPAD, NTLM/Kerberos sign-in and the OS certificate store apply as they do in the
// company's browser. The decisions live in network/ (plain Node, tested there); this only hands
// them to Electron.
import type { App, Net, Session } from 'electron';
import type { NetworkBackend } from '../network/backend';
import type { ProxyAuth } from '../network/proxy-auth';
import { chromiumProxyConfig, chromiumRouteSource, DEFAULT_PROXY_SETTING, parseProxyList, type ProxySetting } from '../network/proxy-rules';
import { chromiumProxyName, createRequestFetch } from '../network/request-fetch';

export function createDesktopNetwork(session: Session, net: Pick<Net, 'request'>, auth: ProxyAuth): NetworkBackend {
  let setting: ProxySetting = DEFAULT_PROXY_SETTING;
  return {
    systemSource: 'os',
    // Session cookies stay out of vendor calls: the clients carry their own tokens.
    fetch: createRequestFetch((options) => net.request({ ...options, session, useSessionCookies: false }), auth),
    async route(url) {
      const steps = parseProxyList(await session.resolveProxy(url));
      return { steps, source: chromiumRouteSource(setting, new URL(url), steps) };
    },
    async apply(next) {
      setting = next;
      auth.reset();
      await session.setProxy(chromiumProxyConfig(next));
      // Pooled sockets would keep using the old proxy.
      await session.closeAllConnections();
    },
    async close() {},
  };
}

/**
 * Proxy sign-ins Chromium asks the app for outside the vendor fetch (the window, a utility
 * process): the same answers, from the same ProxyAuth. A server's own sign-in is left alone.
 */
export function answerProxyLogins(app: App, auth: ProxyAuth): void {
  app.on('login', (event, _webContents, details, authInfo, callback) => {
    if (!authInfo.isProxy) return;
    event.preventDefault();
    const proxy = chromiumProxyName(authInfo);
    const refused = details.firstAuthAttempt ? undefined : auth.lastOffered(proxy);
    auth.challenge({ proxy, scheme: authInfo.scheme, realm: authInfo.realm, ...(refused ? { refused } : {}) }).then(
      (credentials) => (credentials ? callback(credentials.username, credentials.password) : callback()),
      () => callback(),
    );
  });
}

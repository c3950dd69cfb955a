// How a proxy setting is written and read, and where it sends each URL: the form's parser
// (shared/proxy.ts), the bypass matching, the environment's variables and Chromium's terms.
import { describe, expect, it } from 'vitest';
import { formatBypassRule, parseBypassRule, parseProxyServer, splitBypassList, type BypassRule } from '@shared/proxy';
import {
  bypassMatches,
  chromiumProxyConfig,
  chromiumRouteSource,
  describeNodeRoute,
  isLoopbackHost,
  nodeRoute,
  parseProxyList,
  readEnvironmentProxy,
  type ProxySetting,
} from '../../../electron/main/network/proxy-rules';

const rule = (text: string) => parseBypassRule(text) as BypassRule;
const manual = (bypass: string[] = []): ProxySetting => ({ mode: 'manual', server: { host: 'proxy.corp.example', port: 8080 }, bypass: bypass.map(rule) });

describe('writing a proxy server', () => {
  it('takes host:port, with or without http://, IPv4 and bracketed IPv6', () => {
    expect(parseProxyServer(' Proxy.Corp.example:8080 ')).toEqual({ host: 'proxy.corp.example', port: 8080 });
    expect(parseProxyServer('http://10.0.0.1:3128/')).toEqual({ host: '10.0.0.1', port: 3128 });
    expect(parseProxyServer('[fd00::1]:8080')).toEqual({ host: 'fd00::1', port: 8080 });
  });

  it('says what is wrong otherwise', () => {
    expect(parseProxyServer('')).toBe('empty');
    expect(parseProxyServer('https://proxy.example:443')).toBe('scheme');
    expect(parseProxyServer('socks5://proxy.example:1080')).toBe('scheme');
    expect(parseProxyServer('user:secret@proxy.example:8080')).toBe('credentials');
    expect(parseProxyServer('proxy.example')).toBe('port');
    expect(parseProxyServer('proxy.example:0')).toBe('port');
    expect(parseProxyServer('proxy.example:70000')).toBe('port');
    expect(parseProxyServer('prox y.example:80')).toBe('host');
    // A look-alike Unicode name is not a company proxy.
    expect(parseProxyServer('prоxy.example:8080')).toBe('host');
  });
});

describe('the bypass list', () => {
  it('reads names, addresses, IPv4 ranges and <local>; *. and a leading dot mean the same', () => {
    expect(splitBypassList('a.example, *.b.example;10.0.0.0/8\n<local>  c.example:8443')).toEqual(['a.example', '*.b.example', '10.0.0.0/8', '<local>', 'c.example:8443']);
    expect(rule('*.corp.example')).toEqual({ kind: 'domain', domain: 'corp.example' });
    expect(rule('.corp.example')).toEqual({ kind: 'domain', domain: 'corp.example' });
    expect(rule('corp.example:8443')).toEqual({ kind: 'domain', domain: 'corp.example', port: 8443 });
    expect(rule('192.168.1.20')).toEqual({ kind: 'ip', address: '192.168.1.20' });
    expect(rule('10.0.0.0/8')).toEqual({ kind: 'cidr', address: '10.0.0.0', bits: 8 });
    expect(parseBypassRule('10.0.0.0/33')).toBe('entry');
    expect(parseBypassRule('not a host')).toBe('entry');
    expect(formatBypassRule(rule('*.corp.example'))).toBe('corp.example');
  });

  it('covers a name and every name under it, a port when given, an address range', () => {
    const domain = rule('corp.example');
    expect(bypassMatches(domain, 'corp.example', 443)).toBe(true);
    expect(bypassMatches(domain, 'mail.corp.example', 443)).toBe(true);
    expect(bypassMatches(domain, 'evilcorp.example', 443)).toBe(false);
    expect(bypassMatches(rule('corp.example:8443'), 'corp.example', 443)).toBe(false);
    expect(bypassMatches(rule('10.0.0.0/8'), '10.20.30.40', 443)).toBe(true);
    expect(bypassMatches(rule('10.0.0.0/8'), '11.0.0.1', 443)).toBe(false);
    expect(bypassMatches(rule('0.0.0.0/0'), '8.8.8.8', 443)).toBe(true);
    expect(bypassMatches(rule('<local>'), 'intranet', 80)).toBe(true);
    expect(bypassMatches(rule('<local>'), 'intranet.corp', 80)).toBe(false);
  });
});

describe('the web host: where a URL goes', () => {
  const env = readEnvironmentProxy({
    https_proxy: 'http://zhang:p%40ss@proxy.corp.example:3128',
    HTTP_PROXY: 'proxy-http.corp.example:8000',
    NO_PROXY: '.intranet.example, 10.0.0.0/8',
  });
  const route = (url: string, setting: ProxySetting = { mode: 'system', bypass: [] }) => nodeRoute(new URL(url), setting, env);

  it('reads HTTPS_PROXY / HTTP_PROXY (lower case first), credentials apart from the address', () => {
    expect(env.https).toEqual({ url: 'http://proxy.corp.example:3128', server: 'proxy.corp.example:3128', scheme: 'http', credentials: { username: 'zhang', password: 'p@ss' } });
    expect(env.http).toEqual({ url: 'http://proxy-http.corp.example:8000', server: 'proxy-http.corp.example:8000', scheme: 'http' });
    expect(readEnvironmentProxy({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' }).https).toMatchObject({ server: 'lower:2' });
    expect(readEnvironmentProxy({ HTTPS_PROXY: 'socks5://s:1080' }).https).toEqual({ problem: 'socks5 proxies are not supported; use an HTTP proxy' });
  });

  it('sends https through HTTPS_PROXY and http through HTTP_PROXY, except NO_PROXY and this computer', () => {
    expect(route('https://wpapi.7moor.com/x')).toMatchObject({ kind: 'proxy', source: 'environment', server: 'proxy.corp.example:3128' });
    expect(route('http://wpapi.7moor.com/x')).toMatchObject({ kind: 'proxy', server: 'proxy-http.corp.example:8000' });
    expect(route('https://crm.intranet.example/')).toEqual({ kind: 'direct', source: 'bypass' });
    expect(route('https://10.1.2.3/')).toEqual({ kind: 'direct', source: 'bypass' });
    for (const local of ['http://127.0.0.1:4000/', 'http://localhost:4000/', 'http://[::1]:4000/', 'http://demo.localhost/']) {
      expect(route(local)).toEqual({ kind: 'direct', source: 'loopback' });
    }
    expect(nodeRoute(new URL('https://a.example/'), { mode: 'system', bypass: [] }, readEnvironmentProxy({ HTTPS_PROXY: 'p:1', NO_PROXY: '*' }))).toEqual({ kind: 'direct', source: 'bypass' });
    expect(nodeRoute(new URL('https://a.example/'), { mode: 'system', bypass: [] }, readEnvironmentProxy({}))).toEqual({ kind: 'direct', source: 'direct' });
  });

  it('lets the manual setting and "no proxy" override the environment', () => {
    expect(route('https://wpapi.7moor.com/', manual(['*.intranet.example']))).toMatchObject({ kind: 'proxy', source: 'manual', url: 'http://proxy.corp.example:8080' });
    expect(route('https://crm.intranet.example/', manual(['*.intranet.example']))).toEqual({ kind: 'direct', source: 'bypass' });
    expect(route('https://wpapi.7moor.com/', { mode: 'direct', bypass: [] })).toEqual({ kind: 'direct', source: 'direct' });
  });

  it('describes a route without any credentials', () => {
    const shown = describeNodeRoute(route('https://wpapi.7moor.com/'));
    expect(shown).toEqual({ steps: [{ type: 'proxy', scheme: 'HTTP', server: 'proxy.corp.example:3128' }], source: 'environment' });
    expect(JSON.stringify(shown)).not.toContain('p@ss');
  });
});

describe('the desktop app: Chromium’s terms', () => {
  it('hands Chromium the system setting, "direct", or the manual server with both forms of each bypass name', () => {
    expect(chromiumProxyConfig({ mode: 'system', bypass: [] })).toEqual({ mode: 'system' });
    expect(chromiumProxyConfig({ mode: 'direct', bypass: [] })).toEqual({ mode: 'direct' });
    expect(chromiumProxyConfig(manual(['corp.example', '10.0.0.0/8', '<local>']))).toEqual({
      mode: 'fixed_servers',
      proxyRules: 'proxy.corp.example:8080',
      proxyBypassRules: 'corp.example,*.corp.example,10.0.0.0/8,<local>',
    });
    expect(chromiumProxyConfig({ mode: 'manual', server: { host: 'fd00::1', port: 3128 }, bypass: [] })).toEqual({ mode: 'fixed_servers', proxyRules: '[fd00::1]:3128' });
  });

  it('reads resolveProxy’s answer and says why the route is what it is', () => {
    expect(parseProxyList('PROXY proxy.corp:8080; DIRECT')).toEqual([{ type: 'proxy', scheme: 'PROXY', server: 'proxy.corp:8080' }, { type: 'direct' }]);
    expect(parseProxyList('HTTPS secure.corp:443;SOCKS5 s.corp:1080')).toEqual([
      { type: 'proxy', scheme: 'HTTPS', server: 'secure.corp:443' },
      { type: 'proxy', scheme: 'SOCKS5', server: 's.corp:1080' },
    ]);
    expect(parseProxyList('DIRECT')).toEqual([{ type: 'direct' }]);
    const url = new URL('https://wpapi.7moor.com');
    expect(chromiumRouteSource({ mode: 'system', bypass: [] }, url, parseProxyList('PROXY p:1'))).toBe('system');
    expect(chromiumRouteSource(manual(), url, parseProxyList('PROXY p:1'))).toBe('manual');
    expect(chromiumRouteSource(manual(), url, parseProxyList('DIRECT'))).toBe('bypass');
    expect(chromiumRouteSource(manual(), new URL('http://127.0.0.1:3000'), parseProxyList('DIRECT'))).toBe('loopback');
    expect(isLoopbackHost('127.8.9.10')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

// How a proxy server and a bypass entry are written, read the same way by the settings form (to
// point at a mistake while typing) and by main (which refuses what this refuses). Only ASCII host
// names: a company's proxy and intranet names are, and a look-alike Unicode name in a bypass list
// would send traffic around the proxy without anyone noticing.

export interface ProxyServer {
  /** Lower case; an IPv6 address without brackets. */
  host: string;
  port: number;
}

export type BypassRule =
  /** Host names without a dot (intranet short names), as Chromium's `<local>`. */
  | { kind: 'local' }
  /** The name and every name under it: `corp.example` covers `mail.corp.example` too. */
  | { kind: 'domain'; domain: string; port?: number }
  | { kind: 'ip'; address: string; port?: number }
  /** IPv4 only: `10.0.0.0/8`. */
  | { kind: 'cidr'; address: string; bits: number };

export type ProxyTextProblem = 'empty' | 'scheme' | 'credentials' | 'host' | 'port' | 'entry';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isHostName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  return text.split('.').every((label) => LABEL.test(label));
}

/** The four numbers of a dotted IPv4 address, or undefined. */
export function ipv4Parts(text: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const parts = match.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts : undefined;
}

function isIpv6(text: string): boolean {
  return /^[0-9a-f:.]+$/.test(text) && text.includes(':') && (text.match(/::/g) ?? []).length <= 1 && text.split(':').length <= 8;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** `host` or `[v6]` with an optional `:port`; the port is undefined when absent. */
function splitHostPort(text: string): { host: string; port?: string } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) return bracketed[2] === undefined ? { host: bracketed[1]! } : { host: bracketed[1]!, port: bracketed[2] };
  const colons = text.split(':').length - 1;
  if (colons === 0) return { host: text };
  if (colons === 1) {
    const [host, port] = text.split(':') as [string, string];
    return { host, port };
  }
  // A bare IPv6 address: no port can be told apart from its last group.
  return { host: text };
}

/** `proxy.corp.example:8080`, `http://10.0.0.1:3128` or `[fd00::1]:8080`: an HTTP proxy. */
export function parseProxyServer(input: string): ProxyServer | ProxyTextProblem {
  let text = input.trim().toLowerCase();
  if (!text) return 'empty';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    if (scheme[1] !== 'http') return 'scheme';
    text = text.slice(scheme[0].length).replace(/\/$/, '');
  }
  if (text.includes('@')) return 'credentials';
  const parts = splitHostPort(text);
  const known = (host: string) => isHostName(host) || ipv4Parts(host) !== undefined || isIpv6(host);
  if (!parts || !known(parts.host)) return 'host';
  const port = parts.port === undefined ? undefined : parsePort(parts.port);
  return port === undefined ? 'port' : { host: parts.host, port };
}

/** How a server is written back: `host:port`, brackets around IPv6. */
export function formatProxyServer(server: ProxyServer): string {
  return `${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`;
}

/** One bypass entry; `*.corp.example`, `.corp.example` and `corp.example` mean the same. */
export function parseBypassRule(input: string): BypassRule | ProxyTextProblem {
  const text = input.trim().toLowerCase();
  if (!text) return 'empty';
  if (text === '<local>') return { kind: 'local' };
  const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text);
  if (cidr) {
    const bits = Number(cidr[2]);
    return ipv4Parts(cidr[1]!) && bits <= 32 ? { kind: 'cidr', address: cidr[1]!, bits } : 'entry';
  }
  const parts = splitHostPort(text);
  if (!parts) return 'entry';
  let port: number | undefined;
  if (parts.port !== undefined) {
    port = parsePort(parts.port);
    if (port === undefined) return 'port';
  }
  const withPort = <T extends object>(rule: T) => (port === undefined ? rule : { ...rule, port });
  if (ipv4Parts(parts.host) || isIpv6(parts.host)) return withPort({ kind: 'ip' as const, address: parts.host });
  const domain = parts.host.replace(/^\*?\./, '');
  return isHostName(domain) ? withPort({ kind: 'domain' as const, domain }) : 'entry';
}

/** A typed list (commas, semicolons, spaces or lines) cut into entries. */
export function splitBypassList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function formatBypassRule(rule: BypassRule): string {
  switch (rule.kind) {
    case 'local':
      return '<local>';
    case 'cidr':
      return `${rule.address}/${rule.bits}`;
    case 'ip':
    case 'domain': {
      const host = rule.kind === 'ip' ? rule.address : rule.domain;
      const shown = rule.kind === 'ip' && host.includes(':') && rule.port !== undefined ? `[${host}]` : host;
      return rule.port === undefined ? shown : `${shown}:${rule.port}`;
    }
  }
}

// Why a request never got an answer, told apart the same way whichever network stack carried it:
// Chromium reports `net::ERR_*` strings (desktop app), Node and undici report error codes in a
// chain of causes (web host). The HTTP client turns a kind into the agent's sentence.

export type NetworkFailureKind =
  | 'timeout'
  | 'dns'
  | 'connection'
  | 'offline'
  | 'certificate'
  | 'proxyUnreachable'
  /** The proxy wants a sign-in and the app has none, or the one sent was refused. */
  | 'proxyAuth'
  /** The proxy wants a sign-in and the agent has been asked for it; the request gave up waiting. */
  | 'proxyAuthPending'
  /** The proxy answered the CONNECT with something other than 200 (403, 502 …). */
  | 'proxyRefused'
  /** The proxy setting itself cannot be used (a PAC script that fails, a SOCKS proxy in the environment). */
  | 'proxyConfig'
  | 'other';

export interface NetworkFailureFacts {
  /** `host:port` of the proxy involved, when known. Never carries credentials. */
  proxy?: string;
  /** The proxy's status for proxyRefused. */
  status?: number;
  /** A short technical reason for logs and the health panel (`net::ERR_…`, `ECONNREFUSED`). */
  code?: string;
  problem?: string;
}

export class NetworkFailure extends Error {
  constructor(
    readonly kind: NetworkFailureKind,
    readonly facts: NetworkFailureFacts = {},
    options?: { cause?: unknown },
  ) {
    super(`network failure: ${kind}${facts.code ? ` (${facts.code})` : ''}`, options);
    this.name = 'NetworkFailure';
  }
}

const CHROMIUM: Array<[RegExp, NetworkFailureKind]> = [
  [/^ERR_(TIMED_OUT|CONNECTION_TIMED_OUT)$/, 'timeout'],
  [/^ERR_(NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|DNS_.*)$/, 'dns'],
  [/^ERR_(INTERNET_DISCONNECTED|NETWORK_CHANGED|NETWORK_ACCESS_DENIED)$/, 'offline'],
  [/^ERR_(CERT_.*|SSL_.*|BAD_SSL_CLIENT_AUTH_CERT)$/, 'certificate'],
  [/^ERR_(PROXY_AUTH_.*|UNEXPECTED_PROXY_AUTH)$/, 'proxyAuth'],
  [/^ERR_(PROXY_CONNECTION_FAILED|PROXY_CERTIFICATE_INVALID|SOCKS_CONNECTION_FAILED)$/, 'proxyUnreachable'],
  [/^ERR_TUNNEL_CONNECTION_FAILED$/, 'proxyRefused'],
  [/^ERR_(PAC_.*|MANDATORY_PROXY_CONFIGURATION_FAILED|PROXY_.*)$/, 'proxyConfig'],
  [/^ERR_(CONNECTION_.*|ADDRESS_.*|EMPTY_RESPONSE|SOCKET_NOT_CONNECTED)$/, 'connection'],
];

/** A Chromium network error, from the message of the error net.request emits ("net::ERR_…"). */
export function chromiumFailure(message: string, facts: NetworkFailureFacts = {}): NetworkFailure {
  const code = /net::(ERR_[A-Z0-9_]+)/.exec(message)?.[1];
  const kind = code ? (CHROMIUM.find(([pattern]) => pattern.test(code))?.[1] ?? 'other') : 'other';
  return new NetworkFailure(kind, { ...facts, ...(code ? { code: `net::${code}` } : {}) });
}

const NODE_CODES: Record<string, NetworkFailureKind> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  ECONNREFUSED: 'connection',
  ECONNRESET: 'connection',
  EPIPE: 'connection',
  EHOSTUNREACH: 'connection',
  ENETUNREACH: 'offline',
  ENETDOWN: 'offline',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_SOCKET: 'connection',
  UND_ERR_CLOSED: 'connection',
};

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The NetworkFailure somewhere in an error's causes, when a network layer already said why. */
export function networkFailureIn(error: unknown): NetworkFailure | undefined {
  return causes(error).find((e): e is NetworkFailure => e instanceof NetworkFailure);
}

/**
 * What Node's or undici's fetch threw, read from its causes. `proxy` is the proxy the request was
 * sent through: a refused or reset connection is then the proxy's, not the vendor's.
 */
export function nodeFailure(error: unknown, proxy?: string): NetworkFailure {
  const known = networkFailureIn(error);
  if (known) return known;
  const facts: NetworkFailureFacts = proxy ? { proxy } : {};
  for (const cause of causes(error)) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : '';
    // undici's ProxyAgent: a CONNECT that got no 200, or a 407 on a plain-HTTP forward.
    const tunnel = /Proxy response \((\d{3})\)/.exec(text);
    if (tunnel) {
      const status = Number(tunnel[1]);
      return new NetworkFailure(status === 407 ? 'proxyAuth' : 'proxyRefused', { ...facts, status, code: `HTTP ${status}` }, { cause: error });
    }
    if (/Proxy Authentication Required/i.test(text)) return new NetworkFailure('proxyAuth', { ...facts, status: 407, code: 'HTTP 407' }, { cause: error });
    if (typeof code !== 'string') continue;
    if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/.test(code)) return new NetworkFailure('certificate', { ...facts, code }, { cause: error });
    const kind = NODE_CODES[code];
    if (kind) {
      // Through a tunnel, the only socket the app opens is the one to the proxy.
      const proxyKind: NetworkFailureKind = proxy && (kind === 'connection' || kind === 'dns') ? 'proxyUnreachable' : kind;
      return new NetworkFailure(proxyKind, { ...facts, code }, { cause: error });
    }
  }
  return new NetworkFailure('other', facts, { cause: error });
}

export interface FailureWords {
  vendorEn: string;
  vendorZh: string;
  endpoint: string;
}

/** The agent's sentence for a failure, and whether trying again later may help. */
export function failureText(failure: NetworkFailure, words: FailureWords): { en: string; zh: string; retryable: boolean } {
  const { vendorEn, vendorZh, endpoint } = words;
  const proxy = failure.facts.proxy;
  const proxyEn = proxy ? `the proxy server ${proxy}` : 'the proxy server';
  const proxyZh = proxy ? `代理服务器 ${proxy} ` : '代理服务器';
  switch (failure.kind) {
    case 'dns':
      return {
        en: `Cannot reach ${vendorEn} (${endpoint}): the server name was not found; check the service address and the network`,
        zh: `无法连接${vendorZh}服务（${endpoint}）：找不到服务器地址，请检查服务地址和网络`,
        retryable: true,
      };
    case 'certificate':
      return {
        en: `The security certificate of ${vendorEn} is not trusted (${endpoint}). If the company network inspects HTTPS, this computer must trust the company's root certificate; see Settings → Network`,
        zh: `${vendorZh}服务的安全证书不受信任（${endpoint}）。如果公司网络会检查 HTTPS 流量，需要让本机信任公司的根证书，见 设置 → 网络`,
        retryable: false,
      };
    case 'proxyUnreachable':
      return {
        en: `Cannot reach ${proxyEn} (${endpoint}); check the proxy in Settings → Network`,
        zh: `无法连接${proxyZh}（${endpoint}），请在 设置 → 网络 中检查代理`,
        retryable: true,
      };
    case 'proxyAuth':
      return {
        en: `${capitalise(proxyEn)} refused the request (${endpoint}): its user name or password is missing or wrong. Enter the proxy sign-in in Settings → Network`,
        zh: `${proxyZh}拒绝了请求（${endpoint}）：代理的用户名或密码未填写或不正确，请在 设置 → 网络 中填写代理账号`,
        retryable: false,
      };
    case 'proxyAuthPending':
      return {
        en: `${capitalise(proxyEn)} asks for a sign-in (${endpoint}): enter the proxy user name and password in the window that opened`,
        zh: `${proxyZh}需要登录（${endpoint}）：请在弹出的窗口中输入代理的用户名和密码`,
        retryable: true,
      };
    case 'proxyRefused': {
      const status = failure.facts.status ? `HTTP ${failure.facts.status}` : (failure.facts.code ?? '');
      return {
        en: `${capitalise(proxyEn)} did not let the connection to ${vendorEn} through (${endpoint}${status ? `, ${status}` : ''}); ask the network administrator`,
        zh: `${proxyZh}没有放行到${vendorZh}的连接（${endpoint}${status ? `，${status}` : ''}），请联系网络管理员`,
        retryable: true,
      };
    }
    case 'proxyConfig':
      return {
        en: `The proxy setting cannot be used (${failure.facts.problem ?? failure.facts.code ?? endpoint}); check Settings → Network`,
        zh: `代理设置无法使用（${failure.facts.problem ?? failure.facts.code ?? endpoint}），请检查 设置 → 网络`,
        retryable: false,
      };
    case 'offline':
      return {
        en: `Cannot reach ${vendorEn} (${endpoint}): this computer is not connected to the network`,
        zh: `无法连接${vendorZh}服务（${endpoint}）：本机没有连接网络`,
        retryable: true,
      };
    default:
      return {
        en: `Cannot reach ${vendorEn} (${endpoint}); check the network or the base URL`,
        zh: `无法连接${vendorZh}服务（${endpoint}），请检查网络或服务地址`,
        retryable: true,
      };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

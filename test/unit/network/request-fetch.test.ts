// The desktop app's fetch over net.request, against a stand-in ClientRequest the test drives the
// way Chromium does (the Electron binary does not run here): headers and body handed over, the
// proxy's login answered from ProxyAuth, aborts, Chromium's error strings read into failures;
// and the desktop network glue against a stand-in session.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProxyLoginRequest } from '@shared/ipc/network';
import { answerProxyLogins, createDesktopNetwork } from '../../../electron/main/desktop/network';
import { chromiumFailure, failureText, nodeFailure, NetworkFailure } from '../../../electron/main/network/failure';
import { ProxyAuth } from '../../../electron/main/network/proxy-auth';
import { createRequestFetch, type ChromiumRequestOptions, type ChromiumResponse } from '../../../electron/main/network/request-fetch';
import { MemorySecretStore } from '../../../electron/main/secrets/secret-store';

class FakeRequest extends EventEmitter {
  readonly headers: Record<string, string> = {};
  body = '';
  ended = false;
  aborted = false;
  constructor(readonly options: ChromiumRequestOptions) {
    super();
  }
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  write(chunk: string): boolean {
    this.body += chunk;
    return true;
  }
  end(): void {
    this.ended = true;
  }
  abort(): void {
    this.aborted = true;
  }
  /** Chromium answers: a status, headers and a body. */
  respond(statusCode: number, body = '', headers: Record<string, string | string[]> = {}): PassThrough {
    const response = Object.assign(new PassThrough(), { statusCode, statusMessage: 'OK', headers }) as PassThrough & ChromiumResponse;
    this.emit('response', response);
    response.end(body);
    return response;
  }
  /** Chromium's proxy asks; resolves with what the app answered. */
  login(host = 'proxy.corp.example', port = 8080): Promise<{ username?: string; password?: string }> {
    return new Promise((resolve) => this.emit('login', { isProxy: true, scheme: 'basic', host, port, realm: 'corp' }, (username?: string, password?: string) => resolve({ username, password })));
  }
}

function rig() {
  const requests: FakeRequest[] = [];
  const asked: ProxyLoginRequest[] = [];
  const auth = new ProxyAuth({ secrets: new MemorySecretStore(), ask: (r) => asked.push(r), settled: () => {} });
  const fetch = createRequestFetch((options) => {
    const request = new FakeRequest(options);
    requests.push(request);
    return request;
  }, auth);
  return { requests, asked, auth, fetch };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('fetch over net.request', () => {
  it('hands over method, headers, body and redirect policy, and gives back a Response', async () => {
    const { fetch, requests } = rig();
    const pending = fetch('https://wpapi.7moor.com/v1/x?a=1', { method: 'post', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"a":1}', redirect: 'error' });
    const request = requests[0]!;
    expect(request.options).toEqual({ method: 'POST', url: 'https://wpapi.7moor.com/v1/x?a=1', redirect: 'error' });
    expect(request.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json' });
    expect(request.body).toBe('{"a":1}');
    expect(request.ended).toBe(true);
    request.respond(200, '{"ok":true}', { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{"ok":true}');
  });

  it('has no body for HEAD and 204', async () => {
    const { fetch, requests } = rig();
    const head = fetch('https://cdn.example/file', { method: 'HEAD' });
    requests[0]!.respond(200, '', { 'content-length': '1234' });
    expect((await head).body).toBeNull();
    const empty = fetch('https://cdn.example/none');
    requests[1]!.respond(204);
    expect((await empty).body).toBeNull();
  });

  it('aborts the request when the signal fires, before or during the body', async () => {
    const { fetch, requests } = rig();
    const early = new AbortController();
    early.abort(new Error('cancelled first'));
    await expect(fetch('https://a.example', { signal: early.signal })).rejects.toThrow('cancelled first');
    expect(requests).toHaveLength(0);

    const controller = new AbortController();
    const pending = fetch('https://a.example', { signal: controller.signal });
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(requests[0]!.aborted).toBe(true);
  });

  it('reads Chromium’s errors into failures, naming the proxy once it has spoken', async () => {
    const { fetch, requests } = rig();
    const pending = fetch('https://a.example');
    requests[0]!.emit('error', new Error('net::ERR_NAME_NOT_RESOLVED'));
    await expect(pending).rejects.toMatchObject({ kind: 'dns', facts: { code: 'net::ERR_NAME_NOT_RESOLVED' } });
  });

  it('answers the proxy’s login from ProxyAuth; a refused answer is reported, not retried for ever', async () => {
    const { fetch, requests, asked, auth } = rig();
    await auth.save('proxy.corp.example:8080', { username: 'zhang', password: 'old' });
    const pending = fetch('https://a.example');
    const request = requests[0]!;
    expect(await request.login()).toEqual({ username: 'zhang', password: 'old' });
    // Chromium asks again on the same request: the old one was refused, so the agent is asked.
    const second = request.login();
    await tick();
    expect(asked).toEqual([expect.objectContaining({ proxy: 'proxy.corp.example:8080', refused: true, username: 'zhang' })]);
    await auth.answer({ action: 'cancel', requestId: asked[0]!.requestId });
    expect(await second).toEqual({ username: undefined, password: undefined });
    // With the login cancelled, Chromium hands over the 407 (or fails): a proxy sign-in failure.
    request.respond(407);
    await expect(pending).rejects.toMatchObject({ kind: 'proxyAuth', facts: { proxy: 'proxy.corp.example:8080' } });
  });

  it('leaves a server’s own 401 sign-in to the vendor client', async () => {
    const { fetch, requests, asked } = rig();
    const pending = fetch('https://a.example');
    const answered = new Promise((resolve) => requests[0]!.emit('login', { isProxy: false, scheme: 'basic', host: 'a.example', port: 443, realm: 'x' }, (...args: unknown[]) => resolve(args)));
    expect(await answered).toEqual([]);
    expect(asked).toEqual([]);
    requests[0]!.respond(401);
    expect((await pending).status).toBe(401);
  });

  it('gives up waiting for the agent when the request times out, saying so', async () => {
    const { fetch, requests } = rig();
    const controller = new AbortController();
    const pending = fetch('https://a.example', { signal: controller.signal });
    void requests[0]!.login();
    await tick();
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ kind: 'proxyAuthPending', facts: { proxy: 'proxy.corp.example:8080' } });
  });
});

describe('failures in the agent’s words', () => {
  const words = { vendorEn: 'youmi', vendorZh: '友米聚合', endpoint: 'youmi.v2.getChat' };

  it('tells Chromium’s and Node’s reasons apart', () => {
    expect(chromiumFailure('net::ERR_PROXY_CONNECTION_FAILED').kind).toBe('proxyUnreachable');
    expect(chromiumFailure('net::ERR_TUNNEL_CONNECTION_FAILED').kind).toBe('proxyRefused');
    expect(chromiumFailure('net::ERR_CERT_AUTHORITY_INVALID').kind).toBe('certificate');
    expect(chromiumFailure('net::ERR_PAC_SCRIPT_FAILED').kind).toBe('proxyConfig');
    expect(chromiumFailure('net::ERR_CONNECTION_REFUSED').kind).toBe('connection');
    expect(chromiumFailure('net::ERR_INTERNET_DISCONNECTED').kind).toBe('offline');
    expect(chromiumFailure('net::ERR_TIMED_OUT').kind).toBe('timeout');
    expect(chromiumFailure('Attempted to redirect').kind).toBe('other');
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(nodeFailure(refused).kind).toBe('connection');
    expect(nodeFailure(refused, 'p:1')).toMatchObject({ kind: 'proxyUnreachable', facts: { proxy: 'p:1' } });
    const tunnel = Object.assign(new TypeError('fetch failed'), { cause: new Error('Proxy response (502) !== 200 when HTTP Tunneling') });
    expect(nodeFailure(tunnel, 'p:1')).toMatchObject({ kind: 'proxyRefused', facts: { status: 502 } });
    const cert = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('self-signed'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }) });
    expect(nodeFailure(cert).kind).toBe('certificate');
  });

  it('has a Chinese and an English sentence for each, naming the proxy and never a credential', () => {
    for (const kind of ['dns', 'connection', 'offline', 'certificate', 'proxyUnreachable', 'proxyAuth', 'proxyAuthPending', 'proxyRefused', 'proxyConfig', 'other'] as const) {
      const text = failureText(new NetworkFailure(kind, { proxy: 'proxy.corp:8080', status: 403 }), words);
      expect(text.zh, kind).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en, kind).toMatch(/^[\x20-\x7e→]+$/);
      if (kind.startsWith('proxy') && kind !== 'proxyConfig') expect(text.en, kind).toContain('proxy.corp:8080');
    }
    expect(failureText(new NetworkFailure('proxyAuth'), words).retryable).toBe(false);
    expect(failureText(new NetworkFailure('certificate'), words).retryable).toBe(false);
    expect(failureText(new NetworkFailure('dns'), words).retryable).toBe(true);
  });
});

describe('the desktop network glue', () => {
  function fakeSession(answer: string) {
    const calls: string[] = [];
    const session = {
      resolveProxy: async (url: string) => {
        calls.push(`resolve ${url}`);
        return answer;
      },
      setProxy: async (config: object) => void calls.push(`setProxy ${JSON.stringify(config)}`),
      closeAllConnections: async () => void calls.push('closeAllConnections'),
    };
    return { calls, session: session as unknown as Electron.Session };
  }
  const auth = () => new ProxyAuth({ secrets: new MemorySecretStore(), ask: () => {}, settled: () => {} });

  it('hands the setting to the session, drops pooled connections, and reads its routes', async () => {
    const { calls, session } = fakeSession('PROXY proxy.corp:8080; DIRECT');
    const opened: object[] = [];
    const network = createDesktopNetwork(session, { request: ((options: object) => (opened.push(options), new FakeRequest(options as ChromiumRequestOptions))) as never }, auth());
    await network.apply({ mode: 'manual', server: { host: 'proxy.corp', port: 8080 }, bypass: [] });
    expect(calls).toEqual(['setProxy {"mode":"fixed_servers","proxyRules":"proxy.corp:8080"}', 'closeAllConnections']);
    expect(await network.route('https://wpapi.7moor.com')).toEqual({ steps: [{ type: 'proxy', scheme: 'PROXY', server: 'proxy.corp:8080' }, { type: 'direct' }], source: 'manual' });
    void network.fetch('https://wpapi.7moor.com/x');
    expect(opened).toEqual([{ method: 'GET', url: 'https://wpapi.7moor.com/x', redirect: 'follow', session, useSessionCookies: false }]);
  });

  it('answers app login events for proxies only, and offers nothing refused twice', async () => {
    const proxyAuth = auth();
    await proxyAuth.save('proxy.corp:8080', { username: 'zhang', password: 'pw' });
    const app = new EventEmitter();
    answerProxyLogins(app as unknown as Electron.App, proxyAuth);
    const login = (isProxy: boolean, firstAuthAttempt: boolean) =>
      new Promise<unknown[]>((resolve) => {
        const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
        app.emit('login', event, null, { firstAuthAttempt }, { isProxy, scheme: 'basic', host: 'proxy.corp', port: 8080, realm: '' }, (...args: unknown[]) => resolve([event.defaultPrevented, ...args]));
        if (!isProxy) resolve([event.defaultPrevented]);
      });
    expect(await login(false, true)).toEqual([false]);
    expect(await login(true, true)).toEqual([true, 'zhang', 'pw']);
    // Asked again: what was sent was refused, and with nothing else to give the agent is asked.
    const again = login(true, false);
    await tick();
    expect(await proxyAuth.current('proxy.corp:8080')).toBeUndefined();
    void again;
  });
});

// A fetch over Electron's net.request, for the vendor clients in the desktop app. Not net.fetch:
// net.fetch gives no way to answer a proxy's sign-in — its requests cancel every login, and a
// request from the main process never reaches app.on('login') — so a company proxy that wants a
// password would fail every call. A ClientRequest emits 'login'; this answers it from ProxyAuth.
//
// Only what the HTTP client and the media probe use: method, headers, a string body, the abort
// signal, redirect 'follow' | 'error' | 'manual'. Chromium's errors become NetworkFailures.
import { Readable } from 'node:stream';
import { chromiumFailure, NetworkFailure } from './failure';
import type { ProxyAuth } from './proxy-auth';
import type { ProxyCredentials } from './proxy-rules';

/**
 * The part of Electron's ClientRequest used here ('response', 'error' and 'login' events), typed
 * loosely because this layer may not import Electron's types; the listeners below name the
 * arguments as electron.d.ts gives them.
 */
export interface ChromiumRequest {
  setHeader(name: string, value: string): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
  write(chunk: string): unknown;
  end(): unknown;
  abort(): void;
}

type LoginListener = (authInfo: ChromiumAuthInfo, callback: (username?: string, password?: string) => void) => void;

/** Electron's IncomingMessage: a Node Readable with the status and headers. */
export interface ChromiumResponse extends Readable {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string | string[]>;
}

export interface ChromiumAuthInfo {
  isProxy: boolean;
  scheme: string;
  host: string;
  port: number;
  realm: string;
}

export interface ChromiumRequestOptions {
  method: string;
  url: string;
  redirect: 'follow' | 'error' | 'manual';
}

const NULL_BODY = new Set([101, 204, 205, 304]);

export function chromiumProxyName(info: Pick<ChromiumAuthInfo, 'host' | 'port'>): string {
  return `${info.host.includes(':') ? `[${info.host}]` : info.host}:${info.port}`;
}

export function createRequestFetch(open: (options: ChromiumRequestOptions) => ChromiumRequest, auth: ProxyAuth): typeof fetch {
  const requestFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const url = input instanceof Request ? input.url : String(input);
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const method = (init.method ?? 'GET').toUpperCase();
      const request = open({ method, url, redirect: init.redirect ?? 'follow' });
      let settled = false;
      /** The proxy that asked for a sign-in on this request, and what it was given. */
      let proxy: string | undefined;
      let offered: ProxyCredentials | undefined;
      let waitingForSignIn = false;
      let signInDeclined = false;

      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      // Also after the headers: an abort while the body streams ends the body with an error.
      const onAbort = () => {
        request.abort();
        fail(waitingForSignIn ? new NetworkFailure('proxyAuthPending', proxy ? { proxy } : {}) : signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      const onLogin: LoginListener = (info, callback) => {
        // A server's own 401 sign-in is the vendor client's business: cancelling hands it the 401.
        if (!info.isProxy) return callback();
        proxy = chromiumProxyName(info);
        waitingForSignIn = true;
        const refused = offered;
        auth.challenge({ proxy, scheme: info.scheme, realm: info.realm, ...(refused ? { refused } : {}) }, signal).then(
          (credentials) => {
            waitingForSignIn = false;
            if (!credentials) {
              signInDeclined = true;
              return callback();
            }
            offered = credentials;
            callback(credentials.username, credentials.password);
          },
          (error: unknown) => {
            waitingForSignIn = false;
            callback();
            fail(error);
          },
        );
      };
      request.on('login', onLogin);
      request.on('error', (error: Error) => {
        const failure = chromiumFailure(error.message, proxy ? { proxy } : {});
        fail(signInDeclined && failure.kind !== 'timeout' ? new NetworkFailure('proxyAuth', { ...failure.facts }) : failure);
      });
      request.on('response', (response: ChromiumResponse) => {
        if (settled) return response.resume();
        // Chromium hands over the proxy's 407 when no sign-in was given for a plain-http URL.
        if (response.statusCode === 407) {
          response.resume();
          return fail(new NetworkFailure('proxyAuth', { ...(proxy ? { proxy } : {}), status: 407, code: 'HTTP 407' }));
        }
        settled = true;
        const done = () => signal?.removeEventListener('abort', onAbort);
        response.once('end', done).once('error', done).once('close', done);
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        const body = NULL_BODY.has(response.statusCode) || method === 'HEAD' ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
        resolve(new Response(body, { status: response.statusCode, statusText: response.statusMessage, headers }));
      });

      for (const [name, value] of new Headers(init.headers)) request.setHeader(name, value);
      if (init.body !== undefined && init.body !== null) {
        if (typeof init.body !== 'string') return fail(new TypeError('only string bodies are sent through net.request'));
        request.write(init.body);
      }
      request.end();
    });
  return requestFetch as typeof fetch;
}

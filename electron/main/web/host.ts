// The web host: the same router and event bus as the Electron app, carried over a WebSocket on
// 127.0.0.1 only. Each launch makes a random token that travels in the printed URL's fragment
// (never in a request line, so it stays out of any proxy or access log) and then in the socket's
// query; a socket without it, or from another Origin/Host than the page we served, is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Contract, Result } from '@shared/ipc/define';
import type { Logger } from '../log/logger';
import { silentLogger } from '../log/logger';
import type { EventBus } from '../ipc/event-bus';
import { internalError, type Router } from '../ipc/router';
import { contentSecurityPolicy } from './csp';
import { serveStatic } from './static-files';
import { MAX_FRAME_BYTES, WS_PATH } from '@shared/ipc/ws-frames';
import { frameError, parseClientFrame, type ServerFrame } from './frames';
import { watchProtocolErrors } from './socket-errors';

export interface WebHostOptions {
  router: Router;
  bus: EventBus<Contract>;
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  logger?: Logger;
  /** Fixed token for tests; otherwise random per launch. */
  token?: string;
  /** Observes every frame sent and received (the leak test records them). */
  onFrame?: (direction: 'in' | 'out', text: string) => void;
  /** Answers requests before the static files (the demo's test hooks); true when it did. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, token: string) => boolean;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
export const IPC_PATH = WS_PATH;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = (options.logger ?? silentLogger).child('web');
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const server: Server = createServer((req, res) => {
    if (!hostAllowed(req, port)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (options.extraRoutes?.(req, res, token)) return;
    const headers = {
      'content-security-policy': contentSecurityPolicy([`ws://${LOOPBACK}:${port}`]),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'x-frame-options': 'DENY',
    };
    void serveStatic(options.staticDir, req, res, headers);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sockets = new Set<WebSocket>();
  wss.on('error', (error) => log.warn('socket server error', { error: error.message }));
  // A client that hangs up mid-request must not become an unhandled 'error' on the server.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    log.debug('bad HTTP request', { code: error.code });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  server.on('upgrade', (req, socket, head) => {
    // Until ws owns the socket, a reset during the handshake would otherwise go unhandled.
    const onHandshakeError = (error: Error) => log.debug('socket failed during the handshake', { error: error.message });
    socket.on('error', onHandshakeError);
    const refusal = refuseUpgrade(req, port, token);
    if (refusal) {
      log.warn('refused a socket', { reason: refusal });
      socket.end(`HTTP/1.1 ${refusal === 'path' ? '404 Not Found' : '403 Forbidden'}\r\nconnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onHandshakeError);
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      watchProtocolErrors(
        ws,
        (problem) => log.warn('closed a socket that broke the protocol', { ...problem }),
        (code) => log.debug('a socket failed', { code }),
      );
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          send(ws, { t: 'result', id: null, result: { ok: false, error: frameError('binary') } });
          return;
        }
        const text = data.toString();
        options.onFrame?.('in', text);
        void handleFrame(ws, text);
      });
    });
  });

  const send = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState !== ws.OPEN) return;
    const text = JSON.stringify(frame);
    options.onFrame?.('out', text);
    ws.send(text, (error) => {
      if (error) log.debug('a frame was not delivered', { error: error.message });
    });
  };

  const handleFrame = async (ws: WebSocket, text: string) => {
    const parsed = parseClientFrame(text);
    if (!parsed.ok) {
      log.debug('answered a malformed frame', { problem: parsed.error.details?.['frame'] });
      send(ws, { t: 'result', id: parsed.id, result: { ok: false, error: parsed.error } });
      return;
    }
    const { id, method, input } = parsed.frame;
    let result: Result<unknown>;
    try {
      result = await options.router.invoke(method, input, { transport: 'websocket' });
    } catch (error) {
      // The router answers every call itself, so this is a bug here; the caller still gets an answer.
      log.error('a call could not be answered', { error: error instanceof Error ? error.message : String(error) });
      result = { ok: false, error: internalError() };
    }
    send(ws, { t: 'result', id, result });
  };

  const unsubscribe = options.bus.onAny((name, payload) => {
    for (const ws of sockets) send(ws, { t: 'event', name, payload });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.close(1001, 'host stopping');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function hostAllowed(req: IncomingMessage, port: number): boolean {
  // A DNS-rebinding page reaches us under its own host name; only our literal address is ours.
  return req.headers.host === `${LOOPBACK}:${port}`;
}

function refuseUpgrade(req: IncomingMessage, port: number, token: string): string | undefined {
  let url: URL;
  try {
    url = new URL(req.url ?? '', `http://${LOOPBACK}:${port}`);
  } catch {
    return 'path';
  }
  if (url.pathname !== IPC_PATH) return 'path';
  if (!hostAllowed(req, port)) return 'host';
  if (req.headers.origin !== `http://${LOOPBACK}:${port}`) return 'origin';
  if (!sameSecret(url.searchParams.get('token') ?? '', token)) return 'token';
  return undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

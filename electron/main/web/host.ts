// The web host: the same router and event bus as the Electron app, carried over a WebSocket on
// 127.0.0.1 only. Each launch makes a random token that travels in the printed URL's fragment
// (never in a request line, so it stays out of any proxy or access log) and then in the socket's
// query; a socket without it, or from another Origin/Host than the page we served, is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Contract } from '@shared/ipc/define';
import type { Logger } from '../log/logger';
import { silentLogger } from '../log/logger';
import type { EventBus } from '../ipc/event-bus';
import type { Router } from '../ipc/router';
import { contentSecurityPolicy } from './csp';
import { serveStatic } from './static-files';
import { WS_PATH } from '@shared/ipc/ws-frames';
import { parseClientFrame, type ServerFrame } from './frames';

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
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

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

  server.on('upgrade', (req, socket, head) => {
    const refusal = refuseUpgrade(req, port, token);
    if (refusal) {
      log.warn('refused a socket', { reason: refusal });
      socket.end(`HTTP/1.1 ${refusal === 'path' ? '404 Not Found' : '403 Forbidden'}\r\nconnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
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
    ws.send(text);
  };

  const handleFrame = async (ws: WebSocket, text: string) => {
    const frame = parseClientFrame(text);
    if (!frame) {
      log.warn('dropped a malformed frame');
      return;
    }
    const result = await options.router.invoke(frame.method, frame.input, { transport: 'websocket' });
    send(ws, { t: 'result', id: frame.id, result });
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

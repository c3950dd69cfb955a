// The demo's front door to one simulator: a loopback port that stays the same across restarts
// (the demo accounts keep their base URL, and the media links in the cache keep working) in front
// of a simulator that listens wherever it was given a port. It serves the demo media itself and
// forwards everything else, optionally a little late so a first sync can be watched (and, in the
// crash test, interrupted).
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoMediaFor } from './media';

export interface Gateway {
  url: string;
  port: number;
  /** Where requests go; set once the simulator behind it listens. */
  setTarget(url: string): void;
  /**
   * Unreachable: the port stops listening and open connections are cut, as when the vendor or
   * the network is gone (connection refused); reachable again: the same port listens again.
   */
  setReachable(reachable: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** The port of an earlier run; taken again if free, else any free port. */
  port?: number;
  /** Paths served as demo media instead of being forwarded. */
  isMedia(path: string): boolean;
  latencyMs?: number;
}

const LOOPBACK = '127.0.0.1';

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  let target: URL | undefined;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if ((req.method === 'GET' || req.method === 'HEAD') && options.isMedia(path)) return serveMedia(path, req, res);
    const forward = () => (target ? proxy(target, req, res) : res.writeHead(503, { 'content-type': 'text/plain' }).end('demo simulator not ready'));
    if (options.latencyMs) setTimeout(forward, options.latencyMs);
    else forward();
  });
  const port = await listen(server, options.port);
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    setTarget: (url) => {
      target = new URL(url);
    },
    setReachable: async (reachable) => {
      if (!reachable) return stopListening();
      if (server.listening) return;
      const again = await listen(server, port);
      if (again !== port) {
        await stopListening();
        throw new Error(`demo gateway port ${port} was taken while it was unreachable`);
      }
    },
    close: stopListening,
  };
}

async function listen(server: ReturnType<typeof createServer>, preferred: number | undefined): Promise<number> {
  const attempt = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => {
        server.off('listening', onListening);
        reject(error);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, LOOPBACK);
    });
  if (preferred) {
    try {
      return await attempt(preferred);
    } catch {
      // Taken by something else since the last run: any free port will do.
    }
  }
  return attempt(0);
}

function serveMedia(path: string, req: IncomingMessage, res: ServerResponse): void {
  const media = demoMediaFor(decodeURIComponent(path));
  if (!media) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no demo media of this type');
    return;
  }
  res.writeHead(200, { 'content-type': media.contentType, 'content-length': String(media.body.length), 'cache-control': 'max-age=86400' });
  res.end(req.method === 'HEAD' ? undefined : media.body);
}

function proxy(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  // The simulator dropping a connection (a 'drop' fault) drops the agent's connection too.
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

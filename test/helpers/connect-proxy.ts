// A real HTTP CONNECT proxy on 127.0.0.1, written on node:net for the proxy tests: it reads the
// request head, checks `Proxy-Authorization: Basic` when it has a sign-in, and tunnels bytes to
// the target. It is also the only "DNS" that knows the vendors' test names: a host under
// `.vendor.invalid` (a name that never resolves) is reached at 127.0.0.1 on the same port, so a
// request that bypasses the proxy cannot reach the simulator at all.
import { createServer, connect, type Socket } from 'node:net';

export interface ProxyVisit {
  /** `host:port` the client asked to reach. */
  target: string;
  /** What the proxy did with it. */
  outcome: 'tunnelled' | 'authRequired' | 'authRefused' | 'unknownHost' | 'notConnect';
  /** The user name the client sent, if any (never the password). */
  user?: string;
}

export interface ConnectProxy {
  /** `127.0.0.1:<port>`, as a manual setting or HTTPS_PROXY would name it. */
  server: string;
  port: number;
  visits: ProxyVisit[];
  /** Visits since the last call. */
  take(): ProxyVisit[];
  close(): Promise<void>;
}

export const TEST_DOMAIN = 'vendor.invalid';

/** The address behind a test host name, as only this proxy knows it. */
function resolveTestHost(host: string): string | undefined {
  if (host === TEST_DOMAIN || host.endsWith(`.${TEST_DOMAIN}`)) return '127.0.0.1';
  return undefined;
}

export async function startConnectProxy(options: { credentials?: { username: string; password: string }; realm?: string } = {}): Promise<ConnectProxy> {
  const visits: ProxyVisit[] = [];
  let taken = 0;
  const sockets = new Set<Socket>();
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}` : undefined;
  const realm = options.realm ?? 'WorkPhone test proxy';

  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16_384) client.destroy();
        return;
      }
      client.off('data', onData);
      const rest = head.subarray(end + 4);
      const [requestLine = '', ...headerLines] = head.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const [method, target = ''] = requestLine.split(' ');
      if (method !== 'CONNECT') {
        visits.push({ target, outcome: 'notConnect' });
        return void client.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
      const sent = headers.get('proxy-authorization');
      const user = sent?.startsWith('Basic ') ? Buffer.from(sent.slice(6), 'base64').toString('utf8').split(':')[0] : undefined;
      if (expected && sent !== expected) {
        visits.push({ target, outcome: sent ? 'authRefused' : 'authRequired', ...(user ? { user } : {}) });
        return void client.end(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="${realm}"\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      }
      const colon = target.lastIndexOf(':');
      const host = target.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
      const port = Number(target.slice(colon + 1));
      const address = resolveTestHost(host);
      if (!address || !port) {
        visits.push({ target, outcome: 'unknownHost', ...(user ? { user } : {}) });
        return void client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
      visits.push({ target, outcome: 'tunnelled', ...(user ? { user } : {}) });
      const upstream = connect(port, address, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (rest.length) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    server: `127.0.0.1:${port}`,
    port,
    visits,
    take() {
      const fresh = visits.slice(taken);
      taken = visits.length;
      return fresh;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

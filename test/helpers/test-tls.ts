// HTTPS in front of the HTTP vendor simulators, as a company network with HTTPS inspection looks
// to the app: a private root certificate (made fresh with openssl for each run) signs the
// certificate of `*.vendor.invalid`, and only a client told to trust that root gets through.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { TEST_DOMAIN } from './connect-proxy';

export interface TestCertificates {
  /** The root a client must trust (PEM); also written to `caFile` for NODE_EXTRA_CA_CERTS. */
  ca: string;
  caFile: string;
  key: string;
  cert: string;
  dispose(): void;
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'wp-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2', '-subj', '/CN=WorkPhone Desk test root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', `/CN=*.${TEST_DOMAIN}`);
  writeFileSync(at('server.ext'), `subjectAltName=DNS:*.${TEST_DOMAIN},DNS:${TEST_DOMAIN}\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('server.pem'), '-days', '2', '-extfile', at('server.ext'));
  return {
    ca: readFileSync(at('ca.pem'), 'utf8'),
    caFile: at('ca.pem'),
    key: readFileSync(at('server.key'), 'utf8'),
    cert: readFileSync(at('server.pem'), 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsFront {
  port: number;
  /** The simulator's base URL under its test name, e.g. https://youmi.vendor.invalid:41234. */
  urlFor(name: string): string;
  close(): Promise<void>;
}

/** Terminates TLS on 127.0.0.1 and passes the plain bytes to the simulator at `targetUrl`. */
export async function startTlsFront(targetUrl: string, certificates: TestCertificates): Promise<TlsFront> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const server = createServer({ key: certificates.key, cert: certificates.cert }, (secure) => {
    const plain = connect(Number(target.port), target.hostname);
    sockets.add(secure);
    sockets.add(plain);
    secure.pipe(plain).pipe(secure);
    const drop = () => {
      secure.destroy();
      plain.destroy();
      sockets.delete(secure);
      sockets.delete(plain);
    };
    secure.on('error', drop).on('close', drop);
    plain.on('error', drop).on('close', drop);
  });
  // A client that does not trust the root ends the handshake; that is the point, not a failure here.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    urlFor: (name) => `https://${name}.${TEST_DOMAIN}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

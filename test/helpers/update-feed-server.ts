// A company update server for tests: a real HTTP server on 127.0.0.1 that serves latest.yml (or
// whatever a test puts at a path), answers 404 for anything else, and records each request.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedServerRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export type FeedAnswer = { status: number; body: string } | 'hang';

export interface UpdateFeedServer {
  /** The feed address, e.g. http://127.0.0.1:41234/workphone/ */
  url: string;
  requests: FeedServerRequest[];
  /** Serves `body` (200) or an answer at a path under /workphone/. */
  put(file: string, answer: string | { status: number; body: string }): void;
  /** Accepts requests for `file` and never answers them. */
  hang(file: string): void;
  remove(file: string): void;
  close(): Promise<void>;
}

/** An update file as electron-builder writes it for one installer. */
export function latestYml(version: string, extra: string[] = []): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: WorkPhone-Desk-${version}-linux-x86_64.AppImage`,
    '    sha512: 0Fq3o4dFZ0ZbwqPHZGJ5M2h7i0h3iZB6c0zX7cJkq9b2dWb1lS0g8O6mQ2r3e7vYpQx4M1rWz9N8c6t5k3j2Q==',
    '    size: 104857600',
    `path: WorkPhone-Desk-${version}-linux-x86_64.AppImage`,
    'sha512: 0Fq3o4dFZ0ZbwqPHZGJ5M2h7i0h3iZB6c0zX7cJkq9b2dWb1lS0g8O6mQ2r3e7vYpQx4M1rWz9N8c6t5k3j2Q==',
    "releaseDate: '2026-12-01T08:00:00.000Z'",
    ...extra,
  ].join('\n');
}

export async function startUpdateFeedServer(): Promise<UpdateFeedServer> {
  const files = new Map<string, FeedAnswer>();
  const requests: FeedServerRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ path, headers: req.headers });
    const answer = files.get(path);
    if (answer === 'hang') {
      hanging.add(res);
      return;
    }
    if (!answer) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(answer.status, { 'content-type': 'text/yaml; charset=utf-8' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/workphone/`,
    requests,
    put(file, answer) {
      files.set(`/workphone/${file}`, typeof answer === 'string' ? { status: 200, body: answer } : answer);
    },
    hang(file) {
      files.set(`/workphone/${file}`, 'hang');
    },
    remove(file) {
      files.delete(`/workphone/${file}`);
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

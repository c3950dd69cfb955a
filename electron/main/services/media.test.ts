// The message menu's "copy image" and "save as" against a real HTTP server on 127.0.0.1: the
// picture's bytes come back checked by their first bytes, files stream to the chosen path (or,
// in the web host, through a one-time same-origin download), and each failure is a typed error
// that leaves nothing behind.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '@shared/errors';
import { COPY_IMAGE_MAX_BYTES } from '@shared/ipc/media';
import { silentLogger } from '../log/logger';
import { imageType, MediaService, safeFileName } from './media';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300_000, 0x41)]);

let server: Server;
let base = '';
let dir = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/pic.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    else if (path === '/quote.pdf') res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(PDF.length) }).end(PDF);
    else if (path === '/page.html') res.writeHead(200, { 'content-type': 'image/png' }).end('<html>not a picture</html>');
    else if (path === '/big.png') res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(COPY_IMAGE_MAX_BYTES + 1) }).end();
    else if (path === '/lying.png') {
      // No Content-Length: the limit holds on what actually arrives.
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(PNG);
      res.end(Buffer.alloc(COPY_IMAGE_MAX_BYTES, 1));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error)).toBe(true);
  return error as AppError;
}

describe('copy image', () => {
  const media = new MediaService({ fetch, logger: silentLogger });

  it('returns the picture with the type its first bytes say', async () => {
    const { contentType, data } = await media.fetchImage(`${base}/pic.png`);
    expect(contentType).toBe('image/png');
    expect(data.equals(PNG)).toBe(true);
  });

  it('refuses what is not a picture, whatever the server claims', async () => {
    const error = await failure(media.fetchImage(`${base}/page.html`));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.details?.['reason']).toBe('notImage');
    expect(error.messageZh).toMatch(/不是图片/);
  });

  it('refuses a picture above the limit, by its declared length and by what arrives', async () => {
    for (const path of ['/big.png', '/lying.png']) {
      const error = await failure(media.fetchImage(`${base}${path}`));
      expect(error.details?.['reason']).toBe('tooLarge');
    }
  });

  it('tells a missing file and an unreachable server apart', async () => {
    expect((await failure(media.fetchImage(`${base}/gone.png`))).code).toBe('NOT_FOUND');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const error = await failure(media.fetchImage(`http://127.0.0.1:${port}/x.png`));
    expect(error.code).toBe('NETWORK');
    expect(error.details?.['reason']).toBe('connection');
  });

  it('opens only http(s) addresses', async () => {
    expect((await failure(media.fetchImage('file:///etc/passwd'))).code).toBe('VALIDATION');
  });
});

describe('save as in the desktop app', () => {
  it('streams the file to the path the agent chose, under a safe suggested name', async () => {
    dir = mkdtempSync(join(tmpdir(), 'media-'));
    const suggested: string[] = [];
    const media = new MediaService({
      fetch,
      logger: silentLogger,
      chooseSavePath: async (name) => {
        suggested.push(name);
        return join(dir, name);
      },
    });
    const result = await media.saveAs(`${base}/quote.pdf`, '../报价单:2026?.pdf');
    expect(suggested).toEqual(['.._报价单_2026_.pdf'.replace(/^\.+/, '')]);
    expect(result).toEqual({ outcome: 'saved', path: join(dir, suggested[0]!) });
    expect(readFileSync(join(dir, suggested[0]!)).equals(PDF)).toBe(true);
    expect(readdirSync(dir)).toEqual([suggested[0]]);
  });

  it('writes nothing when the agent closes the dialog, and no half file when the download fails', async () => {
    dir = mkdtempSync(join(tmpdir(), 'media-'));
    const canceled = new MediaService({ fetch, logger: silentLogger, chooseSavePath: async () => undefined });
    expect(await canceled.saveAs(`${base}/quote.pdf`, 'quote.pdf')).toEqual({ outcome: 'canceled' });
    const media = new MediaService({ fetch, logger: silentLogger, chooseSavePath: async (name) => join(dir, 'missing-folder', name) });
    const error = await failure(media.saveAs(`${base}/quote.pdf`, 'quote.pdf'));
    expect(error.code).toBe('STORAGE');
    expect(existsSync(join(dir, 'missing-folder'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('save as in the web host', () => {
  it('hands the page a one-time download that streams the file as an attachment', async () => {
    const media = new MediaService({ fetch, logger: silentLogger });
    const host = createServer((req, res) => {
      if (!media.serve(req, res)) res.writeHead(418).end();
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', () => r()));
    const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    try {
      const result = await media.saveAs(`${base}/quote.pdf`, '报价单.pdf');
      expect(result.outcome).toBe('download');
      const href = result.outcome === 'download' ? result.href : '';
      expect(href).toMatch(/^\/media\/[A-Za-z0-9_-]{24}$/);
      const first = await get(`${origin}${href}`);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('application/octet-stream');
      expect(first.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('报价单.pdf')}`);
      expect(first.body.equals(PDF)).toBe(true);
      // Once only.
      expect((await get(`${origin}${href}`)).status).toBe(404);
      expect((await get(`${origin}/media/not-a-token`)).status).toBe(404);
      expect((await get(`${origin}/other`)).status).toBe(418);
    } finally {
      media.close();
      await new Promise<void>((r) => host.close(() => r()));
    }
  });
});

describe('names and types', () => {
  it('keeps file names to one safe segment', () => {
    expect(safeFileName('a/b\\c.txt')).toBe('a_b_c.txt');
    expect(safeFileName('...')).toBe('download');
    expect(safeFileName('con.txt')).toBe('_con.txt');
    expect(safeFileName('报价\u202e单.pdf')).toBe('报价_单.pdf');
    expect(safeFileName('x'.repeat(300)).length).toBe(120);
  });

  it('reads the picture type from the first bytes', () => {
    expect(imageType(PNG)).toBe('image/png');
    expect(imageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageType(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(imageType(Buffer.from('<svg'))).toBeUndefined();
  });
});

function get(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

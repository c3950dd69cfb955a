// A message's picture or file, fetched by main for the message menu: "copy image" reads the
// picture's bytes (the page may draw another origin's image but not read it), "save as" streams
// the file to where the agent chose (desktop) or hands the page a one-time same-origin download
// (web host). Vendor URLs are untrusted: only http(s), bounded sizes, and the transfer goes the
// way the proxy setting says (the host's fetch).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { appError, AppError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import { COPY_IMAGE_MAX_BYTES, type SaveMediaResult } from '@shared/ipc/media';
import type { Handlers } from '../ipc/router';
import type { Logger } from '../log/logger';
import { redactUrl } from '../log/redact';
import { failureText, nodeFailure } from '../network/failure';
import { safeExternalUrl } from '../app/external-url';

/** The largest file "save as" writes: a video message is at most 30 MB at the vendors; room above. */
export const SAVE_MAX_BYTES = 512 * 1024 * 1024;
/** How long the web host keeps a prepared download for the page to fetch. */
export const DOWNLOAD_TTL_MS = 60_000;
const HEADERS_TIMEOUT_MS = 30_000;
const DOWNLOAD_PREFIX = '/media/';

/** The desktop's save dialog: the path the agent chose, or undefined when they closed it. */
export type ChooseSavePath = (suggestedName: string) => Promise<string | undefined>;

export interface MediaDeps {
  fetch: typeof fetch;
  logger: Logger;
  /** The desktop app's dialog; absent in the web host, which prepares a download for the page. */
  chooseSavePath?: ChooseSavePath;
}

interface PreparedDownload {
  response: Response;
  name: string;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A name safe as a file name on every OS and in a header: no folders, no control or reserved
 * characters, no leading dots, bounded; the vendor's name is only a suggestion.
 */
export function safeFileName(name: string, fallback = 'download'): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 120);
  if (cleaned === '' || /^_+$/.test(cleaned)) return fallback;
  // Windows refuses these names whatever the extension.
  return /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(cleaned) ? `_${cleaned}` : cleaned;
}

function tooLarge(limit: number): AppError {
  const mb = Math.round(limit / (1024 * 1024));
  return appError('VALIDATION', `文件超过 ${mb} MB，无法在这里处理；请在浏览器中打开它`, `The file is larger than ${mb} MB and cannot be handled here; open it in the browser`, {
    reason: 'tooLarge',
    limitBytes: limit,
  });
}

/** Content-Length when it is a plain number; a claim only, so byteLimit still counts the bytes. */
function declaredLength(response: Response): number | undefined {
  const value = response.headers.get('content-length')?.trim();
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Counts what passes and stops the stream past the limit (a server may lie about Content-Length). */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(tooLarge(limit));
      else done(null, chunk);
    },
  });
}

export class MediaService {
  private readonly prepared = new Map<string, PreparedDownload>();

  constructor(private readonly deps: MediaDeps) {}

  /** The picture's bytes for the clipboard; refuses what is not a picture or is too big. */
  async fetchImage(url: string): Promise<{ contentType: string; data: Buffer }> {
    const response = await this.open(url, COPY_IMAGE_MAX_BYTES);
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const chunks: Buffer[] = [];
    const source = this.bodyOf(response);
    // pipe() does not stop the source when the limit trips: the connection is let go here.
    const limited = source.pipe(byteLimit(COPY_IMAGE_MAX_BYTES)).once('error', () => source.destroy());
    for await (const chunk of limited) chunks.push(chunk as Buffer);
    const data = Buffer.concat(chunks);
    const sniffed = imageType(data);
    if (!sniffed) {
      throw appError('UNSUPPORTED', '这个地址返回的不是图片，无法复制为图片', 'What this address returned is not a picture, so it cannot be copied as one', {
        reason: 'notImage',
        contentType: contentType.slice(0, 80),
      });
    }
    return { contentType: sniffed, data };
  }

  async saveAs(url: string, name: string): Promise<SaveMediaResult> {
    const response = await this.open(url, SAVE_MAX_BYTES);
    const fileName = safeFileName(name);
    if (!this.deps.chooseSavePath) return { outcome: 'download', href: this.prepare(response, fileName) };

    const path = await this.deps.chooseSavePath(fileName);
    if (!path) {
      await response.body?.cancel();
      return { outcome: 'canceled' };
    }
    // Written beside the target and renamed at the end: a failed download leaves no half file
    // under the name the agent chose.
    const part = `${path}.part`;
    try {
      await pipeline(this.bodyOf(response), byteLimit(SAVE_MAX_BYTES), createWriteStream(part));
      await rename(part, path);
    } catch (error) {
      await rm(part, { force: true });
      if (error instanceof AppError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code && /^E[A-Z]+$/.test(code) && !code.startsWith('ECONN')) {
        throw appError('STORAGE', '文件无法保存到这个位置，请换一个文件夹再试', 'The file could not be saved there; try another folder', { reason: code });
      }
      throw this.transferFailed(url, error);
    }
    this.deps.logger.info('media saved', { url: redactUrl(url) });
    return { outcome: 'saved', path };
  }

  /**
   * The web host's GET /media/<token>: streams a prepared download once, as an attachment. True
   * when the request was for this route (answered either way).
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(DOWNLOAD_PREFIX)) return false;
    const token = path.slice(DOWNLOAD_PREFIX.length);
    const download = req.method === 'GET' ? this.prepared.get(token) : undefined;
    if (!download) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('这个下载已过期 / This download has expired');
      return true;
    }
    this.prepared.delete(token);
    clearTimeout(download.timer);
    const { response, name } = download;
    const length = declaredLength(response);
    res.writeHead(200, {
      // Never rendered by the browser: the bytes are the vendor's, the origin is ours.
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      ...(length !== undefined ? { 'content-length': String(length) } : {}),
    });
    void pipeline(this.bodyOf(response), byteLimit(SAVE_MAX_BYTES), res).catch((error: unknown) => {
      this.deps.logger.warn('a download broke off', { reason: error instanceof Error ? error.message : String(error) });
      res.destroy();
    });
    return true;
  }

  close(): void {
    for (const download of this.prepared.values()) {
      clearTimeout(download.timer);
      void download.response.body?.cancel().catch(() => undefined);
    }
    this.prepared.clear();
  }

  private prepare(response: Response, name: string): string {
    const token = randomBytes(18).toString('base64url');
    // A prepared download the page never fetched lets go of its connection.
    const timer = setTimeout(() => {
      this.prepared.delete(token);
      void response.body?.cancel().catch(() => undefined);
    }, DOWNLOAD_TTL_MS);
    timer.unref?.();
    this.prepared.set(token, { response, name, timer });
    return `${DOWNLOAD_PREFIX}${token}`;
  }

  private bodyOf(response: Response): Readable {
    return response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  }

  /** The answer's headers, refused at once when the server already says the body is above `limit`. */
  private async open(url: string, limit: number): Promise<Response> {
    const safe = safeExternalUrl(url);
    if (!safe) throw appError('VALIDATION', '只能打开 http(s) 地址', 'Only http(s) addresses can be opened', { field: 'url' });
    let response: Response;
    try {
      response = await this.deps.fetch(safe, { redirect: 'follow', signal: AbortSignal.timeout(HEADERS_TIMEOUT_MS) });
    } catch (error) {
      throw this.transferFailed(safe, error);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const gone = response.status === 404 || response.status === 410;
      throw appError(
        gone ? 'NOT_FOUND' : 'NETWORK',
        gone ? '文件已不在服务器上（可能已过期）' : `文件服务器拒绝了请求（HTTP ${response.status}）`,
        gone ? 'The file is no longer on the server (it may have expired)' : `The file server refused the request (HTTP ${response.status})`,
        { status: response.status },
      );
    }
    const declared = declaredLength(response);
    if (declared !== undefined && declared > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    return response;
  }

  private transferFailed(url: string, error: unknown): AppError {
    const failure = nodeFailure(error);
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      host = '';
    }
    const words = failureText(failure, { vendorEn: 'the file server', vendorZh: '文件服务器', endpoint: host });
    this.deps.logger.warn('media transfer failed', { url: redactUrl(url), kind: failure.kind });
    return appError(failure.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK', words.zh, words.en, { reason: failure.kind }, words.retryable);
  }
}

/** The picture type from its first bytes: the server's Content-Type is only a claim. */
export function imageType(data: Uint8Array): string | undefined {
  const at = (offset: number, ...bytes: number[]) => bytes.every((b, i) => data[offset + i] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(0, 0x42, 0x4d)) return 'image/bmp';
  return undefined;
}

export function createMediaHandlers(media: MediaService): Pick<Handlers<AppContract>, 'media.fetchImage' | 'media.saveAs'> {
  return {
    'media.fetchImage': async ({ url }) => {
      const { contentType, data } = await media.fetchImage(url);
      return { contentType, data: data.toString('base64'), bytes: data.length };
    },
    'media.saveAs': ({ url, name }) => media.saveAs(url, name),
  };
}

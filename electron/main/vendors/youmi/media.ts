// The size of a file behind a URL, learnt before Youmi is asked to send it: the phone assistant
// downloads it and gives up on large files, and the agent should hear that now, not never.
// HEAD first; servers that refuse HEAD get a one-byte ranged GET whose Content-Range names the size.
import type { Logger } from '../../log/logger';
import { silentLogger } from '../../log/logger';
import { redactUrl } from '../../log/redact';
import { invalid } from './errors';

export interface MediaSize {
  sizeBytes?: number;
  /** Why the size is unknown, when it is; the send goes ahead and the note is logged. */
  note?: string;
}

export interface MediaProbeOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: Logger;
}

export async function probeMediaSize(url: string, options: MediaProbeOptions = {}): Promise<MediaSize> {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const attempt = async (init: RequestInit): Promise<Response | undefined> => {
    try {
      return await fetchImpl(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      return undefined;
    }
  };

  const head = await attempt({ method: 'HEAD' });
  await head?.body?.cancel();
  if (head?.status === 404 || head?.status === 410) return { note: `HTTP ${head.status}` };
  const fromHead = head?.ok ? contentLength(head) : undefined;
  if (fromHead !== undefined) return { sizeBytes: fromHead };

  const ranged = await attempt({ method: 'GET', headers: { range: 'bytes=0-0' } });
  if (!ranged) return { note: head ? `no size from HEAD (HTTP ${head.status}), ranged GET failed` : 'the link did not answer' };
  // Only the headers are wanted; a server that ignores Range would otherwise stream the whole file.
  await ranged.body?.cancel();
  if (ranged.status === 206) {
    const total = /\/(\d+)\s*$/.exec(ranged.headers.get('content-range') ?? '')?.[1];
    if (total) return { sizeBytes: Number(total) };
  }
  if (ranged.status === 200) {
    const length = contentLength(ranged);
    if (length !== undefined) return { sizeBytes: length };
  }
  if (ranged.status === 404 || ranged.status === 410) return { note: `HTTP ${ranged.status}` };
  return { note: `the server does not say the size (HTTP ${ranged.status})` };
}

/** Throws VALIDATION when the file is over `limitBytes` or missing; unknown size passes, noted in the log. */
export async function checkMediaSize(url: string, limitBytes: number, kind: { zh: string; en: string }, options: MediaProbeOptions = {}): Promise<MediaSize> {
  const size = await probeMediaSize(url, options);
  if (size.note === 'HTTP 404' || size.note === 'HTTP 410') {
    throw invalid('content', `${kind.zh}链接打不开（${size.note}），请检查链接`, `The ${kind.en} link does not open (${size.note}); check the link`);
  }
  if (size.sizeBytes !== undefined && size.sizeBytes > limitBytes) {
    throw invalid(
      'content',
      `${kind.zh}太大了（${mb(size.sizeBytes)}），友米聚合最多支持 ${mb(limitBytes)}`,
      `The ${kind.en} is too large (${mb(size.sizeBytes)}); Youmi accepts at most ${mb(limitBytes)}`,
    );
  }
  if (size.sizeBytes === undefined) (options.logger ?? silentLogger).info('media size unknown, sending anyway', { url: redactUrl(url), note: size.note });
  return size;
}

function contentLength(response: Response): number | undefined {
  const value = response.headers.get('content-length');
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
}

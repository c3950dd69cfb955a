// Reading the company's update file: `latest.yml` (Windows), `latest-mac.yml`, `latest-linux.yml`
// or a channel's `<channel>….yml`, as electron-builder writes them next to the installers. The
// file name, the URL built from the feed address and the YAML parser are electron-updater's own
// (js-yaml), so what we decide about a file is what electron-updater will download.
import { load as loadYaml } from 'js-yaml';
import { z } from 'zod';
import { UpdateCheckFailure } from './problems';

/** The update file for this platform and channel, as electron-updater's generic provider names it. */
export function feedFileName(platform: NodeJS.Platform, arch: string, channel: string): string {
  const suffix = platform === 'darwin' ? '-mac' : platform === 'win32' ? '' : `-linux${arch === 'x64' ? '' : `-${arch}`}`;
  return `${channel}${suffix}.yml`;
}

/** The address of the update file: relative to the feed address as a folder, its query kept. */
export function feedFileUrl(feedUrl: string, fileName: string): URL {
  const base = new URL(feedUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const url = new URL(fileName, base);
  url.search = base.search;
  return url;
}

const FeedFile = z.object({
  url: z.string().min(1),
  sha512: z.string().optional(),
  sha2: z.string().optional(),
  size: z.number().optional(),
});

const ReleaseNote = z.object({ version: z.string(), note: z.string().nullable().optional() });

/** What a latest.yml may hold. Unknown keys are kept out; types are checked, never trusted. */
export const UpdateFeedInfo = z.object({
  version: z.union([z.string(), z.number()]).transform(String),
  files: z.array(FeedFile).optional(),
  /** Older files name one installer at the top level. */
  path: z.string().optional(),
  sha512: z.string().optional(),
  releaseDate: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString() : d)).optional(),
  releaseName: z.string().nullable().optional(),
  releaseNotes: z.union([z.string(), z.array(ReleaseNote)]).nullable().optional(),
  /** 0–100; electron-updater reads it with parseInt, so "25" counts as well as 25. */
  stagingPercentage: z.union([z.number(), z.string()]).optional(),
  minimumSystemVersion: z.string().optional(),
});
export type UpdateFeedInfo = z.infer<typeof UpdateFeedInfo>;

/** Reads the text of an update file; throws an UpdateCheckFailure of kind invalidFeed. */
export function parseUpdateFeed(text: string): UpdateFeedInfo {
  let raw: unknown;
  try {
    raw = loadYaml(text);
  } catch {
    throw new UpdateCheckFailure('invalidFeed', 'yaml');
  }
  const parsed = UpdateFeedInfo.safeParse(raw);
  if (!parsed.success) throw new UpdateCheckFailure('invalidFeed', parsed.error.issues[0]?.path.join('.') || 'shape');
  return parsed.data;
}

export interface FeedRequest {
  feedUrl: string;
  channel: string;
  platform: NodeJS.Platform;
  arch: string;
  /** Electron's net.fetch in the app (system proxy, PAC, OS trust store); Node's fetch elsewhere. */
  fetch: typeof fetch;
  timeoutMs?: number;
  /** Sent as electron-updater sends it, so a server's staged rollout can see who asks. */
  stagingId?: string;
}

/** Update files are a few hundred bytes; anything far larger is not one. */
const MAX_FEED_BYTES = 256 * 1024;

/** Fetches and parses the update file; every failure is an UpdateCheckFailure with its kind. */
export async function fetchUpdateFeed(request: FeedRequest): Promise<UpdateFeedInfo> {
  const url = feedFileUrl(request.feedUrl, feedFileName(request.platform, request.arch, request.channel));
  let response: Response;
  try {
    response = await request.fetch(url, {
      headers: { accept: 'application/x-yaml, text/yaml, text/plain, */*', 'cache-control': 'no-cache', ...(request.stagingId ? { 'x-user-staging-id': request.stagingId } : {}) },
      redirect: 'follow',
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw UpdateCheckFailure.from(error);
  }
  if (response.status === 404) throw new UpdateCheckFailure('notFound', `HTTP 404`);
  if (!response.ok) throw new UpdateCheckFailure('server', `HTTP ${response.status}`);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw UpdateCheckFailure.from(error);
  }
  if (text.length > MAX_FEED_BYTES) throw new UpdateCheckFailure('invalidFeed', 'too large');
  return parseUpdateFeed(text);
}

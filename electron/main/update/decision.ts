// What an update file means for this computer: a newer version to download, nothing new, a newer
// version this computer does not get yet (staged rollout, an OS too old), or a file we refuse.
// The rules are electron-updater's (semver, parseInt of stagingPercentage against the staging id,
// minimumSystemVersion against os.release()), so both always agree; the glue hands these same
// functions to electron-updater as its isUserWithinRollout and isUpdateSupported.
import { gt, lt, parse, valid } from 'semver';
import type { UpdateRelease } from '@shared/ipc/update';
import type { UpdateFeedInfo } from './feed';

export type UpdateDecision =
  | { kind: 'download'; release: UpdateRelease }
  | { kind: 'upToDate'; latestVersion: string }
  | { kind: 'rollout'; latestVersion: string; percentage: number }
  | { kind: 'systemTooOld'; latestVersion: string; minimumSystemVersion: string }
  | { kind: 'refuse'; problem: 'invalidFeed' | 'noChecksum'; detail: string };

export interface DecisionContext {
  currentVersion: string;
  /** This computer's place in a staged rollout, 0 ≤ x < 1 (rolloutFraction of the staging id). */
  rolloutFraction: number;
  /** os.release(): what electron-updater compares minimumSystemVersion with. */
  osRelease: string;
}

/**
 * The staging id's place in a rollout, as electron-updater computes it: the last four bytes of
 * the UUID as an unsigned integer over 0xffffffff.
 */
export function rolloutFraction(stagingId: string): number {
  const last = stagingId.replace(/-/g, '').slice(-8);
  return Number.parseInt(last, 16) / 0xffffffff;
}

/** The rollout share of an update file, 0–100; undefined when the file has none (everyone). */
export function stagingPercentage(info: Pick<UpdateFeedInfo, 'stagingPercentage'>): number | undefined {
  if (info.stagingPercentage === undefined) return undefined;
  const n = Number.parseInt(String(info.stagingPercentage), 10);
  return Number.isNaN(n) ? undefined : n;
}

export function withinRollout(info: Pick<UpdateFeedInfo, 'stagingPercentage'>, fraction: number): boolean {
  const percentage = stagingPercentage(info);
  return percentage === undefined || fraction < percentage / 100;
}

export function systemSupports(info: Pick<UpdateFeedInfo, 'minimumSystemVersion'>, osRelease: string): boolean {
  if (!info.minimumSystemVersion) return true;
  try {
    return !lt(osRelease, info.minimumSystemVersion);
  } catch {
    // electron-updater lets an update through when either version cannot be compared.
    return true;
  }
}

/** Every installer the file names must carry a sha512: electron-updater verifies downloads with it. */
function checksumProblem(info: UpdateFeedInfo): string | undefined {
  const files = info.files?.length ? info.files : info.path ? [{ url: info.path, sha512: info.sha512 }] : [];
  if (files.length === 0) return 'no files';
  const missing = files.find((f) => !f.sha512);
  return missing ? `no sha512 for ${missing.url}` : undefined;
}

export function decideUpdate(info: UpdateFeedInfo, context: DecisionContext): UpdateDecision {
  const latest = parse(info.version);
  if (!latest) return { kind: 'refuse', problem: 'invalidFeed', detail: 'version' };
  const current = valid(context.currentVersion);
  // Same version, or an older one (no downgrades): nothing to do, whatever else the file says.
  if (current && !gt(latest, current)) return { kind: 'upToDate', latestVersion: latest.version };
  if (!systemSupports(info, context.osRelease)) {
    return { kind: 'systemTooOld', latestVersion: latest.version, minimumSystemVersion: info.minimumSystemVersion! };
  }
  if (!withinRollout(info, context.rolloutFraction)) {
    return { kind: 'rollout', latestVersion: latest.version, percentage: stagingPercentage(info)! };
  }
  const checksum = checksumProblem(info);
  if (checksum) return { kind: 'refuse', problem: checksum === 'no files' ? 'invalidFeed' : 'noChecksum', detail: checksum };
  return { kind: 'download', release: releaseOf(info, latest.version) };
}

const MAX_NOTES = 4000;

/** Release notes as plain text: the renderer never renders markup from a server. */
export function releaseNotesText(notes: UpdateFeedInfo['releaseNotes']): string | undefined {
  if (!notes) return undefined;
  const text = typeof notes === 'string' ? notes : notes.map((n) => (n.note ? `${n.version}\n${n.note}` : n.version)).join('\n\n');
  const plain = text
    .replace(/<(br|\/p|\/li|\/h[1-6])\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    // Control, zero-width and direction characters do not belong in release notes.
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!plain) return undefined;
  return plain.length > MAX_NOTES ? `${plain.slice(0, MAX_NOTES - 1)}…` : plain;
}

function releaseOf(info: UpdateFeedInfo, version: string): UpdateRelease {
  const notes = releaseNotesText(info.releaseNotes);
  const name = info.releaseName ? releaseNotesText(info.releaseName)?.slice(0, 200) : undefined;
  return { version, ...(notes ? { notes } : {}), ...(name ? { name } : {}), ...(info.releaseDate ? { date: info.releaseDate.slice(0, 40) } : {}) };
}

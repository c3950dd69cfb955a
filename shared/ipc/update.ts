// Updating the app from the company's own update server: what the renderer shows (the notice,
// Settings → Updates, the tray's "restart to update") and what it may ask for.
import { z } from 'zod';
import { method } from './define';
import { httpUrl } from './text';

/** Why an update check, download or install did not succeed; each has its zh/en text and advice. */
export const UPDATE_PROBLEM_KINDS = [
  'offline', // the server could not be reached (no network, DNS, proxy, refused)
  'timeout',
  'notFound', // no update file at that address (HTTP 404)
  'server', // any other HTTP failure
  'invalidFeed', // the update file is not a valid latest.yml
  'noChecksum', // the update file names no sha512 for the installer
  'checksum', // the downloaded installer does not match its sha512
  'badSignature', // the installer is not signed by the same publisher (Windows)
  'unsigned', // this copy of the app is not signed, so it cannot replace itself (macOS)
  'diskFull',
  'permission', // the installer could not be written or started
  'stillSending', // a reply was still being sent when the restart was asked for
  'installDidNotStart',
  'unknown',
] as const;
export const UpdateProblemKind = z.enum(UPDATE_PROBLEM_KINDS);
export type UpdateProblemKind = z.infer<typeof UpdateProblemKind>;

export const UpdateProblem = z.object({
  kind: UpdateProblemKind,
  message: z.string(),
  messageZh: z.string(),
  advice: z.string(),
  adviceZh: z.string(),
  at: z.number(),
  /** Checks that failed in a row; the next one waits longer each time. */
  failures: z.number().int().min(0),
});
export type UpdateProblem = z.infer<typeof UpdateProblem>;

export const UpdateRelease = z.object({
  version: z.string(),
  /** Plain text (any HTML of the release notes is reduced to text in main). */
  notes: z.string().optional(),
  name: z.string().optional(),
  date: z.string().optional(),
});
export type UpdateRelease = z.infer<typeof UpdateRelease>;

/** Where updates come from: an address set in Settings, or the one built into the installer. */
export const UpdateFeed = z.object({ url: z.string(), source: z.enum(['settings', 'build']), channel: z.string() });
export type UpdateFeed = z.infer<typeof UpdateFeed>;

const base = {
  currentVersion: z.string(),
  feed: UpdateFeed.nullable(),
  /** The address the build carries, shown beside an address set in Settings. */
  buildFeedUrl: z.string().nullable(),
  lastCheckedAt: z.number().nullable(),
  nextCheckAt: z.number().nullable(),
};

export const UpdateStatus = z.discriminatedUnion('phase', [
  z.object({ ...base, phase: z.literal('notApplicable'), reason: z.enum(['web', 'development', 'unsupportedInstall']) }),
  /** No update address is set: nothing is ever checked. */
  z.object({ ...base, phase: z.literal('noFeed') }),
  z.object({ ...base, phase: z.literal('idle') }),
  z.object({ ...base, phase: z.literal('checking') }),
  z.object({
    ...base,
    phase: z.literal('upToDate'),
    latestVersion: z.string(),
    /** A newer version exists that this computer does not get yet. */
    waiting: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('rollout'), version: z.string(), percentage: z.number() }),
        z.object({ kind: z.literal('systemTooOld'), version: z.string(), minimumSystemVersion: z.string() }),
      ])
      .optional(),
  }),
  z.object({ ...base, phase: z.literal('downloading'), release: UpdateRelease, percent: z.number().min(0).max(100) }),
  /** Downloaded and verified: "restart to update". */
  z.object({ ...base, phase: z.literal('ready'), release: UpdateRelease, problem: UpdateProblem.optional() }),
  z.object({
    ...base,
    phase: z.literal('installing'),
    release: UpdateRelease,
    step: z.enum(['waitingForSends', 'savingDrafts', 'restarting']),
    sending: z.number().int().min(0),
  }),
  z.object({ ...base, phase: z.literal('failed'), problem: UpdateProblem, release: UpdateRelease.optional() }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatus>;
export type UpdatePhase = UpdateStatus['phase'];

export const updateMethods = {
  'update.getStatus': method(z.object({}).strict(), UpdateStatus),
  /** Checks at once (the "check now" button); a check already running is not started twice. */
  'update.checkNow': method(z.object({}).strict(), UpdateStatus),
  /** Sets the company's update address for this computer; null goes back to the built-in one. */
  'update.setFeedUrl': method(z.object({ url: httpUrl({ max: 2048 }).nullable() }).strict(), UpdateStatus),
  /** Waits for replies being sent, saves drafts, then quits and installs. */
  'update.restartToUpdate': method(z.object({}).strict(), UpdateStatus),
  /** The renderer's answer to step "savingDrafts": every open draft is saved. */
  'update.confirmDraftsSaved': method(z.object({}).strict(), z.object({})),
};

export const updateEvents = {
  'update.onDidChangeStatus': UpdateStatus,
};

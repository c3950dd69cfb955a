// The health panel's view of what this version could not read: per account, endpoint, record
// type and kind, with a bug report the agent can copy. The report's sample is redacted here, in
// main, so nothing unmasked ever reaches the renderer (vendors/sample-redaction.ts).
import { appError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { healthMethods, UndecodedGroup } from '@shared/ipc/health';
import type { Vendor } from '@shared/model';
import type { AppContext } from '../app/context';
import { APP_NAME, appVersion } from '../app/version';
import type { EventBus } from '../ipc/event-bus';
import type { Handlers } from '../ipc/router';
import type { UndecodedSummary } from '../store';
import type { RedecodeJob } from '../sync/redecode';
import { DECODER_VERSIONS } from '../sync/redecoders';
import { redactSample } from '../vendors/sample-redaction';

/** What each kind means, for the developer reading a pasted report. */
const KIND_MEANING: Record<UndecodedGroup['kind'], string> = {
  unknownType: 'records of a type this version cannot show',
  partlyRead: 'fields left out: their value had a type the decoder cannot read',
  unreadableRow: 'list rows that could not become a record at all',
  unreadableAnswer: 'answers that are not JSON or not in the documented shape',
};

/** Whole answers are counted by how often they came; records by how many there are. */
export const groupCount = (summary: UndecodedSummary): number => (summary.recordType === 'answer' ? summary.seen : summary.records);

export function undecodedReport(vendor: Vendor, summary: UndecodedSummary, host: string): string {
  const lines = [
    `${APP_NAME} ${appVersion()} (${host}, ${process.platform}) — data this version could not read`,
    `vendor:     ${vendor} (decoder version ${DECODER_VERSIONS[vendor]})`,
    `endpoint:   ${summary.endpoint || '(not recorded)'}`,
    `record:     ${summary.recordType}`,
    `kind:       ${summary.kind} — ${KIND_MEANING[summary.kind]}`,
    `count:      ${groupCount(summary)}${summary.seen !== summary.records && summary.recordType !== 'answer' ? ` (seen ${summary.seen} times)` : ''}`,
    ...(summary.vendorTypes.length > 0 ? [`types:      ${summary.vendorTypes.join(', ')}`] : []),
    ...(summary.fields.length > 0 ? [`fields:     ${summary.fields.join(', ')}`] : []),
    `first seen: ${new Date(summary.firstSeenAt).toISOString()}`,
    `last seen:  ${new Date(summary.lastSeenAt).toISOString()}`,
    'newest sample (names, numbers, ids, text and secrets masked; keys, types and codes kept):',
    summary.sample === undefined ? '(none kept)' : redactSample(summary.sample),
  ];
  return lines.join('\n');
}

/**
 * Tells the renderer which accounts' undecoded records changed, at most once per `everyMs`: a
 * backfill through a tenant full of unknown messages notes every page.
 */
export class UndecodedNotices {
  private readonly touched = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: EventBus<AppContract>,
    private readonly everyMs = 500,
  ) {}

  touch(accountIds: readonly string[]): void {
    for (const id of accountIds) this.touched.add(id);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.everyMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.touched.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const accountIds = [...this.touched];
    this.touched.clear();
    if (accountIds.length > 0) this.bus.emit('health.onDidChangeUndecoded', { accountIds });
  }
}

export function createHealthHandlers(context: AppContext, redecode: RedecodeJob): Pick<Handlers<AppContract>, keyof typeof healthMethods> {
  const { store } = context;
  return {
    'health.listUndecoded': ({ accountId }) => {
      const account = store.accounts.get(accountId);
      if (!account) throw appError('NOT_FOUND', '账号不存在', 'Account not found');
      return store.undecoded.summary(accountId).map((summary) => ({
        accountId,
        endpoint: summary.endpoint,
        recordType: summary.recordType,
        kind: summary.kind,
        count: groupCount(summary),
        vendorTypes: summary.vendorTypes,
        fields: summary.fields,
        firstSeenAt: summary.firstSeenAt,
        lastSeenAt: summary.lastSeenAt,
        report: undecodedReport(account.vendor, summary, context.host),
      }));
    },
    'health.getRedecodeStatus': () => redecode.status(),
  };
}

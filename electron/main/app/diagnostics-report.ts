// The diagnostics file a user attaches to a support ticket: one plain-text file they can open and
// read before sending. A summary (versions, account health, sync status, the store's numbers) as
// JSON, then the newest logs. Everything is gathered from what is not secret in the first place
// (no keychain read, no message text), then the whole text is scrubbed of every known secret and
// of the redaction patterns, and phone numbers are masked, so a slip upstream still cannot leak.
import type { SerializedError } from '@shared/errors';
import type { AccountSummary } from '@shared/ipc/accounts';
import type { AppInfo } from '@shared/ipc/app';
import type { AccountSyncStatus } from '@shared/ipc/sync';
import type { LogFolderText } from '../log/log-file';
import { scrub } from '../log/logger';
import { redactUrl } from '../log/redact';
import type { StoreStats } from '../store/stats';

export interface DiagnosticsInput {
  createdAt: number;
  info: AppInfo;
  versions: Record<string, string>;
  os: { type: string; release: string; arch: string };
  uptimeSeconds: number;
  language: string;
  accounts: AccountSummary[];
  sync: AccountSyncStatus[];
  store: StoreStats | { unavailable: SerializedError };
  logs: LogFolderText | undefined;
  logBudgetBytes: number;
}

export function diagnosticsFileName(at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 13);
  return `workphone-diagnostics-${stamp}.txt`;
}

export function diagnosticsReport(input: DiagnosticsInput): string {
  const summary = {
    createdAt: new Date(input.createdAt).toISOString(),
    app: { name: input.info.name, version: input.info.version, host: input.info.host, demo: input.info.demo, secretStorage: input.info.secretStorage, language: input.language },
    versions: input.versions,
    os: { platform: input.info.platform, ...input.os },
    uptimeSeconds: Math.round(input.uptimeSeconds),
    folders: { data: input.info.dataDir, ...(input.info.logsDir ? { logs: input.info.logsDir } : {}) },
    accounts: input.accounts.map((account) => accountHealth(account, input.sync.find((s) => s.accountId === account.id))),
    store: input.store,
  };
  const lines = [
    '工作手机助手 诊断信息 / WorkPhone Desk diagnostics',
    '不含密钥、令牌或消息内容，手机号已打码。发送前可以先打开看看。',
    'No secrets, tokens or message content; phone numbers are masked. Feel free to read it before sending.',
    '',
    '== Summary ==',
    JSON.stringify(summary, null, 2),
    '',
    ...logSection(input.logs, input.logBudgetBytes),
  ];
  return maskPhoneNumbers(scrub(lines.join('\n')));
}

function accountHealth(account: AccountSummary, status: AccountSyncStatus | undefined) {
  return {
    id: account.id,
    vendor: account.vendor,
    label: account.label,
    baseUrl: baseUrlOf(account.baseUrl),
    demo: account.demo,
    status: account.status,
    hasSecret: account.hasSecret,
    ...(account.tokenExpiresAt !== undefined ? { tokenExpiresAt: new Date(account.tokenExpiresAt).toISOString() } : {}),
    ...(account.lastError ? { lastError: account.lastError } : {}),
    settings: settingsShape(account.settings),
    sync: status
      ? {
          paused: status.paused,
          streams: status.streams.map((s) => ({
            stream: s.stream,
            phase: s.phase,
            done: s.done,
            ...(s.estimatedTotal !== undefined ? { estimatedTotal: s.estimatedTotal } : {}),
            ...(s.lastSuccessAt !== undefined ? { lastSuccessAt: new Date(s.lastSuccessAt).toISOString() } : {}),
            ...(s.nextPollAt !== undefined ? { nextPollAt: new Date(s.nextPollAt).toISOString() } : {}),
            ...(s.lastError ? { lastError: s.lastError, lastFailureAt: s.lastFailureAt === undefined ? undefined : new Date(s.lastFailureAt).toISOString() } : {}),
          })),
        }
      : 'not syncing',
  };
}

/** The origin and path only: a query string is the one place a URL might carry something private. */
function baseUrlOf(url: string): string {
  try {
    const parsed = new URL(redactUrl(url));
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'not a URL';
  }
}

/** Which settings are set, with ids support needs; lists (the followed WeChat accounts) as counts. */
function settingsShape(settings: AccountSummary['settings']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, Array.isArray(value) ? `${value.length} items` : value]));
}

function logSection(logs: LogFolderText | undefined, budget: number): string[] {
  if (!logs) return ['== Logs ==', '(no log folder)'];
  const kept = logs.files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
  const out = [`== Logs: the newest ${megabytes(kept)} of ${megabytes(logs.totalBytes)} (at most ${megabytes(budget)}) ==`];
  for (const file of logs.files) {
    if (file.text === '') continue;
    out.push(`--- ${file.name}${file.cutBytes > 0 ? ` (its oldest ${megabytes(file.cutBytes)} left out)` : ''} ---`, file.text.trimEnd());
  }
  return out;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Mainland mobiles (optionally +86 / 0086) and landlines with their area code; a longer run of
// digits (a timestamp, an id) is left whole.
const MOBILE = /(?<![0-9])((?:\+|00)?86[- ]?)?(1[3-9][0-9])[- ]?[0-9]{4}[- ]?([0-9]{4})(?![0-9])/g;
const LANDLINE = /(?<![0-9])(0[1-9][0-9]{1,2}-)[0-9]{3,4}([0-9]{4})(?![0-9])/g;

export function maskPhoneNumbers(text: string): string {
  return text.replace(MOBILE, (_m, prefix: string | undefined, head: string, tail: string) => `${prefix ?? ''}${head}****${tail}`).replace(LANDLINE, '$1****$2');
}

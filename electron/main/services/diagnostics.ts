// "Export diagnostics": gathers what the report shows (app/diagnostics-report.ts) and delivers it —
// through the desktop's save dialog, or to the page for a download in the web host.
import { arch, release, type as osType } from 'node:os';
import type { AppContract } from '@shared/ipc/contract';
import type { AppInfo } from '@shared/ipc/app';
import type { AccountSummary } from '@shared/ipc/accounts';
import { isAppError, type SerializedError } from '@shared/errors';
import type { AppContext } from '../app/context';
import { diagnosticsFileName, diagnosticsReport } from '../app/diagnostics-report';
import type { Handlers } from '../ipc/router';
import { readLogFolder } from '../log/log-file';
import type { SyncService } from '../sync/service';
import { accountsServiceOf } from './accounts';

/** The newest logs a file carries: enough for days of a normal run, small enough for a ticket. */
export const DIAGNOSTICS_LOG_BYTES = 4 * 1024 * 1024;

export type SaveDiagnostics = (fileName: string, text: string) => Promise<{ saved: true; path: string } | { saved: false }>;

export interface DiagnosticsDeps {
  info: () => AppInfo;
  sync: SyncService;
  logs?: { dir: string; flush(): void };
  /** The desktop's save dialog; absent in the web host, where the page downloads the text. */
  save?: SaveDiagnostics;
  logBudgetBytes?: number;
}

const VERSION_KEYS = ['electron', 'chrome', 'node', 'v8', 'uv', 'openssl'] as const;

export async function buildDiagnostics(context: AppContext, deps: DiagnosticsDeps): Promise<{ fileName: string; text: string }> {
  const createdAt = context.clock.now();
  deps.logs?.flush();
  let accounts: AccountSummary[] = [];
  try {
    accounts = await accountsServiceOf(context).list();
  } catch (error) {
    context.logger.warn('diagnostics: the account list could not be read', { code: isAppError(error) ? error.code : 'INTERNAL' });
  }
  let store: ReturnType<AppContext['store']['stats']> | { unavailable: SerializedError };
  try {
    store = context.store.stats();
  } catch (error) {
    store = { unavailable: isAppError(error) ? error.toJSON() : { code: 'INTERNAL', message: 'stats failed', messageZh: '统计失败' } };
  }
  const budget = deps.logBudgetBytes ?? DIAGNOSTICS_LOG_BYTES;
  const versions = Object.fromEntries(VERSION_KEYS.flatMap((key) => (process.versions[key] ? [[key, process.versions[key]!]] : [])));
  const text = diagnosticsReport({
    createdAt,
    info: deps.info(),
    versions,
    os: { type: osType(), release: release(), arch: arch() },
    uptimeSeconds: process.uptime(),
    language: context.settings.get().language,
    accounts,
    sync: deps.sync.status(),
    store,
    logs: deps.logs ? readLogFolder(deps.logs.dir, budget) : undefined,
    logBudgetBytes: budget,
  });
  return { fileName: diagnosticsFileName(createdAt), text };
}

export function createDiagnosticsHandlers(context: AppContext, deps: DiagnosticsDeps): Pick<Handlers<AppContract>, 'app.exportDiagnostics'> {
  return {
    'app.exportDiagnostics': async () => {
      const { fileName, text } = await buildDiagnostics(context, deps);
      const bytes = Buffer.byteLength(text);
      if (!deps.save) return { delivery: 'download', fileName, text, bytes };
      const saved = await deps.save(fileName, text);
      if (!saved.saved) return { delivery: 'cancelled' };
      context.logger.info('diagnostics exported', { bytes });
      return { delivery: 'saved', path: saved.path, bytes };
    },
  };
}

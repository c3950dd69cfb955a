// How totals, counts and date filters read on the records views, in the agent's language. Times
// and call lengths use the inbox's formatters (lib/messages/format.ts) so the app reads one way.
import { i18n, type Language } from '../i18n/i18n.svelte';
import { IpcError } from '../ipc/client';

/** A total time in words: 2小时5分 / 2h 5m; under a minute in seconds. */
export function formatTotalDuration(seconds: number, language: Language): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (language === 'zh') {
    if (h > 0) return `${h}小时${m}分`;
    if (m > 0) return sec > 0 ? `${m}分${sec}秒` : `${m}分`;
    return `${sec}秒`;
  }
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return sec > 0 ? `${m}m ${sec}s` : `${m}m`;
  return `${sec}s`;
}

/** Counts with the language's grouping: 12,345 */
export function formatCount(n: number, language: Language): string {
  return new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US').format(n);
}

/** Connected share of a count, as a whole percent; none when nothing was dialled. */
export function formatRate(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${Math.round((part / whole) * 100)}%`;
}

/** <input type="date"> value → local midnight (start) or the last millisecond of that day (end). */
export function dayBoundary(value: string, edge: 'start' | 'end'): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const start = new Date(y, m - 1, d).getTime();
  return edge === 'start' ? start : new Date(y, m - 1, d + 1).getTime() - 1;
}

/** An error from main in the agent's language, for inline error states. */
export function errorText(error: unknown): string {
  if (error instanceof IpcError) return i18n.errorText({ message: error.message, messageZh: error.messageZh });
  return i18n.strings.calls.genericError;
}

// The unread count as the tray, the dock and the taskbar show it, from the store's totals
// (UnreadTotals in shared/ipc/inbox.ts: a total and a count per account id).
import type { UnreadTotals } from '@shared/ipc/inbox';
import { APP_NAME, APP_NAME_ZH } from '../app/version';
import { inLanguage, type Language } from './language';
import { plainLine } from './notification-policy';

export type { UnreadTotals };

/** The account's name as the agent set it ("销售一号"); undefined shows the id. */
export type AccountLabel = (accountId: string) => string | undefined;

function wholeCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** '' (no badge), '1'…'99', or '99+'. */
export function badgeText(total: number): string {
  const count = wholeCount(total);
  if (count === 0) return '';
  return count > 99 ? '99+' : String(count);
}

/** For app.setBadgeCount: 0 clears it. */
export function badgeCount(total: number): number {
  return wholeCount(total);
}

/** Read by screen readers for the Windows taskbar overlay. */
export function unreadDescription(total: number, language: Language): string {
  const count = wholeCount(total);
  if (count === 0) return inLanguage(language, '没有未读消息', 'No unread messages');
  return inLanguage(language, `${count} 条未读消息`, count === 1 ? '1 unread message' : `${count} unread messages`);
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_LIMIT = 127;
const ACCOUNTS_SHOWN = 4;

export function trayTooltip(totals: UnreadTotals, language: Language, labelOf: AccountLabel, pauseNote?: string): string {
  const lines = [inLanguage(language, APP_NAME_ZH, APP_NAME), unreadDescription(totals.total, language)];
  const busy = Object.entries(totals.perAccount)
    .filter(([, unread]) => wholeCount(unread) > 0)
    .toSorted((a, b) => b[1] - a[1]);
  // One account says nothing the total does not already say.
  if (busy.length > 1) {
    for (const [accountId, unread] of busy.slice(0, ACCOUNTS_SHOWN)) {
      lines.push(`${plainLine(labelOf(accountId) ?? '', 16) || accountId}: ${badgeText(unread)}`);
    }
    if (busy.length > ACCOUNTS_SHOWN) {
      lines.push(inLanguage(language, `另有 ${busy.length - ACCOUNTS_SHOWN} 个账号`, `and ${busy.length - ACCOUNTS_SHOWN} more accounts`));
    }
  }
  if (pauseNote) lines.push(pauseNote);
  const chars = [...lines.join('\n')];
  return chars.length > TOOLTIP_LIMIT ? `${chars.slice(0, TOOLTIP_LIMIT - 1).join('')}…` : chars.join('');
}

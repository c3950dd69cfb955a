// One app per agent. When the OS starts a second copy (a tel: link clicked on Windows or Linux, or
// the icon clicked twice), that copy quits at once and the running app gets its command line; on
// macOS the link arrives as an open-url event instead. Both end up as one LinkAction.
import { appError, type AppError } from '@shared/errors';
import { DIAL_SCHEMES } from './app-identity';
import { parseDialLink, type DialLink } from './protocol';

export type LinkAction =
  | { kind: 'show' }
  | { kind: 'dial'; link: DialLink }
  | { kind: 'refuse'; error: AppError };

const LINK = new RegExp(`^(?:${DIAL_SCHEMES.join('|')}):`, 'i');

/**
 * The arguments that are links for us. argv[0] is the executable; Chromium and Electron switches
 * start with "-"; in development argv also holds the app folder. None of those is a link.
 */
export function linksInArgv(argv: readonly string[]): string[] {
  return argv.slice(1).filter((arg) => !arg.startsWith('-') && LINK.test(arg.trim()));
}

function actionForLink(url: string): LinkAction {
  const parsed = parseDialLink(url);
  return parsed.ok ? { kind: 'dial', link: parsed.link } : { kind: 'refuse', error: parsed.error };
}

function actionForLinks(links: readonly string[]): LinkAction | null {
  if (links.length === 0) return null;
  if (links.length > 1) {
    return {
      kind: 'refuse',
      error: appError('VALIDATION', '一次只能拨一个号码', 'Only one number can be dialled at a time', { reason: 'MANY_NUMBERS' }),
    };
  }
  return actionForLink(links[0]!);
}

/** The running app was started again: come forward, and dial if a link came along. */
export function actionForSecondInstance(argv: readonly string[]): LinkAction {
  return actionForLinks(linksInArgv(argv)) ?? { kind: 'show' };
}

/** This app was itself started by a link (Windows, Linux); null for an ordinary start. */
export function actionForColdStart(argv: readonly string[]): LinkAction | null {
  return actionForLinks(linksInArgv(argv));
}

/** macOS hands every link, cold start or not, to open-url. */
export function actionForOpenUrl(url: string): LinkAction {
  return actionForLink(url);
}

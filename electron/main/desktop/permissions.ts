// Which web permissions the window's page gets: none, but one. The app needs no camera, microphone,
// location, clipboard reading, USB, MIDI or web notifications — notifications are shown by the main
// process (notifier.ts), links open through main, files are saved through main's dialogs. Electron's
// default grants nearly everything, so a script that slipped into the page (vendor content is
// rendered as text, but this is the layer under that) could ask for any of it. The one grant:
// full screen for the app page's own top frame, which a video message's player button asks for.
import { isTrustedSender, type AppPage } from './trusted-sender';

export interface PermissionAsk {
  permission: string;
  /** The URL of the frame asking (details.requestingUrl); absent in some checks. */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
}

const GRANTED_TO_THE_APP_PAGE = new Set(['fullscreen']);

export function allowPermission(ask: PermissionAsk, page: AppPage): boolean {
  if (!GRANTED_TO_THE_APP_PAGE.has(ask.permission) || ask.requestingUrl === undefined) return false;
  return isTrustedSender({ url: ask.requestingUrl, isTopFrame: ask.isMainFrame }, page);
}

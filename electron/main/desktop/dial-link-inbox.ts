// Links can arrive before the window exists: macOS sends open-url while the app is still
// launching, and on Windows and Linux the link that started the app is in its own argv. The inbox
// listens from the first moment and holds what came early until the shell is ready for it.
import type { ShellApp } from './electron-surface';
import { actionForColdStart, actionForOpenUrl, actionForSecondInstance, type LinkAction } from './single-instance';

export interface DialLinkInbox {
  /** Hands over everything held so far, then every later link as it comes. */
  deliverTo(handler: (action: LinkAction) => void): void;
}

/** Call right after requestSingleInstanceLock() succeeds, before app 'ready'. */
export function catchDialLinks(app: Pick<ShellApp, 'on'>, argv: readonly string[]): DialLinkInbox {
  const held: LinkAction[] = [];
  let deliver: ((action: LinkAction) => void) | undefined;
  const receive = (action: LinkAction) => (deliver ? deliver(action) : held.push(action));

  const coldStart = actionForColdStart(argv);
  if (coldStart) held.push(coldStart);
  app.on('second-instance', (_event, secondArgv) => receive(actionForSecondInstance(secondArgv)));
  app.on('open-url', (event, url) => {
    // Without this macOS treats the link as unhandled.
    event.preventDefault();
    receive(actionForOpenUrl(url));
  });

  return {
    deliverTo(handler) {
      deliver = handler;
      for (const action of held.splice(0)) handler(action);
    },
  };
}

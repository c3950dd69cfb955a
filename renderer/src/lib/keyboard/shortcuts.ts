// The app-wide shortcuts, decided from a key event alone so the rules are testable without a
// window: Ctrl+K (Cmd+K on macOS) search, Alt+↑/↓ previous / next conversation, Esc closes the
// open panel, ? shows the shortcuts help (but not while the agent is typing).
export type ShortcutAction = 'search' | 'previousConversation' | 'nextConversation' | 'close' | 'help';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
}

export function isMac(platform: string | undefined): boolean {
  return platform === 'darwin' || /mac/i.test(platform ?? '');
}

/** True in text inputs, text areas, selects and contenteditable: keys there are the agent's text. */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
  return false;
}

export function shortcutFor(event: KeyLike, mac: boolean): ShortcutAction | null {
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (primary && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') return 'search';
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    if (event.key === 'ArrowUp') return 'previousConversation';
    if (event.key === 'ArrowDown') return 'nextConversation';
  }
  if (event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey) return 'close';
  if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) return 'help';
  return null;
}

/** The keys to show in the help, for this platform. */
export function primaryKeyLabel(mac: boolean): string {
  return mac ? '⌘' : 'Ctrl';
}

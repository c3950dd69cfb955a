// What the agent is shown when customer messages arrive. Plain data in, plain data out: the shell
// turns each NotificationSpec into an OS notification and does nothing else.
import { APP_NAME, APP_NAME_ZH } from '../app/version';
import { inLanguage, type Language } from './language';
import { isDoNotDisturb, isPaused, type NotificationPrefs } from './notification-prefs';

export interface InboundMessage {
  conversationId: string;
  accountId: string;
  customerName: string;
  /** Plain-text preview of the message ("[图片]" for an image); vendor text, untrusted. */
  preview: string;
  /** Epoch ms. */
  sentAt: number;
}

/** What is in front of the agent right now. */
export interface AgentFocus {
  windowFocused: boolean;
  openConversationId: string | null;
}

export interface NotificationSpec {
  title: string;
  body: string;
  silent: boolean;
  /** Clicking opens this conversation; absent for a summary of several customers. */
  conversationId?: string;
}

export type HeldBecause = 'off' | 'paused' | 'doNotDisturb';

export interface NotificationDecision {
  notifications: NotificationSpec[];
  flashTaskbar: boolean;
  /** Set when notifications were held back on purpose; the badge still counts the messages. */
  heldBecause: HeldBecause | null;
}

/** More than this many at once become one summary instead of a stack of toasts. */
export const GROUP_ABOVE = 3;
const MAX_TITLE = 64;
const MAX_BODY = 120;

/**
 * C0/C1 controls, zero-width characters and bidirectional overrides: invisible, and able to make a
 * notification lie about who wrote what. Checked by code point so no regex holds control characters.
 */
export function isInvisibleCharacter(codePoint: number): boolean {
  return (
    codePoint <= 0x1f ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2060 && codePoint <= 0x2069) ||
    codePoint === 0xfeff
  );
}

/** One clean line of at most `max` characters (by code point, so an emoji is never cut in half). */
export function plainLine(text: string, max: number): string {
  const visible = [...text].map((ch) => (isInvisibleCharacter(ch.codePointAt(0)!) ? ' ' : ch)).join('');
  const chars = [...visible.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

export function decideNotifications(
  messages: readonly InboundMessage[],
  context: { now: Date; focus: AgentFocus; prefs: NotificationPrefs; language: Language },
): NotificationDecision {
  const { now, focus, prefs, language } = context;
  const held = (heldBecause: HeldBecause): NotificationDecision => ({ notifications: [], flashTaskbar: false, heldBecause });
  if (!prefs.enabled) return held('off');
  if (isPaused(prefs, now)) return held('paused');
  if (isDoNotDisturb(prefs.dnd, now)) return held('doNotDisturb');

  const muted = new Set(prefs.mutedAccounts);
  const worthTelling = messages
    .filter((m) => !muted.has(m.accountId))
    // The agent is already reading this conversation: a toast would only get in the way.
    .filter((m) => !(focus.windowFocused && focus.openConversationId === m.conversationId))
    .toSorted((a, b) => a.sentAt - b.sentAt);
  if (worthTelling.length === 0) return { notifications: [], flashTaskbar: false, heldBecause: null };

  const customerName = (m: InboundMessage) =>
    plainLine(m.customerName, MAX_TITLE) || inLanguage(language, '客户', 'Customer');
  let notifications: NotificationSpec[];
  if (worthTelling.length > GROUP_ABOVE) {
    const conversations = new Set(worthTelling.map((m) => m.conversationId));
    const count = worthTelling.length;
    const first = worthTelling[0]!;
    notifications = [
      conversations.size === 1
        ? {
            title: customerName(first),
            body: inLanguage(language, `${count} 条新消息`, `${count} new messages`),
            silent: !prefs.sound,
            conversationId: first.conversationId,
          }
        : {
            title: inLanguage(language, APP_NAME_ZH, APP_NAME),
            body: inLanguage(
              language,
              `${count} 条新消息，来自 ${conversations.size} 位客户`,
              `${count} new messages from ${conversations.size} customers`,
            ),
            silent: !prefs.sound,
          },
    ];
  } else {
    notifications = worthTelling.map((m, index) => ({
      title: customerName(m),
      body: prefs.hideContent
        ? inLanguage(language, '新消息', 'New message')
        : plainLine(m.preview, MAX_BODY) || inLanguage(language, '新消息', 'New message'),
      // One chime per batch: three toasts at once should not ring three times.
      silent: !prefs.sound || index > 0,
      conversationId: m.conversationId,
    }));
  }
  return { notifications, flashTaskbar: prefs.flashTaskbar && !focus.windowFocused, heldBecause: null };
}

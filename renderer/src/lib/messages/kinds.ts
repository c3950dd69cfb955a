// Which message kinds are a line across the chat rather than a bubble from one side.
import type { Message, MessageKind } from '@shared/model';

const NOTICE_KINDS: ReadonlySet<MessageKind> = new Set(['system', 'recall', 'todo', 'takeover', 'videoCall']);

export function isNoticeKind(kind: MessageKind): boolean {
  return NOTICE_KINDS.has(kind);
}

/** A notice line: a notice kind, or a text the vendor typed as text that is an event (a Moments reaction). */
export function isNotice(message: Pick<Message, 'kind' | 'body'>): boolean {
  return isNoticeKind(message.kind) || (message.kind === 'text' && (message.body as { notice?: string }).notice !== undefined);
}

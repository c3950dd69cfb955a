// Which message kinds are a line across the chat rather than a bubble from one side.
import type { MessageKind } from '@shared/model';

const NOTICE_KINDS: ReadonlySet<MessageKind> = new Set(['system', 'recall', 'todo', 'takeover', 'videoCall']);

export function isNoticeKind(kind: MessageKind): boolean {
  return NOTICE_KINDS.has(kind);
}

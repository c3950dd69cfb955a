// Keeping a chat's loaded messages in time order as pages and events arrive.
import type { Message } from '@shared/model';

export function chronological(a: Message, b: Message): number {
  return a.sentAt - b.sentAt || a.id - b.id;
}

/** Merges messages into a sorted list: replaced by id, new ones (unless told not to) in time order. */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[], { addNew = true } = {}): Message[] {
  if (incoming.length === 0) return list as Message[];
  const byId = new Map(incoming.map((m) => [m.id, m]));
  const replaced = list.map((m) => byId.get(m.id) ?? m);
  if (!addNew) return replaced;
  const known = new Set(list.map((m) => m.id));
  const added = incoming.filter((m) => !known.has(m.id));
  if (added.length === 0) return replaced;
  const lastAt = replaced.at(-1);
  const sortedAdded = [...added].sort(chronological);
  // The usual case, new messages after the last one, needs no sort of the whole history.
  if (!lastAt || chronological(lastAt, sortedAdded[0] as Message) <= 0) return [...replaced, ...sortedAdded];
  return [...replaced, ...sortedAdded].sort(chronological);
}

/** The loaded messages with a fresh latest page: merged when they meet, replaced when a gap lies between. */
export function withLatestPage(list: readonly Message[], page: { items: readonly Message[]; olderCursor?: string | undefined }): { messages: Message[]; replaced: boolean } {
  const known = new Set(list.map((m) => m.id));
  const meets = page.items.length === 0 || page.olderCursor === undefined || page.items.some((m) => known.has(m.id));
  return meets ? { messages: mergeMessages(list, page.items), replaced: false } : { messages: [...page.items].sort(chronological), replaced: true };
}

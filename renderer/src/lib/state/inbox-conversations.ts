// Keeping the conversation list in order as pages and changes arrive.
import type { Conversation } from '@shared/model';

export function newestFirst(a: Conversation, b: Conversation): number {
  return (b.lastMessageAt ?? 0) - (a.lastMessageAt ?? 0) || b.id - a.id;
}

/** Adds the next keyset page, skipping conversations that moved up and are listed already. */
export function appendPage(list: readonly Conversation[], page: readonly Conversation[]): Conversation[] {
  const known = new Set(list.map((c) => c.id));
  return [...list, ...page.filter((c) => !known.has(c.id))];
}

/**
 * Applies changed conversations: updated in place, new ones placed by their latest activity.
 * A changed conversation that sorts after the last loaded one, while more pages exist, is left
 * for its page: listing it now would leave a gap before it.
 */
export function mergeConversations(
  list: readonly Conversation[],
  changed: readonly Conversation[],
  { hasMore, keep }: { hasMore: boolean; keep: (c: Conversation) => boolean },
): Conversation[] {
  const byId = new Map(list.map((c) => [c.id, c]));
  const last = list.at(-1);
  for (const c of changed) {
    if (byId.has(c.id) || !hasMore || !last || newestFirst(c, last) < 0) byId.set(c.id, c);
  }
  return [...byId.values()].filter(keep).sort(newestFirst);
}

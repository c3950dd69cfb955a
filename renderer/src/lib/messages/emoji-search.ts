// Finding an emoji by what the agent types: its name (微笑), its pinyin (weixiao) or the pinyin's
// initials (wx), as a Chinese input method would. The pinyin comes from pinyin-pro, once per name
// when this module loads; the picker imports it lazily, so the dictionary stays out of the
// inbox's first paint.
import { pinyin } from 'pinyin-pro';
import { WECHAT_EMOJI, WECHAT_EMOJI_PANEL_COUNT } from '@shared/wechat-emoji';

export interface EmojiEntry {
  name: string;
  /** "weixiao" */
  spelled: string;
  /** "wx" */
  initials: string;
}

const PANEL: readonly EmojiEntry[] = WECHAT_EMOJI.slice(0, WECHAT_EMOJI_PANEL_COUNT).map((name) => {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).map((s) => s.toLowerCase().replace(/\s+/g, ''));
  return { name, spelled: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
});

/** The panel's names with the recently used first (most recent first), each once. */
export function emojiInOrder(recent: readonly string[]): EmojiEntry[] {
  const byName = new Map(PANEL.map((e) => [e.name, e]));
  const first = [...new Set(recent)].flatMap((name) => byName.get(name) ?? []);
  const seen = new Set(first.map((e) => e.name));
  return [...first, ...PANEL.filter((e) => !seen.has(e.name))];
}

/**
 * The entries matching `query`, best first: the name itself, then names containing it, then
 * initials, then whole pinyin. Within a rank the given order (recent first) stands.
 */
export function searchEmoji(query: string, recent: readonly string[] = []): EmojiEntry[] {
  const ordered = emojiInOrder(recent);
  const q = query.trim().toLowerCase().replace(/[\s']+/g, '');
  if (q === '') return ordered;
  const rank = (e: EmojiEntry): number => {
    const name = e.name.toLowerCase();
    if (name === q) return 0;
    if (name.startsWith(q)) return 1;
    if (name.includes(q)) return 2;
    if (e.initials.startsWith(q)) return 3;
    if (e.spelled.startsWith(q)) return 4;
    if (e.spelled.includes(q)) return 5;
    return -1;
  };
  return ordered
    .map((entry, index) => ({ entry, index, rank: rank(entry) }))
    .filter((r) => r.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((r) => r.entry);
}

/** How many recent emoji the setting keeps. */
export const RECENT_EMOJI_MAX = 16;

export function withRecent(recent: readonly string[], used: string): string[] {
  return [used, ...recent.filter((n) => n !== used)].slice(0, RECENT_EMOJI_MAX);
}

/** Inserts "[name]" over the selection [start, end) and says where the caret goes. */
export function insertEmoji(text: string, start: number, end: number, name: string): { text: string; caret: number } {
  const code = `[${name}]`;
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + code + text.slice(to), caret: from + code.length };
}

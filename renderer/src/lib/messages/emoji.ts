// WeChat sends its built-in emoji as bracketed names, "[抓狂]". They stay text (copyable,
// searchable); the names WeChat really uses are drawn as a chip, anything else in brackets is
// left exactly as written.
import { WECHAT_EMOJI, WECHAT_EMOJI_ENGLISH } from '@shared/wechat-emoji';

const KNOWN = new Set<string>([...WECHAT_EMOJI, ...WECHAT_EMOJI_ENGLISH]);

export function isWechatEmoji(name: string): boolean {
  return KNOWN.has(name);
}

export type EmojiSegment = { type: 'text'; text: string } | { type: 'emoji'; text: string };

const CODE = /\[([^[\]\s]{1,10})\]/g;

export function splitEmoji(text: string): EmojiSegment[] {
  const out: EmojiSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(CODE)) {
    if (!KNOWN.has(match[1] ?? '')) continue;
    if (match.index > at) out.push({ type: 'text', text: text.slice(at, match.index) });
    out.push({ type: 'emoji', text: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ type: 'text', text: text.slice(at) });
  return out;
}

// Finds phone numbers inside message text so each becomes a dial / add-on-WeChat action.
// Customers write numbers every way: 13800138000, 138 0013 8000, +86-138-0013-8000, 010-12345678,
// 400-800-1234. What must NOT match: digits inside a longer run (order ids, amounts), inside a
// word (wxid_13800138000) and inside links, where a number is part of an address, not a phone.
import { normalizeChinesePhone } from '@shared/phone';

export type TextSegment = { type: 'text'; text: string } | { type: 'phone'; text: string; phone: string };

const SEP = '[ -]?';
// Mainland mobile, optionally +86 / 0086 / 86, grouped 3-4-4 with spaces or dashes, or in one run.
const MOBILE = `(?:(?:\\+|00)?86${SEP})?1[3-9]\\d(?:${SEP}\\d{4}){2}`;
// Landline: area code 0xx / 0xxx, then a separator (a bare 11-12 digit run is too often an id).
const LANDLINE = `(?:\\(0\\d{2,3}\\)\\s?|0\\d{2,3}[ -])\\d{7,8}`;
// Service numbers: 400 / 800 then 7 digits, grouped 3-3-4 or 3-4-3 or in one run.
const SERVICE = `[48]00(?:${SEP}\\d{3}${SEP}\\d{4}|${SEP}\\d{4}${SEP}\\d{3}|\\d{7})`;

const PHONE = new RegExp(`${MOBILE}|${LANDLINE}|${SERVICE}`, 'g');
// A link runs to the next whitespace or CJK punctuation; bare domains count too.
const LINK = /(?:[a-z][a-z\d+.-]*:\/\/|www\.)[^\s\u3000-\u303f\uff00-\uffef<>"]+|[a-z\d-]+(?:\.[a-z\d-]+)*\.(?:com|cn|net|org|io|cc|top|vip)(?:\/[^\s\u3000-\u303f\uff00-\uffef<>"]*)?/gi;

/** Characters that glue a number to its neighbours so it is part of something longer. */
const GLUE_BEFORE = /[\p{L}\p{N}_+#@=/.\\-]$/u;
const GLUE_AFTER = /^(?:[\p{L}\p{N}_@]|[-.]\d)/u;
// CJK letters are \p{L} too, yet "电话13800138000" is a phone: only Latin letters and digits glue.
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function glued(before: string, after: string): boolean {
  const b = before.slice(-1);
  const a = after.slice(0, 2);
  const gluedBefore = b !== '' && !CJK.test(b) && GLUE_BEFORE.test(b);
  const gluedAfter = a !== '' && !CJK.test(a[0] ?? '') && GLUE_AFTER.test(a);
  return gluedBefore || gluedAfter;
}

function linkSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(LINK)].map((m) => [m.index, m.index + m[0].length]);
}

export function findPhones(text: string): Array<{ start: number; end: number; phone: string }> {
  const links = linkSpans(text);
  const found: Array<{ start: number; end: number; phone: string }> = [];
  for (const match of text.matchAll(PHONE)) {
    const start = match.index;
    const end = start + match[0].length;
    if (links.some(([a, b]) => start < b && end > a)) continue;
    if (glued(text.slice(Math.max(0, start - 1), start), text.slice(end, end + 2))) continue;
    // The same rule main dials by: a look-alike that would be refused is not offered.
    const phone = normalizeChinesePhone(match[0]);
    if (phone.ok) found.push({ start, end, phone: phone.phone.digits });
  }
  return found;
}

/** The text cut into plain runs and phone numbers, in order; joining every `text` gives the input back. */
export function segmentPhones(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let at = 0;
  for (const { start, end, phone } of findPhones(text)) {
    if (start > at) segments.push({ type: 'text', text: text.slice(at, start) });
    segments.push({ type: 'phone', text: text.slice(start, end), phone });
    at = end;
  }
  if (at < text.length || segments.length === 0) segments.push({ type: 'text', text: text.slice(at) });
  return segments;
}

// What one message may carry across IPC. A customer can send a 1 MB text or a link with a 1 MB
// title, and every message also carries its vendor payload (`raw`): a page of 50 such rows would
// be 150 MB to parse, send and hold in the renderer, which only ever shows the first screenful.
// So a message leaves main with the start of its text (more than the bubble opens with), its
// other fields cut to what any card can show, and `truncated` saying what the full lengths are;
// `inbox.getMessageText` hands out the rest a slice at a time when the agent asks for it.
import type { Message, MessageTextPart } from '@shared/model';
import { splitsSurrogatePair } from '@shared/text-cut';

/** Characters of a message's text a page carries: twice what the bubble opens with. */
export const TEXT_BUDGET = 4_000;
/** Characters of the vendor payload a page carries (the "show raw" view of an unknown message opens with half). */
export const RAW_BUDGET = 4_000;
/** Any other string of a body: names, titles, descriptions. A card shows three lines of them. */
export const FIELD_BUDGET = 2_000;
/** A link longer than a browser would open is dropped, never cut: a cut address leads elsewhere. */
export const URL_BUDGET = 4_096;

/** The text the bubble shows: the body's own text where the kind has one, the plain text otherwise. */
function displayText(message: Message): string {
  const body = message.body as { text?: unknown };
  return typeof body.text === 'string' ? body.text : message.text;
}

/**
 * `text` cut to at most `budget` UTF-16 units, never between the two halves of a surrogate pair
 * (a lone half would be refused by every JSON and UTF-8 consumer on the way).
 */
export function cutText(text: string, budget: number): string {
  if (text.length <= budget) return text;
  return text.slice(0, splitsSurrogatePair(text, budget) ? budget - 1 : budget);
}

function cutBody(body: Record<string, unknown>, textBudget: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') out[key] = value;
    else if (key === 'text') out[key] = cutText(value, textBudget);
    else if (/url$/i.test(key)) {
      if (value.length <= URL_BUDGET) out[key] = value;
    } else out[key] = value.length > FIELD_BUDGET ? `${cutText(value, FIELD_BUDGET - 1)}…` : value;
  }
  return out;
}

/** The copy of a message that crosses IPC: unchanged unless something in it is over budget. */
export function messageForIpc(message: Message): Message {
  const text = displayText(message);
  const textCut = text.length > TEXT_BUDGET || message.text.length > TEXT_BUDGET;
  const rawCut = message.raw.length > RAW_BUDGET;
  const body = message.body as Record<string, unknown>;
  const fieldCut = Object.entries(body).some(([key, value]) => typeof value === 'string' && key !== 'text' && value.length > (/url$/i.test(key) ? URL_BUDGET : FIELD_BUDGET));
  if (!textCut && !rawCut && !fieldCut) return message;
  const truncated = { ...(textCut ? { textLength: text.length } : {}), ...(rawCut ? { rawLength: message.raw.length } : {}) };
  return {
    ...message,
    body: cutBody(body, TEXT_BUDGET),
    text: cutText(message.text, TEXT_BUDGET),
    raw: cutText(message.raw, RAW_BUDGET),
    ...(textCut || rawCut ? { truncated } : {}),
  } as Message;
}

/** A slice of a message's full text or raw payload, for the bubble that shows more than the page carried. */
export function messageTextSlice(message: Message, part: MessageTextPart, offset: number, limit: number): { text: string; offset: number; total: number } {
  const full = part === 'raw' ? message.raw : displayText(message);
  const start = Math.min(offset, full.length);
  // A slice that would begin with the second half of a pair starts one unit earlier instead.
  const from = splitsSurrogatePair(full, start) ? start - 1 : start;
  let end = Math.min(full.length, from + limit);
  // Nor end between the halves: one unit short, or one over when the slice would be empty.
  if (splitsSurrogatePair(full, end)) end += end - 1 > from ? -1 : 1;
  return { text: full.slice(from, end), offset: from, total: full.length };
}

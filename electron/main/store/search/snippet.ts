// Snippets are plain text plus ranges: the renderer draws the marks itself, so vendor text never
// travels as HTML.
import { foldForSearch, occurrences } from './normalize';

export interface TextRange {
  start: number;
  end: number;
}

export interface Snippet {
  text: string;
  /** Ranges in `text` (UTF-16 offsets) where the query occurs. */
  highlights: TextRange[];
  /** The text goes on before / after the snippet. */
  clippedStart: boolean;
  clippedEnd: boolean;
}

const WIDTH = 96;
const LEAD = 24;

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** A window of `original` around the first occurrence, or null when the text does not contain the query. */
export function snippetFor(original: string, foldedQuery: string): Snippet | null {
  const ranges = occurrences(foldForSearch(original), foldedQuery);
  const first = ranges[0];
  if (!first) return null;
  let start = Math.max(0, Math.min(first.start - LEAD, original.length - WIDTH));
  let end = Math.min(original.length, start + Math.max(WIDTH, first.end - first.start));
  // Never cut an emoji (or any astral character) in half.
  if (start > 0 && isLowSurrogate(original.charCodeAt(start))) start--;
  if (end < original.length && isLowSurrogate(original.charCodeAt(end))) end++;
  return {
    text: original.slice(start, end),
    highlights: ranges
      .filter((range) => range.start < end && range.end > start)
      .map((range) => ({ start: Math.max(range.start, start) - start, end: Math.min(range.end, end) - start })),
    clippedStart: start > 0,
    clippedEnd: end < original.length,
  };
}

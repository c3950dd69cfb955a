// One folding for the index, the query and the reference scan, so "what the index finds" and
// "where the text contains the query" can never disagree. It maps each UTF-16 unit to exactly one
// unit: positions in the folded text are positions in the original, which is how highlight ranges
// found in folded text are drawn on the text the agent sees.
//
// Folding: full-width / half-width forms to their ordinary form (ＡＢＣ１２３ → abc123, ｶ → カ),
// lower case, Latin letters without diacritics (é → e, ǎ → a), every kind of white space to ' '.
// Two code points the index uses as barriers (U+0000 and the private-use block U+E000–U+E0FF)
// become U+FFFD, so no text and no query can ever produce them.

/** Separates fields and white space in the unigram index; no folded text contains it. */
export const BARRIER = '\uE000';

let foldTable: Uint16Array | undefined;

const isLatinRange = (code: number) => code < 0x0250 || (code >= 0x1e00 && code <= 0x1eff);
const COMBINING_ONLY = /^\P{M}\p{M}+$/u;
const WHITE_SPACE = /^\s$/u;

function foldUnit(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return code; // halves of astral characters pass through
  if (code === 0 || (code >= 0xe000 && code <= 0xe0ff)) return 0xfffd;
  let char = String.fromCharCode(code);
  if (WHITE_SPACE.test(char)) return 0x20;
  if (code >= 0xff00 && code <= 0xffef) {
    const plain = char.normalize('NFKC');
    if (plain.length === 1) char = plain;
    if (WHITE_SPACE.test(char)) return 0x20;
  }
  if (isLatinRange(char.charCodeAt(0))) {
    const decomposed = char.normalize('NFD');
    if (COMBINING_ONLY.test(decomposed)) char = decomposed.charAt(0);
  }
  const lower = char.toLowerCase();
  if (lower.length === 1) char = lower;
  return char.charCodeAt(0);
}

function table(): Uint16Array {
  if (!foldTable) {
    const built = new Uint16Array(0x10000);
    for (let code = 0; code < 0x10000; code++) built[code] = foldUnit(code);
    foldTable = built;
  }
  return foldTable;
}

/** The folding as a table of 65,536 UTF-16 units, for the indexer's worker thread (indexer-worker.ts). */
export function foldTableCopy(): Uint16Array {
  return table().slice();
}

/** The searchable form of a text: same length, same positions. */
export function foldForSearch(text: string): string {
  const map = table();
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const folded = map[code]!;
    if (folded !== code) {
      out += text.slice(copiedUpTo, i) + String.fromCharCode(folded);
      copiedUpTo = i + 1;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** What the agent typed, folded and trimmed; '' means "nothing to search for". */
export function foldQuery(query: string): string {
  return foldForSearch(query).trim();
}

/** Code points, not UTF-16 units: an emoji counts as one character, as it does for the tokenizers. */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) count++;
  }
  return count;
}

/**
 * The unigram index's form of a folded text: every character its own token, white space a barrier
 * token, so a one- or two-character phrase query matches exactly where the text contains it.
 */
export function unigramDocument(folded: string): string {
  let out = '';
  for (const char of folded) {
    const token = char === ' ' ? BARRIER : char;
    out = out.length === 0 ? token : `${out} ${token}`;
  }
  return out;
}

/** Every place `foldedQuery` occurs in `foldedText`, as [start, end) UTF-16 ranges. */
export function occurrences(foldedText: string, foldedQuery: string, max = 64): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  if (foldedQuery.length === 0) return ranges;
  let from = 0;
  while (ranges.length < max) {
    const at = foldedText.indexOf(foldedQuery, from);
    if (at < 0) break;
    ranges.push({ start: at, end: at + foldedQuery.length });
    from = at + foldedQuery.length;
  }
  return ranges;
}

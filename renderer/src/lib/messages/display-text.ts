// Vendor text as it is drawn. A few sequences are one character to the line breaker yet draw as
// hundreds of glyphs: a letter under a tower of 2,000 combining marks ("zalgo") paints over the
// messages around it and widens its line, and 600 emoji joined by U+200D form one unbreakable
// cluster that pushes the bubble out of the chat. Such a cluster is drawn as its letters and emoji
// side by side, each with at most a few marks. What is stored, searched and sent stays exactly what
// the customer wrote; ordinary text (Chinese, accents, Thai, Devanagari, real emoji sequences)
// comes back unchanged.

/** UTF-16 units in a real character: the longest emoji sequences (a kiss with two skin tones, a subdivision flag) have 15. */
const MAX_CLUSTER_LENGTH = 24;
/** Marks on one letter: enough for any script's stacked diacritics (Vietnamese has two, Devanagari conjuncts four). */
const MAX_MARKS = 4;

/** Anything that can grow a cluster: marks, joiners, skin tones, variation selectors, tag characters, Hangul jamo. */
const CLUSTER_GROWER = /\p{M}|\u200D|\p{Emoji_Modifier}|[\u{E0020}-\u{E007F}]|[\u1100-\u11FF]|[\uFE00-\uFE0F]/u;
const EXTENDER = /^(?:\p{M}|\p{Emoji_Modifier}|[\u{E0020}-\u{E007F}]|[\uFE00-\uFE0F])$/u;
const MARK = /^\p{M}$/u;
/** Where a joiner was, so the pieces may wrap: a zero-width space is a break opportunity and draws nothing. */
const BREAK = '\u200B';

let segmenter: Intl.Segmenter | undefined;

export function tameForDisplay(text: string): string {
  if (!CLUSTER_GROWER.test(text)) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let out = '';
  let changed = false;
  for (const { segment } of segmenter.segment(text)) {
    if (segment.length > MAX_CLUSTER_LENGTH || (segment.length > MAX_MARKS + 1 && marksIn(segment) > MAX_MARKS)) {
      changed = true;
      out += tameCluster(segment);
    } else out += segment;
  }
  return changed ? out : text;
}

function marksIn(cluster: string): number {
  let marks = 0;
  for (const point of cluster) if (MARK.test(point)) marks++;
  return marks;
}

function tameCluster(cluster: string): string {
  let out = '';
  let marks = 0;
  for (const point of cluster) {
    if (point === '\u200D') {
      marks = 0;
      continue;
    }
    if (EXTENDER.test(point)) {
      if (marks < MAX_MARKS) out += point;
      marks++;
      continue;
    }
    out += out === '' ? point : BREAK + point;
    marks = 0;
  }
  return out;
}

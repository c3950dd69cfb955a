// Turns a snippet (plain text + [start, end) ranges in UTF-16 units) into runs of text, each
// marked or not. The ranges come from main but are checked here anyway: out of bounds, reversed,
// overlapping or unsorted ranges are clamped and merged, so the text is always drawn whole and
// exactly once. Runs are rendered as text nodes inside <mark>, never as HTML.
import type { Snippet } from '@shared/ipc/search';

export interface SnippetRun {
  text: string;
  marked: boolean;
}

export function snippetRuns(snippet: Snippet): SnippetRun[] {
  const { text } = snippet;
  const ranges = snippet.highlights
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const runs: SnippetRun[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) runs.push({ text: text.slice(at, from), marked: false });
    const last = runs.at(-1);
    // Touching or overlapping ranges become one <mark>.
    if (last?.marked && from === at) last.text += text.slice(from, end);
    else runs.push({ text: text.slice(from, end), marked: true });
    at = end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), marked: false });
  return runs;
}

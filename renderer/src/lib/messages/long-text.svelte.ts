// How much of a long message its bubble shows. It opens with at most OPEN_CHARS characters and
// OPEN_LINES lines (and the bubble clamps what wraps beyond those lines); "show more" then adds
// STEP_CHARS at a time in a bounded box that scrolls, so a 1 MB text costs one step of layout per
// press, never the whole megabyte at once. When the page carried only the start of the text
// (Message.truncated), the next step is fetched from main before it is shown.
import { splitsSurrogatePair } from '@shared/text-cut';

export const OPEN_CHARS = 2000;
export const OPEN_LINES = 20;
export const STEP_CHARS = 20_000;

/** Where the rest of a text the page carried only the start of comes from. */
export interface TextSource {
  total: number;
  load(offset: number, limit: number): Promise<{ text: string; offset: number }>;
}

/** The end of what the bubble opens with: OPEN_CHARS characters or OPEN_LINES lines, whichever is shorter. */
export function openingEnd(text: string): number {
  let end = Math.min(text.length, OPEN_CHARS);
  let at = -1;
  for (let line = 0; line < OPEN_LINES; line++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1 || at >= end) break;
    if (line === OPEN_LINES - 1) end = at;
  }
  return splitsSurrogatePair(text, end) ? end - 1 : end;
}

/** The end of a step from `from`: up to `want`, at a line break in its last quarter when there is one. */
function stepEnd(text: string, from: number, want: number): number {
  if (want >= text.length) return text.length;
  const lineBreak = text.lastIndexOf('\n', want - 1);
  if (lineBreak >= from + ((want - from) * 3) / 4) return lineBreak + 1;
  return splitsSurrogatePair(text, want) ? want - 1 : want;
}

export class LongText {
  /** The text known so far: what the page carried, plus the slices fetched since. */
  #known = $state.raw('');
  /** Ends of the pieces shown while expanded; empty while the bubble shows its opening only. */
  #ends = $state.raw<number[]>([]);
  loading = $state(false);
  readonly total: number;
  readonly #source: TextSource | undefined;

  constructor(text: string, source?: TextSource) {
    this.#known = text;
    this.#source = source;
    this.total = Math.max(text.length, source?.total ?? 0);
  }

  readonly opening = $derived(this.#known.slice(0, openingEnd(this.#known)));

  get expanded(): boolean {
    return this.#ends.length > 0;
  }

  /** The pieces shown while expanded, each one block of the box. */
  readonly pieces = $derived(this.#ends.map((end, i) => this.#known.slice(i === 0 ? 0 : this.#ends[i - 1], end)));

  /** Characters not shown yet. */
  get remaining(): number {
    return this.total - (this.expanded ? (this.#ends.at(-1) ?? 0) : this.opening.length);
  }

  /**
   * Opens the box (also for a text that is all there but wraps past the opening's lines) or adds
   * the next step to it; a failed fetch leaves what is shown as it was and rethrows.
   */
  async showMore(): Promise<void> {
    if (this.loading || (this.expanded && this.remaining <= 0)) return;
    const from = this.#ends.at(-1) ?? 0;
    const want = Math.min(this.total, from + STEP_CHARS);
    if (this.#known.length < want && this.#source) {
      this.loading = true;
      try {
        while (this.#known.length < want) {
          const slice = await this.#source.load(this.#known.length, want - this.#known.length);
          if (slice.text === '') break;
          this.#known = this.#known.slice(0, slice.offset) + slice.text;
        }
      } finally {
        this.loading = false;
      }
    }
    const end = stepEnd(this.#known, from, want);
    if (end > from) this.#ends = [...this.#ends, end];
  }

  showLess(): void {
    this.#ends = [];
  }
}

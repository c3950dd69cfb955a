// The benchmark's 200 queries, drawn from a sample of the ingested texts so most of them hit:
// 1–2 and 3–8 Chinese characters, phone fragments, Latin words in any case, and terms that occur
// nowhere (the LIKE scan's worst case).
export type QueryClass = 'cjk-1-2' | 'cjk-3-8' | 'phone' | 'latin' | 'absent';
export const QUERY_CLASSES: readonly QueryClass[] = ['cjk-1-2', 'cjk-3-8', 'phone', 'latin', 'absent'];

export interface BenchQuery {
  text: string;
  queryClass: QueryClass;
}

export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (Math.imul(this.state ^ (this.state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return this.state / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Keeps a uniform sample of the texts seen, in constant memory. */
export class TextSample {
  readonly texts: string[] = [];
  private seen = 0;
  constructor(
    private readonly size: number,
    private readonly random: SeededRandom,
  ) {}
  add(text: string): void {
    this.seen++;
    if (this.texts.length < this.size) this.texts.push(text);
    else {
      const slot = this.random.int(this.seen);
      if (slot < this.size) this.texts[slot] = text;
    }
  }
}

function fragment(random: SeededRandom, runs: readonly string[], min: number, max: number): string | undefined {
  const long = runs.filter((run) => [...run].length >= min);
  if (long.length === 0) return undefined;
  const chars = [...random.pick(long)];
  const length = Math.min(chars.length, min + random.int(max - min + 1));
  const start = random.int(chars.length - length + 1);
  return chars.slice(start, start + length).join('');
}

const SHARES: Record<QueryClass, number> = { 'cjk-1-2': 50, 'cjk-3-8': 50, phone: 30, latin: 30, absent: 40 };

export function benchQueries(texts: readonly string[], seed: number): BenchQuery[] {
  const random = new SeededRandom(seed);
  const han = texts.flatMap((t) => t.match(/\p{Script=Han}+/gu) ?? []);
  const digits = texts.flatMap((t) => t.match(/\d{7,}/g) ?? []);
  const latin = texts.flatMap((t) => t.match(/[A-Za-z][A-Za-z0-9]{2,}/g) ?? []);
  const make: Record<QueryClass, () => string | undefined> = {
    'cjk-1-2': () => fragment(random, han, 1, 2),
    'cjk-3-8': () => fragment(random, han, 3, 8),
    phone: () => fragment(random, digits, 3, 7),
    latin: () => {
      const word = fragment(random, latin, 3, 8);
      return word && random.next() < 0.5 ? word.toUpperCase() : word;
    },
    // Real characters in an order no message has, and Latin words nobody types.
    absent: () => (random.next() < 0.5 ? `${fragment(random, han, 2, 2) ?? '下单'}鱻${random.int(100)}` : `zqxj${random.int(10_000)}`),
  };
  const queries: BenchQuery[] = [];
  for (const queryClass of QUERY_CLASSES) {
    for (let i = 0; i < SHARES[queryClass]; i++) {
      const text = make[queryClass]();
      if (text) queries.push({ text, queryClass });
    }
  }
  return queries;
}

// One seeded generator for every simulator's demo data and the benchmark's datasets: mulberry32,
// tiny, fast, and the same sequence for the same seed on every machine, so demo tenants and
// benchmark runs can be rebuilt exactly.
export type Rng = () => number;

export function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

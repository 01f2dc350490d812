// What every bench returns, so one runner can print them all.
export interface BenchResult {
  name: string;
  figures: Record<string, number | string>;
}

export interface Bench {
  name: string;
  run: () => BenchResult | Promise<BenchResult>;
}

/** Timing figures of repeated runs: median, p95 and min in ms. */
export function timings(samples: readonly number[]): { median: number; p95: number; min: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p95: pick(0.95), min: sorted[0]! };
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed; returns the samples in ms. */
export function sample(fn: () => unknown, runs: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** A small deterministic PRNG (mulberry32), so every run benches the same sheet. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Interleaved rounds and medians: every variant runs once per round, in a rotating order, so
// drift in the machine (other load, caches, GC) falls on all of them alike.

export type Timing = { usPerOp: number[]; median: number };

/** Runs `op` `ops` times with `concurrency` in flight; returns microseconds per operation. */
export async function timeOps(op: () => Promise<unknown>, ops: number, concurrency: number): Promise<number> {
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < ops) await op();
    }),
  );
  return ((performance.now() - t0) * 1000) / ops;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function interleave(
  variants: Record<string, () => Promise<unknown>>,
  opts: { rounds: number; ops: number; concurrency: number; warmup?: number },
): Promise<Record<string, Timing>> {
  const names = Object.keys(variants);
  for (const name of names) await timeOps(variants[name], opts.warmup ?? opts.ops, opts.concurrency);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      samples[name].push(await timeOps(variants[name], opts.ops, opts.concurrency));
    }
  }
  return Object.fromEntries(names.map((n) => [n, { usPerOp: samples[n].map(round1), median: round1(median(samples[n])) }]));
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** The nearest-rank percentile (`p` from 0 to 100) of a non-empty list. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

// What every reliability test shares: its size (`COUNTERSIGN_SOAK=1`, set by `npm run
// test:reliability -- --soak`, multiplies the counts by 10), a seeded PRNG so a failing run can be
// repeated (`COUNTERSIGN_RELIABILITY_SEED`), and the figures each test reports for the summary.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SOAK = process.env.COUNTERSIGN_SOAK === "1";
/** Multiplies a default count by the soak factor. */
export const scaled = (count: number) => (SOAK ? count * 10 : count);

export const SEED = Number(process.env.COUNTERSIGN_RELIABILITY_SEED ?? 20261207) >>> 0;

/** mulberry32: a small, fast PRNG whose whole state is one 32-bit number. */
export function prng(seed: number = SEED): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the figures go: the runner (test/reliability/run.mjs) prints them all at the end. */
export const FIGURES_DIR = join(process.cwd(), ".test-results", "reliability");

/** Records one test's figures (name → number or text) for the summary. */
export function reportFigures(test: string, figures: Record<string, number | string>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${test}.json`), JSON.stringify({ test, soak: SOAK, seed: SEED, ...figures }, null, 2));
}

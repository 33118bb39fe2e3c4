// Small helpers shared by the bench modules: timing, statistics, progress logging, temp dirs, file sizes.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/** Progress goes to stderr so that `--json` leaves stdout to the one JSON object. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function now(): number {
  return performance.now();
}

/** Process CPU time (user + system, all threads) in ms: less sensitive than wall time to other load on the machine. */
export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Ends a timed section: turns the event loop until the work the section left behind has run.
 * V8 runs parts of its garbage collection as tasks on the event loop, so code that never yields
 * (the official saver's SQL is synchronous; a whole chunk of its runs is one macrotask) leaves them
 * to whatever next turns the loop: in a side-by-side bench, the other side's timed section (after
 * 50 official creates, the next turn ran 33 to 56 µs of work per create). Two turns run them all.
 */
export async function drainEventLoop(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Deterministic PRNG (mulberry32) so both savers see byte-identical workloads. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  "the a of to and in for on with that this is be as are at from by it or an we your our will can not have has was approve approval request refund invoice customer order payment account vendor contract deploy production release budget quarter review policy limit exceeds threshold manager finance legal security access credentials rotate database migration schedule window rollback plan ticket escalation priority summary details attached please confirm before proceeding amount total currency shipping address changed recently flagged risk score".split(
    " ",
  );

/** A sentence-like text of `min`..`max` characters, deterministic for a given PRNG. */
export function text(rand: () => number, min: number, max: number): string {
  const target = min + Math.floor(rand() * (max - min + 1));
  let out = "";
  let sentenceStart = true;
  while (out.length < target) {
    let word = WORDS[Math.floor(rand() * WORDS.length)] as string;
    if (sentenceStart) word = word.charAt(0).toUpperCase() + word.slice(1);
    sentenceStart = rand() < 0.08;
    out += (out.length === 0 ? "" : " ") + word + (sentenceStart ? "." : "");
  }
  out = out.slice(0, target).trimEnd();
  return out.endsWith(".") ? out : `${out.slice(0, Math.max(0, out.length - 1))}.`;
}

/** A temp dir removed on `dispose()` and, as a fallback, on exit or Ctrl-C. */
export function makeTempDir(prefix = "countersign-bench-"): { dir: string; path: (name: string) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", dispose);
  const onSignal = (): void => {
    dispose();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return { dir, path: (name) => join(dir, name), dispose };
}

/** Bytes of a SQLite database on disk: the main file plus any -wal left behind (call after closing). */
export function dbFileBytes(path: string): { bytes: number; mainBytes: number; walBytes: number } {
  const size = (p: string): number => (existsSync(p) ? statSync(p).size : 0);
  const mainBytes = size(path);
  const walBytes = size(`${path}-wal`);
  return { bytes: mainBytes + walBytes, mainBytes, walBytes };
}

export function fmtMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

export function fmtRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return "n/a";
  if (r >= 100) return `${fmtInt(r)}×`;
  return `${r.toFixed(2)}×`;
}

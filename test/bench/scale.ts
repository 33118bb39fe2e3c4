// `--scale`: the discovery curve. How long does it take to find the first page of pending interrupts
// as the number of threads grows, ours (pendingInterrupts) vs the official API (list + getState per thread)?
//
// Population (both savers, same pattern): the first `realThreads` threads run through the real graph
// (graph.invoke up to the interrupt; 9 of every 10 then resumed to completion with a Command, the 10th
// left pending). Sizes beyond that are reached by cloning those real threads' rows with SQL
// INSERT ... SELECT into new thread ids ("c<batch>-<id>"), every table that has a thread_id column,
// which for ours includes its interrupt index. So 10% of threads are pending at every size.
import Database from "better-sqlite3";
import { Command } from "@langchain/langgraph";
import { approvalDecision, approvalGraph, approvalInput, type ApprovalGraph } from "./graphs.ts";
import { OURS_IMPL, closeOfficial, openOfficial, openOurs, type InboxCheckpointer, type PendingInterrupt } from "./savers.ts";
import { allPendingOurs, checkOursAgainstScan, officialScanMedian, oursQueryMedian, PAGE, threadId } from "./workloads.ts";
import { dbFileBytes, fmtInt, fmtMs, now, progress, round } from "./util.ts";
import type { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";

export interface DiscoveryPoint {
  threads: number;
  pending: number;
  real_threads: number;
  cloned_threads: number;
  inbox_query_ms: number;
  official_scan_ms: number;
  speedup: number;
  official_scan_reps: number;
  official_scan_samples_ms: number[];
  inbox_samples_ms: number[];
  /** Main file + WAL while the savers are open (WAL not truncated): a rough size, not a metric. */
  db_bytes_open_incl_wal: { ours: number; official: number };
  check: { ok: boolean; kind: "full" | "light"; problems: string[] };
}

export interface DiscoveryResult {
  mode: "scale";
  points: DiscoveryPoint[];
  meta: {
    generated_at: string;
    node: string;
    cpus: number;
    ours_impl: string;
    official_impl: string;
    max_threads: number;
    real_threads: number;
    pending_fraction: number;
    population: string;
    cloned_tables: { ours: string[]; official: string[] };
    loadavg_1m?: { start: number; end: number };
    wall_ms: Record<string, number>;
  };
}

export interface ScaleOptions {
  maxThreads: number;
  realThreads: number;
  /** Up to this many threads the result of ours is checked against getState over ALL threads (costs a scan). */
  fullCheckMax: number;
  path: (name: string) => string;
}

export function scaleSizes(maxThreads: number): number[] {
  const sizes = [100, 1_000, 10_000, 100_000].filter((s) => s <= maxThreads);
  if (!sizes.includes(maxThreads)) sizes.push(maxThreads);
  return sizes.sort((a, b) => a - b);
}

const isPendingIndex = (i: number): boolean => i % 10 === 9;

/** Runs real threads [from, to): invoke to the interrupt, then resume 9 of every 10. */
async function populateReal(graph: ApprovalGraph, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const cfg = { configurable: { thread_id: threadId(i) } };
    const out = await graph.invoke(approvalInput(i), cfg);
    if (isPendingIndex(i)) continue;
    const id = (out as { __interrupt__?: { id?: string }[] }).__interrupt__?.[0]?.id;
    if (!id) throw new Error(`thread ${threadId(i)} did not interrupt`);
    await graph.invoke(new Command({ resume: { [id]: approvalDecision(i) } }), cfg);
  }
}

/**
 * Clones the first `count` real threads (or the threads `templates` names) into new ids
 * `${prefix}${thread_id}`, in every table with a thread_id column. Runs on its own connection while
 * the saver is closed. Returns the tables touched. Also used by the UI bench (ui.ts) on host.sqlite.
 */
export function cloneThreads(dbPath: string, prefix: string, templates: number | readonly string[], skipTables: readonly string[] = []): string[] {
  const db = new Database(dbPath);
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
    const touched: string[] = [];
    db.transaction(() => {
      db.exec("CREATE TEMP TABLE IF NOT EXISTS tpl (thread_id TEXT PRIMARY KEY)");
      db.exec("DELETE FROM tpl");
      const add = db.prepare("INSERT INTO tpl (thread_id) VALUES (?)");
      const ids = typeof templates === "number" ? Array.from({ length: templates }, (_, i) => threadId(i)) : templates;
      for (const id of ids) add.run(id);
      for (const table of tables) {
        const cols = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string; pk: number }[];
        if (!cols.some((c) => c.name === "thread_id") || skipTables.includes(table)) continue;
        const pkCols = cols.filter((c) => c.pk > 0);
        const rowidAlias = pkCols.length === 1 && pkCols[0]!.type.toUpperCase() === "INTEGER" ? pkCols[0]!.name : null;
        const copied = cols.filter((c) => c.name !== rowidAlias);
        const list = copied.map((c) => `"${c.name}"`).join(", ");
        const select = copied.map((c) => (c.name === "thread_id" ? `@prefix || "thread_id"` : `"${c.name}"`)).join(", ");
        db.prepare(`INSERT INTO "${table}" (${list}) SELECT ${select} FROM "${table}" WHERE "thread_id" IN (SELECT thread_id FROM tpl)`).run({ prefix });
        touched.push(table);
      }
    })();
    return touched;
  } finally {
    db.close();
  }
}

/**
 * Cheap check where a full getState comparison is too slow: count and uniqueness across cursor pages, and order
 * when no rows are cloned (clones carry their template's timestamp, so createdAt order is only checked before cloning).
 */
async function lightCheck(ours: InboxCheckpointer, expectedPending: number, ordered: boolean): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  const { all } = await allPendingOurs(ours);
  const distinct = new Set(all.map((p) => `${p.threadId}|${p.interruptId ?? ""}`)).size;
  if (distinct !== all.length) problems.push(`duplicates across pages (${all.length} items, ${distinct} distinct)`);
  if (distinct !== expectedPending) problems.push(`pendingInterrupts found ${distinct} pending, expected ${expectedPending}`);
  for (let i = 1; ordered && i < all.length; i++) {
    if ((all[i - 1] as PendingInterrupt).createdAt < (all[i] as PendingInterrupt).createdAt) {
      problems.push(`not newest first at index ${i}`);
      break;
    }
  }
  return { problems };
}

export async function runScale(opts: ScaleOptions): Promise<DiscoveryResult> {
  const sizes = scaleSizes(opts.maxThreads);
  const wall: Record<string, number> = { populate_real: 0, clone: 0, measure_ours: 0, official_scan: 0, check: 0 };
  const oursPath = opts.path("scale-ours.sqlite");
  const officialPath = opts.path("scale-official.sqlite");
  let ours = openOurs(oursPath);
  let official: SqliteSaver = openOfficial(officialPath);
  const clonedTables = { ours: [] as string[], official: [] as string[] };
  const points: DiscoveryPoint[] = [];
  let count = 0; // threads present in each database
  let pending = 0;
  let real = 0;
  let batch = 0;
  const realPendingBelow = (n: number): number => Math.floor(n / 10); // pending indices 9, 19, 29, ... below n
  try {
    for (const size of sizes) {
      // 1) real threads up to min(size, realThreads)
      const realTarget = Math.min(size, opts.realThreads);
      if (real < realTarget) {
        progress(`scale: real graph threads ${fmtInt(real)}..${fmtInt(realTarget)} per saver`);
        const t0 = now();
        await populateReal(approvalGraph(ours), real, realTarget);
        await populateReal(approvalGraph(official), real, realTarget);
        wall.populate_real! += now() - t0;
        pending += realPendingBelow(realTarget) - realPendingBelow(real);
        count += realTarget - real;
        real = realTarget;
      }
      // 2) clones of the real threads up to size
      if (count < size) {
        progress(`scale: cloning real threads' rows up to ${fmtInt(size)} threads per saver (INSERT ... SELECT)`);
        const t0 = now();
        ours.close();
        closeOfficial(official);
        while (count < size) {
          const take = Math.min(real, size - count);
          const prefix = `c${++batch}-`;
          clonedTables.ours = cloneThreads(oursPath, prefix, take);
          clonedTables.official = cloneThreads(officialPath, prefix, take);
          count += take;
          pending += realPendingBelow(take);
        }
        ours = openOurs(oursPath);
        official = openOfficial(officialPath);
        wall.clone! += now() - t0;
      }

      progress(`scale: ${fmtInt(size)} threads (${fmtInt(pending)} pending): timing ours`);
      let t0 = now();
      const oursQ = await oursQueryMedian(ours, 31);
      wall.measure_ours! += now() - t0;
      const reps = size <= 10_000 ? 3 : 1;
      progress(`scale: ${fmtInt(size)} threads: official scan ×${reps}`);
      t0 = now();
      const officialQ = await officialScanMedian(approvalGraph(official), official, reps);
      wall.official_scan! += now() - t0;
      progress(`scale: ${fmtInt(size)} threads: ours ${fmtMs(oursQ.ms)}, official ${fmtMs(officialQ.ms)}; checking`);
      t0 = now();
      const kind = size <= opts.fullCheckMax ? "full" : "light";
      const check = kind === "full" ? await checkOursAgainstScan(ours, approvalGraph(ours), pending, count === real) : await lightCheck(ours, pending, count === real);
      if (officialQ.items !== Math.min(PAGE, pending)) check.problems.push(`official scan page has ${officialQ.items} items, expected ${Math.min(PAGE, pending)}`);
      wall.check! += now() - t0;
      points.push({
        threads: size,
        pending,
        real_threads: real,
        cloned_threads: count - real,
        inbox_query_ms: round(oursQ.ms, 4),
        official_scan_ms: round(officialQ.ms, 2),
        speedup: round(officialQ.ms / oursQ.ms, 1),
        official_scan_reps: reps,
        official_scan_samples_ms: officialQ.samples.map((x) => round(x, 1)),
        inbox_samples_ms: oursQ.samples.map((x) => round(x, 4)),
        db_bytes_open_incl_wal: { ours: dbFileBytes(oursPath).bytes, official: dbFileBytes(officialPath).bytes },
        check: { ok: check.problems.length === 0, kind, problems: check.problems },
      });
    }
  } finally {
    ours.close();
    closeOfficial(official);
  }
  return {
    mode: "scale",
    points,
    meta: {
      generated_at: new Date().toISOString(),
      node: process.versions.node,
      cpus: (await import("node:os")).availableParallelism(),
      ours_impl: OURS_IMPL,
      official_impl: "@langchain/langgraph-checkpoint-sqlite SqliteSaver",
      max_threads: opts.maxThreads,
      real_threads: opts.realThreads,
      pending_fraction: 0.1,
      population:
        `first ${fmtInt(opts.realThreads)} threads per saver run through the real 1-node interrupt graph (graph.invoke to the interrupt; 9 in 10 resumed to completion with Command, every 10th left pending); ` +
        `larger sizes cloned from those threads with SQL INSERT ... SELECT into new thread ids, in every table with a thread_id column, so 10% of threads are pending at every size`,
      cloned_tables: clonedTables,
      wall_ms: Object.fromEntries(Object.entries(wall).map(([k, v]) => [k, round(v, 0)])),
    },
  };
}

export function renderScale(d: DiscoveryResult): string {
  const rows = [["threads", "pending", "real/cloned", "ours pendingInterrupts", "official scan", "speedup", "check"]];
  for (const p of d.points) {
    rows.push([fmtInt(p.threads), fmtInt(p.pending), `${fmtInt(p.real_threads)}/${fmtInt(p.cloned_threads)}`, fmtMs(p.inbox_query_ms), `${fmtMs(p.official_scan_ms)} (×${p.official_scan_reps})`, `${fmtInt(p.speedup)}×`, p.check.ok ? `ok (${p.check.kind})` : "FAIL"]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const out = [
    `Discovery curve: time to find the first page of ${PAGE} pending interrupts. ours = ${d.meta.ours_impl}`,
    `population: ${d.meta.population}`,
    "",
  ];
  rows.forEach((r, i) => {
    out.push(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
    if (i === 0) out.push(widths.map((w) => "─".repeat(w)).join("  "));
  });
  for (const p of d.points) for (const problem of p.check.problems) out.push(`  PROBLEM at ${fmtInt(p.threads)}: ${problem}`);
  if (d.meta.loadavg_1m) out.push(`load average (1 min): ${d.meta.loadavg_1m.start} → ${d.meta.loadavg_1m.end} on ${d.meta.cpus} CPUs`);
  out.push(`cloned tables: ours [${d.meta.cloned_tables.ours.join(", ")}], official [${d.meta.cloned_tables.official.join(", ")}]`);
  out.push(`wall time: ${Object.entries(d.meta.wall_ms).map(([k, v]) => `${k} ${fmtMs(v)}`).join(", ")}`);
  return out.join("\n");
}

// Builds the default-mode result object (the `--json` shape) and renders it as a human table.
import { existsSync, readFileSync } from "node:fs";
import type { ApprovalResult, BytesResult, PutResult } from "./workloads.ts";
import { fmtBytes, fmtInt, fmtMs, fmtRatio, round } from "./util.ts";
import type { DiscoveryResult } from "./scale.ts";

/** Create and resume are "no slower than official" at this ratio or below, judged strictly: one run's ratio, no allowance for noise. */
export const TIME_RATIO_MAX = 1;
export const INBOX_TARGET = { threads: 100_000, pending: 10_000, max_ms: 5, min_speedup: 1000 } as const;
export const DB_BYTES_RATIO_MAX = 0.2;
export const PUT_RATIO_MIN = 1.5;
/** A cold `countersign list` (1,000 items) within this many times a bare `node -e 0`. */
export const CLI_LIST_RATIO_MAX = 3;

export interface Meta {
  generated_at: string;
  node: string;
  platform: string;
  cpus: number;
  ours_impl: string;
  official_impl: string;
  threads: number;
  /** 1-minute load average before and after: other work on the machine skews absolute timings (less so ratios). */
  loadavg_1m: { start: number; end: number };
  wall_ms: Record<string, number>;
}

export interface InboxTarget100k {
  pass: boolean | null;
  source: string;
  query_ms: number | null;
  official_scan_ms: number | null;
  speedup: number | null;
  pending: number | null;
}

export function inboxTargetFrom(d: DiscoveryResult | null, source: string): InboxTarget100k {
  const point = d?.points.find((p) => p.threads === INBOX_TARGET.threads);
  if (!d || !point) {
    return { pass: null, source: `${source}: no ${fmtInt(INBOX_TARGET.threads)}-thread point; run \`npm run bench -- --scale\``, query_ms: null, official_scan_ms: null, speedup: null, pending: null };
  }
  const speedup = point.official_scan_ms / point.inbox_query_ms;
  return {
    pass: point.inbox_query_ms < INBOX_TARGET.max_ms && speedup >= INBOX_TARGET.min_speedup && point.pending === INBOX_TARGET.pending,
    source: `${source} (generated ${d.meta.generated_at}, ours = ${d.meta.ours_impl})`,
    query_ms: point.inbox_query_ms,
    official_scan_ms: point.official_scan_ms,
    speedup: round(speedup, 1),
    pending: point.pending,
  };
}

export function readDiscovery(file: string): DiscoveryResult | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DiscoveryResult;
  } catch {
    return null;
  }
}

export function buildResult(meta: Meta, a: ApprovalResult, b: BytesResult, p: PutResult, ceiling: { sqlite_commit_per_s: number }, inbox100k: InboxTarget100k) {
  const ratios = {
    inbox_speedup: round(a.official_scan_ms / a.inbox_query_ms, 1),
    create_ratio: round(a.create_ms / a.official_create_ms, 3),
    resume_ratio: round(a.resume_ms / a.official_resume_ms, 3),
    db_bytes_ratio: round(b.db_bytes_50_turns / b.official_db_bytes_50_turns, 4),
    put_ratio: round(p.put_per_s / p.official_put_per_s, 3),
    put_vs_sqlite_ceiling: round(p.put_per_s / ceiling.sqlite_commit_per_s, 3),
    official_put_vs_sqlite_ceiling: round(p.official_put_per_s / ceiling.sqlite_commit_per_s, 3),
  };
  const targets = {
    inbox_100k_under_5ms_and_1000x: inbox100k.pass,
    create_no_slower: ratios.create_ratio <= TIME_RATIO_MAX,
    resume_no_slower: ratios.resume_ratio <= TIME_RATIO_MAX,
    db_bytes_at_most_one_fifth: ratios.db_bytes_ratio <= DB_BYTES_RATIO_MAX,
    put_at_least_1_5x: ratios.put_ratio >= PUT_RATIO_MIN,
  };
  return {
    mode: "compare" as const,
    threads: meta.threads,
    create_ms: round(a.create_ms, 1),
    official_create_ms: round(a.official_create_ms, 1),
    inbox_query_ms: round(a.inbox_query_ms, 4),
    official_scan_ms: round(a.official_scan_ms, 2),
    resume_ms: round(a.resume_ms, 1),
    official_resume_ms: round(a.official_resume_ms, 1),
    memory_create_ms: round(a.memory_create_ms, 1),
    memory_resume_ms: round(a.memory_resume_ms, 1),
    db_bytes_50_turns: b.db_bytes_50_turns,
    official_db_bytes_50_turns: b.official_db_bytes_50_turns,
    put_per_s: Math.round(p.put_per_s),
    official_put_per_s: Math.round(p.official_put_per_s),
    sqlite_commit_per_s: Math.round(ceiling.sqlite_commit_per_s),
    ratios,
    targets,
    targets_detail: {
      time_ratio_max: TIME_RATIO_MAX,
      create_resume_rule: `ours_ms / official_ms <= ${TIME_RATIO_MAX} (no slower)`,
      db_bytes_rule: `ours_bytes / official_bytes <= ${DB_BYTES_RATIO_MAX}`,
      put_rule: `ours_put_per_s / official_put_per_s >= ${PUT_RATIO_MIN}`,
      inbox_100k_rule: `at ${INBOX_TARGET.threads} threads with ${INBOX_TARGET.pending} pending: pendingInterrupts({limit:50}) median < ${INBOX_TARGET.max_ms} ms and official scan / ours >= ${INBOX_TARGET.min_speedup}`,
      inbox_100k: inbox100k,
    },
    cpu_ms: {
      note: "process CPU time (user + system) spent in each side's timed section; less sensitive than wall time to other load on the machine",
      create: round(a.cpu_ms.create, 0),
      official_create: round(a.cpu_ms.official_create, 0),
      resume: round(a.cpu_ms.resume, 0),
      official_resume: round(a.cpu_ms.official_resume, 0),
      put: round(p.cpu_ms, 0),
      official_put: round(p.official_cpu_ms, 0),
      create_ratio: round(a.cpu_ms.create / a.cpu_ms.official_create, 3),
      resume_ratio: round(a.cpu_ms.resume / a.cpu_ms.official_resume, 3),
      put_ratio: round(p.official_cpu_ms / p.cpu_ms, 3),
    },
    per_thread_ms: {
      create: round(a.create_ms / meta.threads, 3),
      official_create: round(a.official_create_ms / meta.threads, 3),
      resume: round(a.resume_ms / meta.threads, 3),
      official_resume: round(a.official_resume_ms / meta.threads, 3),
      memory_create: round(a.memory_create_ms / meta.threads, 3),
      memory_resume: round(a.memory_resume_ms / meta.threads, 3),
      /** Each saver's own cost per thread: its time minus the in-memory floor's. */
      over_memory_create: round((a.create_ms - a.memory_create_ms) / meta.threads, 3),
      official_over_memory_create: round((a.official_create_ms - a.memory_create_ms) / meta.threads, 3),
      over_memory_resume: round((a.resume_ms - a.memory_resume_ms) / meta.threads, 3),
      official_over_memory_resume: round((a.official_resume_ms - a.memory_resume_ms) / meta.threads, 3),
    },
    checks: {
      inbox_matches_getState: a.checks.inbox.ok,
      inbox_problems: a.checks.inbox.problems,
      ours_pending_found: a.checks.inbox.oursPending,
      official_pending_found: a.checks.official_pending_before_resume,
      resumed_ours: a.checks.resumed_ours,
      resumed_official: a.checks.resumed_official,
      ours_pending_after_resume: a.checks.pending_after_resume_ours,
      conversation_messages: b.messages,
    },
    details: {
      inbox_samples_ms: a.inbox_samples_ms.map((x) => round(x, 4)),
      official_scan_samples_ms: a.official_scan_samples_ms.map((x) => round(x, 1)),
      db_files: b.detail,
      put: { puts_per_replay: p.puts_per_replay, replays: p.replays, put_ms: round(p.put_ms, 1), official_put_ms: round(p.official_put_ms, 1), shared_element_share: round(p.shared_element_share, 3) },
      approval_db_bytes_after_resume: { ours: a.approval_db_bytes, official: a.official_approval_db_bytes, ratio: round(a.approval_db_bytes / a.official_approval_db_bytes, 3) },
    },
    meta,
  };
}

export type CompareResult = ReturnType<typeof buildResult>;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  const out = [line(rows[0]!), widths.map((w) => "─".repeat(w)).join("  ")];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join("\n");
}

const passFail = (v: boolean | null): string => (v === null ? "not measured" : v ? "PASS" : "FAIL");

export function renderCompare(r: CompareResult): string {
  const n = fmtInt(r.threads);
  const out: string[] = [];
  out.push(`Countersign checkpointer bench: ours = ${r.meta.ours_impl}, official = ${r.meta.official_impl}`);
  out.push(`${n} threads, file databases in a temp dir, Node ${r.meta.node}, ${r.meta.cpus} CPUs, load average ${r.meta.loadavg_1m.start} → ${r.meta.loadavg_1m.end}, ${r.meta.generated_at}`);
  out.push("");
  out.push(
    table([
      ["metric", "ours", "official", "ours vs official", "memory floor"],
      [`create ${n} threads to interrupt`, fmtMs(r.create_ms), fmtMs(r.official_create_ms), `${fmtRatio(r.ratios.create_ratio)} time`, fmtMs(r.memory_create_ms)],
      ["first page of 50 pending interrupts", fmtMs(r.inbox_query_ms), fmtMs(r.official_scan_ms), `${fmtRatio(r.ratios.inbox_speedup)} faster`],
      [`resume ${n} threads (Command)`, fmtMs(r.resume_ms), fmtMs(r.official_resume_ms), `${fmtRatio(r.ratios.resume_ratio)} time`, fmtMs(r.memory_resume_ms)],
      ["db bytes after 50-turn conversation", fmtBytes(r.db_bytes_50_turns), fmtBytes(r.official_db_bytes_50_turns), `${fmtRatio(r.ratios.db_bytes_ratio)} size`],
      ["put() throughput (replayed graph puts)", `${fmtInt(r.put_per_s)}/s`, `${fmtInt(r.official_put_per_s)}/s`, `${fmtRatio(r.ratios.put_ratio)} rate`],
      ["sqlite one-row commits (ceiling)", `${fmtInt(r.sqlite_commit_per_s)}/s`, "", ""],
      [`(info) db bytes, ${n} approval threads resumed`, fmtBytes(r.details.approval_db_bytes_after_resume.ours), fmtBytes(r.details.approval_db_bytes_after_resume.official), `${fmtRatio(r.details.approval_db_bytes_after_resume.ratio)} size`],
    ]),
  );
  out.push("");
  out.push("inbox: ours = median of pendingInterrupts({limit:50}); official = list({}) + getState per thread, flatten, sort, take 50 (median).");
  out.push(`put: ${r.details.put.puts_per_replay} recorded put() calls of a 50-turn conversation, replayed ${r.details.put.replays}× per saver; ceiling = ${fmtInt(r.sqlite_commit_per_s)}/s, ours at ${(r.ratios.put_vs_sqlite_ceiling * 100).toFixed(0)}% of it, official at ${(r.ratios.official_put_vs_sqlite_ceiling * 100).toFixed(0)}%.`);
  const cpu = r.cpu_ms;
  const per = r.per_thread_ms;
  out.push(`over the in-memory floor (MemorySaver, same graph): create ${fmtMs(per.over_memory_create)} per thread ours, ${fmtMs(per.official_over_memory_create)} official; resume ${fmtMs(per.over_memory_resume)} ours, ${fmtMs(per.official_over_memory_resume)} official.`);
  out.push(`cpu time (user+sys, less sensitive to other load): create ${fmtRatio(cpu.create_ratio)}, resume ${fmtRatio(cpu.resume_ratio)} of official's; put rate ${fmtRatio(cpu.put_ratio)} of official's.`);
  out.push("");
  out.push(
    table([
      ["target", "result", "rule / measured"],
      ["inbox at 100k threads (10k pending)", passFail(r.targets.inbox_100k_under_5ms_and_1000x), r.targets_detail.inbox_100k.query_ms === null ? r.targets_detail.inbox_100k.source : `${fmtMs(r.targets_detail.inbox_100k.query_ms)} (< 5 ms), ${fmtRatio(r.targets_detail.inbox_100k.speedup)} (>= 1000×), from ${r.targets_detail.inbox_100k.source}`],
      ["create no slower", passFail(r.targets.create_no_slower), `ratio ${r.ratios.create_ratio} <= ${TIME_RATIO_MAX}`],
      ["resume no slower", passFail(r.targets.resume_no_slower), `ratio ${r.ratios.resume_ratio} <= ${TIME_RATIO_MAX}`],
      ["db bytes at most 1/5", passFail(r.targets.db_bytes_at_most_one_fifth), `ratio ${r.ratios.db_bytes_ratio} <= ${DB_BYTES_RATIO_MAX}`],
      ["put at least 1.5×", passFail(r.targets.put_at_least_1_5x), `ratio ${r.ratios.put_ratio} >= ${PUT_RATIO_MIN}`],
    ]),
  );
  out.push("");
  const c = r.checks;
  out.push(
    `checks: pendingInterrupts ${c.inbox_matches_getState ? "matches" : "DOES NOT match"} getState over our saver (${fmtInt(c.ours_pending_found)} pending found; official scan found ${fmtInt(c.official_pending_found)}); resumed ${fmtInt(c.resumed_ours)}/${fmtInt(c.resumed_official)}; ours pending after resume: ${c.ours_pending_after_resume}`,
  );
  for (const p of c.inbox_problems) out.push(`  PROBLEM: ${p}`);
  out.push(`wall time: ${Object.entries(r.meta.wall_ms).map(([k, v]) => `${k} ${fmtMs(v)}`).join(", ")}`);
  out.push("Timings vary ±30% run to run; compare the ratios measured in this run.");
  return out.join("\n");
}

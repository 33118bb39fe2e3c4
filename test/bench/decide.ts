// The cost of a decision through the host (validate, record in the journal, resume by id, update the
// index, emit events) against a bare `graph.invoke(new Command({ resume }))` on the same graph.
import { mkdirSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Command } from "@langchain/langgraph";
import { createHost, SqliteCheckpointer } from "../../main/host/index.ts";
import { approvalBuilder, approvalDecision, approvalInput } from "./graphs.ts";
import { cpuNow, now, progress, round } from "./util.ts";

export interface DecideResult {
  items: number;
  decide_ms: number;
  raw_resume_ms: number;
  decide_cpu_ms: number;
  raw_resume_cpu_ms: number;
  overhead_ratio: number;
  overhead_cpu_ratio: number;
}

const GRAPH_MODULE = new URL("./graphs.ts", import.meta.url).pathname;

/**
 * Copies the WAL into the database file before a timed section, so that neither side pays for a
 * WAL checkpoint its setup left due (one copies up to 40 MB: a tenth of a section's time, landing
 * on one side or the other by chance).
 */
function emptyWal(file: string): void {
  const db = new Database(file);
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } finally {
    db.close();
  }
}

async function rawResume(n: number, file: string): Promise<{ ms: number; cpu: number }> {
  const saver = SqliteCheckpointer.open(file);
  try {
    const graph = approvalBuilder.compile({ checkpointer: saver });
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const paused = await graph.invoke(approvalInput(i), { configurable: { thread_id: `raw-${i}` } });
      ids.push((paused as unknown as { __interrupt__: Array<{ id: string }> }).__interrupt__[0]!.id);
    }
    emptyWal(file);
    const t0 = now();
    const c0 = cpuNow();
    for (let i = 0; i < n; i++) await graph.invoke(new Command({ resume: { [ids[i]!]: approvalDecision(i) } }), { configurable: { thread_id: `raw-${i}` } });
    return { ms: now() - t0, cpu: cpuNow() - c0 };
  } finally {
    saver.close();
  }
}

async function hostDecide(n: number, dir: string): Promise<{ ms: number; cpu: number }> {
  const config = `${dir}/langgraph.json`;
  writeFileSync(config, JSON.stringify({ graphs: { approval: `${GRAPH_MODULE}:approvalBuilder` } }));
  const host = await createHost({ dataDir: dir, configPath: config });
  try {
    for (let i = 0; i < n; i++) await host.startRun("approval", { input: approvalInput(i) as unknown as Record<string, unknown>, threadId: `host-${i}` });
    const { items } = await host.listItems({ limit: n });
    if (items.length !== n) throw new Error(`expected ${n} pending items, found ${items.length}`);
    emptyWal(`${dir}/checkpoints.sqlite`);
    emptyWal(`${dir}/host.sqlite`);
    const t0 = now();
    const c0 = cpuNow();
    for (const [i, item] of items.entries()) {
      const result = await host.decide(item.id, { type: "resume", value: approvalDecision(i) });
      if (result.status !== "applied") throw new Error(`decision on ${item.id} ended ${result.status}`);
    }
    return { ms: now() - t0, cpu: cpuNow() - c0 };
  } finally {
    await host.close();
  }
}

export async function decideSuite(n: number, path: (name: string) => string): Promise<DecideResult> {
  progress(`decide: ${n} decisions through the host vs ${n} bare Command resumes`);
  // Two alternating rounds on fresh files so neither side always runs first.
  let decide = { ms: 0, cpu: 0 };
  let raw = { ms: 0, cpu: 0 };
  for (let round_ = 0; round_ < 2; round_++) {
    const dir = path(`decide-host-${round_}`);
    mkdirSync(dir, { recursive: true });
    const first = round_ === 0 ? await rawResume(n, path(`decide-raw-${round_}.sqlite`)) : await hostDecide(n, dir);
    const second = round_ === 0 ? await hostDecide(n, dir) : await rawResume(n, path(`decide-raw-${round_}.sqlite`));
    const [r, d] = round_ === 0 ? [first, second] : [second, first];
    raw = { ms: raw.ms + r.ms, cpu: raw.cpu + r.cpu };
    decide = { ms: decide.ms + d.ms, cpu: decide.cpu + d.cpu };
  }
  return {
    items: n,
    decide_ms: round(decide.ms / 2, 1),
    raw_resume_ms: round(raw.ms / 2, 1),
    decide_cpu_ms: round(decide.cpu / 2, 1),
    raw_resume_cpu_ms: round(raw.cpu / 2, 1),
    overhead_ratio: round(decide.ms / raw.ms, 3),
    overhead_cpu_ratio: round(decide.cpu / raw.cpu, 3),
  };
}

export const DECIDE_OVERHEAD_MAX = 1.1;

/** The host section of the bench's JSON: flat figures plus the target. */
export function decideFields(d: DecideResult) {
  return {
    decide_ms: d.decide_ms,
    raw_resume_ms: d.raw_resume_ms,
    decide_items: d.items,
    decide_overhead_ratio: d.overhead_ratio,
    decide_overhead_cpu_ratio: d.overhead_cpu_ratio,
    target_decide_overhead_at_most_10_percent: d.overhead_ratio <= DECIDE_OVERHEAD_MAX,
  };
}

export function renderDecide(d: DecideResult): string {
  const per = (ms: number) => `${round(ms / d.items, 2)} ms each`;
  return [
    `host: ${d.items} decisions through createHost().decide (journal, resume by id, index, events) vs bare graph.invoke(new Command({ resume }))`,
    `  decide_ms ${d.decide_ms} (${per(d.decide_ms)}), raw_resume_ms ${d.raw_resume_ms} (${per(d.raw_resume_ms)}): ${d.overhead_ratio}× time, ${d.overhead_cpu_ratio}× cpu`,
    `  target: overhead at most 10%: ${d.overhead_ratio <= DECIDE_OVERHEAD_MAX ? "PASS" : "FAIL"}`,
  ].join("\n");
}

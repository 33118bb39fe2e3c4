// The cost of a decision through the host (validate, record in the journal, resume by id, update the
// index, emit events) against a bare `graph.invoke(new Command({ resume }))` on the same graph: the
// bench's one-node approval graph (the worst case: its resume does almost nothing), and the bundled
// support agent (createAgent + humanInTheLoopMiddleware), whose resume runs two tools and a model turn.
import { mkdirSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Command } from "@langchain/langgraph";
import { attachCheckpointer, type HostedGraph } from "../../main/host/graphs/attach-checkpointer.ts";
import { createHost, SqliteCheckpointer, type Host } from "../../main/host/index.ts";
import type { InboxItem } from "../../shared/inbox.ts";
import { approvalBuilder, approvalDecision, approvalInput } from "./graphs.ts";
import { cpuNow, drainEventLoop, now, progress, round } from "./util.ts";

export interface DecideResult {
  graph: string;
  items: number;
  decide_ms: number;
  raw_resume_ms: number;
  decide_cpu_ms: number;
  raw_resume_cpu_ms: number;
  overhead_ratio: number;
  overhead_cpu_ratio: number;
}

/** A graph as both sides run it: the host through a langgraph.json entry, the bare side compiled directly. */
interface DecideCase {
  name: string;
  /** The langgraph.json entry, "path:export". */
  spec: string;
  compile(saver: SqliteCheckpointer): Promise<HostedGraph>;
  input(i: number): Record<string, unknown>;
  /** The reviewer's decision, and the resume value the host turns it into (sent as is by the bare side). */
  decision(i: number): unknown;
  resume(i: number): unknown;
}

const SUPPORT_AGENT = new URL("../../main/host/graphs/demos/support-agent.ts", import.meta.url).pathname;
const approveBoth = { decisions: [{ type: "approve" }, { type: "approve" }] };

export const DECIDE_CASES = {
  approval: {
    name: "approval",
    spec: `${new URL("./graphs.ts", import.meta.url).pathname}:approvalBuilder`,
    compile: async (saver) => approvalBuilder.compile({ checkpointer: saver }) as unknown as HostedGraph,
    input: (i) => approvalInput(i) as unknown as Record<string, unknown>,
    decision: (i) => ({ type: "resume", value: approvalDecision(i) }),
    resume: approvalDecision,
  },
  agent: {
    name: "support-agent",
    spec: `${SUPPORT_AGENT}:agent`,
    compile: async (saver) => attachCheckpointer((await import(SUPPORT_AGENT)).agent, saver),
    input: () => ({}),
    decision: () => approveBoth,
    resume: () => approveBoth,
  },
} satisfies Record<string, DecideCase>;

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

async function rawResume(c: DecideCase, n: number, file: string): Promise<{ ms: number; cpu: number }> {
  const saver = SqliteCheckpointer.open(file);
  try {
    const graph = await c.compile(saver);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const paused = await graph.invoke(c.input(i), { configurable: { thread_id: `raw-${i}` } });
      ids.push((paused as unknown as { __interrupt__: Array<{ id: string }> }).__interrupt__[0]!.id);
    }
    emptyWal(file);
    const t0 = now();
    const c0 = cpuNow();
    for (let i = 0; i < n; i++) await graph.invoke(new Command({ resume: { [ids[i]!]: c.resume(i) } }), { configurable: { thread_id: `raw-${i}` } });
    await drainEventLoop();
    return { ms: now() - t0, cpu: cpuNow() - c0 };
  } finally {
    saver.close();
  }
}

/** A host on `dir` running `c` with `n` threads paused, their items oldest first, and both WALs emptied. */
async function pausedHost(c: DecideCase, n: number, dir: string): Promise<{ host: Host; items: InboxItem[] }> {
  const config = `${dir}/langgraph.json`;
  writeFileSync(config, JSON.stringify({ graphs: { [c.name]: c.spec } }));
  const host = await createHost({ dataDir: dir, configPath: config });
  try {
    for (let i = 0; i < n; i++) await host.startRun({ graphId: c.name, input: c.input(i), threadId: `host-${i}` });
    const { items } = await host.listItems({ limit: n, sort: "oldest" });
    if (items.length !== n) throw new Error(`expected ${n} pending items, found ${items.length}`);
    emptyWal(`${dir}/checkpoints.sqlite`);
    emptyWal(`${dir}/host.sqlite`);
    return { host, items };
  } catch (error) {
    await host.close();
    throw error;
  }
}

async function hostDecide(c: DecideCase, n: number, dir: string): Promise<{ ms: number; cpu: number }> {
  const { host, items } = await pausedHost(c, n, dir);
  try {
    const t0 = now();
    const c0 = cpuNow();
    for (const [i, item] of items.entries()) {
      const result = await host.decide({ itemId: item.id, decision: c.decision(i) });
      if (result.status !== "applied") throw new Error(`decision on ${item.id} ended ${result.status}`);
    }
    await drainEventLoop();
    return { ms: now() - t0, cpu: cpuNow() - c0 };
  } finally {
    await host.close();
  }
}

export async function decideSuite(c: DecideCase, n: number, path: (name: string) => string): Promise<DecideResult> {
  progress(`decide (${c.name}): ${n} decisions through the host vs ${n} bare Command resumes`);
  // Two alternating rounds on fresh files so neither side always runs first.
  let decide = { ms: 0, cpu: 0 };
  let raw = { ms: 0, cpu: 0 };
  for (let round_ = 0; round_ < 2; round_++) {
    const dir = path(`decide-${c.name}-host-${round_}`);
    mkdirSync(dir, { recursive: true });
    const rawFile = path(`decide-${c.name}-raw-${round_}.sqlite`);
    const first = round_ === 0 ? await rawResume(c, n, rawFile) : await hostDecide(c, n, dir);
    const second = round_ === 0 ? await hostDecide(c, n, dir) : await rawResume(c, n, rawFile);
    const [r, d] = round_ === 0 ? [first, second] : [second, first];
    raw = { ms: raw.ms + r.ms, cpu: raw.cpu + r.cpu };
    decide = { ms: decide.ms + d.ms, cpu: decide.cpu + d.cpu };
  }
  return {
    graph: c.name,
    items: n,
    decide_ms: round(decide.ms / 2, 1),
    raw_resume_ms: round(raw.ms / 2, 1),
    decide_cpu_ms: round(decide.cpu / 2, 1),
    raw_resume_cpu_ms: round(raw.cpu / 2, 1),
    overhead_ratio: round(decide.ms / raw.ms, 3),
    overhead_cpu_ratio: round(decide.cpu / raw.cpu, 3),
  };
}

/** One bulk decision of many items vs the same number of bare resumes one after another. */
export interface BulkResult {
  items: number;
  bulk_approve_ms: number;
  bulk_raw_resume_ms: number;
  bulk_ratio: number;
}

export const BULK_RATIO_MAX = 1.2;

async function hostBulk(c: DecideCase, n: number, dir: string): Promise<number> {
  const { host, items } = await pausedHost(c, n, dir);
  try {
    const t0 = now();
    // One decision for every item, as bulk approve sends it: the same value for all.
    const { results } = await host.decideMany({ itemIds: items.map((item) => item.id), decision: c.decision(0) as never });
    await drainEventLoop();
    const ms = now() - t0;
    const failed = results.filter((r) => !r.ok || r.outcome.status !== "applied");
    if (failed.length > 0) throw new Error(`${failed.length} of ${n} bulk decisions did not apply: ${JSON.stringify(failed[0])}`);
    return ms;
  } finally {
    await host.close();
  }
}

/** `bulk_approve_ms`: n items of n threads approved in one decideMany through the host; `bulk_raw_resume_ms`: n bare resumes. */
export async function bulkSuite(c: DecideCase, n: number, path: (name: string) => string): Promise<BulkResult> {
  progress(`bulk (${c.name}): one decideMany of ${n} items through the host vs ${n} bare Command resumes`);
  // Two alternating rounds on fresh files so neither side always runs first.
  let bulk = 0;
  let raw = 0;
  for (let round_ = 0; round_ < 2; round_++) {
    const dir = path(`bulk-${c.name}-host-${round_}`);
    mkdirSync(dir, { recursive: true });
    const bare = () => rawResume({ ...c, resume: () => c.resume(0) }, n, path(`bulk-${c.name}-raw-${round_}.sqlite`)).then((r) => (raw += r.ms));
    const host = () => hostBulk(c, n, dir).then((ms) => (bulk += ms));
    if (round_ === 0) await bare().then(host);
    else await host().then(bare);
  }
  return { items: n, bulk_approve_ms: round(bulk / 2, 1), bulk_raw_resume_ms: round(raw / 2, 1), bulk_ratio: round(bulk / raw, 3) };
}

export function bulkFields(bulk: BulkResult) {
  return { ...bulk, target_bulk_within_1_2x_raw: bulk.bulk_ratio <= BULK_RATIO_MAX };
}

export function renderBulk(bulk: BulkResult): string {
  return [
    `bulk: one decideMany of ${bulk.items} items (${bulk.items} threads) through the host vs ${bulk.items} bare graph.invoke(new Command({ resume })) one after another`,
    `  bulk_approve_ms ${bulk.bulk_approve_ms}, bulk_raw_resume_ms ${bulk.bulk_raw_resume_ms}: ${bulk.bulk_ratio}× time`,
    `  target: at most ${BULK_RATIO_MAX}×: ${bulk.bulk_ratio <= BULK_RATIO_MAX ? "PASS" : "FAIL"}`,
  ].join("\n");
}

/**
 * The host section of the bench's JSON: flat figures per graph. The approval graph is the worst
 * case (its resume does almost nothing); the agent's figures show the overhead on a graph with work to do.
 */
export function decideFields(approval: DecideResult, agent: DecideResult) {
  return {
    decide_ms: approval.decide_ms,
    raw_resume_ms: approval.raw_resume_ms,
    decide_items: approval.items,
    decide_overhead_ratio: approval.overhead_ratio,
    decide_overhead_cpu_ratio: approval.overhead_cpu_ratio,
    agent_decide_ms: agent.decide_ms,
    agent_raw_resume_ms: agent.raw_resume_ms,
    agent_decide_items: agent.items,
    agent_decide_overhead_ratio: agent.overhead_ratio,
    agent_decide_overhead_cpu_ratio: agent.overhead_cpu_ratio,
  };
}

export function renderDecide(approval: DecideResult, agent: DecideResult): string {
  const line = (d: DecideResult) => {
    const per = (ms: number) => `${round(ms / d.items, 2)} ms each`;
    return `  ${d.graph} (${d.items} items): decide_ms ${d.decide_ms} (${per(d.decide_ms)}), raw_resume_ms ${d.raw_resume_ms} (${per(d.raw_resume_ms)}): ${d.overhead_ratio}× time, ${d.overhead_cpu_ratio}× cpu`;
  };
  return [
    "host: decisions through createHost().decide (journal, resume by id, index, events) vs bare graph.invoke(new Command({ resume })) on the same graph",
    line(approval),
    line(agent),
    "  (no target: the durable journal entry written before each run is the accepted cost of exactly once)",
  ].join("\n");
}

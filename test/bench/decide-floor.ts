// What the decide overhead is made of, on the one-node approval graph: decisions through the host as
// is, and through a host whose own database work is replaced by no-ops (no journal entry, no lease,
// no outcome: everything the exactly-once guarantee rests on), each interleaved one by one with
// bare Command resumes on the same graph, as medians. The second is the floor of the host's
// non-database path (validation, resume value, promise plumbing, the thread's items after the run).
//   npx tsx test/bench/decide-floor.ts [N]      (N items per variant, default 300)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "@langchain/langgraph";
import { createHost, SqliteCheckpointer } from "../../main/host/index.ts";
import { DECIDE_CASES } from "./decide.ts";

type Host = Awaited<ReturnType<typeof createHost>>;

/** The host's private parts that write host.sqlite, replaced by no-ops for the floor. */
function withoutDatabaseWork(host: Host): void {
  const inner = host as unknown as {
    locks: object;
    journal: { record(): boolean; finish(): void };
    registry: { started(): void; ended(): void };
    checkpointer: { isPending(): boolean };
  };
  const take = { immediate: (_threadId: string, taking?: () => void) => (taking?.(), true) };
  for (const [name, value] of Object.entries({ take, release: { immediate: () => undefined }, remove: { run: () => undefined } })) {
    Object.defineProperty(inner.locks, name, { value });
  }
  inner.journal.record = () => true;
  inner.journal.finish = () => undefined;
  inner.registry.started = () => undefined;
  inner.registry.ended = () => undefined;
  inner.checkpointer.isPending = () => true;
}

async function measure(n: number, stubbed: boolean): Promise<{ raw: number; decide: number }> {
  const c = DECIDE_CASES.approval;
  const dir = mkdtempSync(join(tmpdir(), "decide-floor-"));
  const config = join(dir, "langgraph.json");
  writeFileSync(config, JSON.stringify({ graphs: { [c.name]: c.spec } }));
  const host = await createHost({ dataDir: dir, configPath: config });
  const saver = SqliteCheckpointer.open(join(dir, "raw.sqlite"));
  try {
    const graph = await c.compile(saver);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      await host.startRun({ graphId: c.name, input: c.input(i), threadId: `host-${i}` });
      const paused = await graph.invoke(c.input(i), { configurable: { thread_id: `raw-${i}` } });
      ids.push((paused as unknown as { __interrupt__: Array<{ id: string }> }).__interrupt__[0]!.id);
    }
    const { items } = await host.listItems({ limit: n, sort: "oldest" });
    if (stubbed) withoutDatabaseWork(host);
    const raw: number[] = [];
    const decide: number[] = [];
    for (let i = 0; i < n; i++) {
      let t0 = performance.now();
      await graph.invoke(new Command({ resume: { [ids[i]!]: c.resume(i) } }), { configurable: { thread_id: `raw-${i}` } });
      raw.push(performance.now() - t0);
      t0 = performance.now();
      await host.decide({ itemId: items[i]!.id, decision: c.decision(i) });
      decide.push(performance.now() - t0);
    }
    return { raw: median(raw), decide: median(decide) };
  } finally {
    await host.close();
    saver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}

const n = Number(process.argv[2] ?? 300);
for (const [label, stubbed] of [["host as is", false], ["host without its database work", true]] as const) {
  const { raw, decide } = await measure(n, stubbed);
  const us = (ms: number) => `${Math.round(ms * 1000)} µs`;
  console.log(`${label.padEnd(32)} decide ${us(decide)}, bare resume ${us(raw)}: overhead ${us(decide - raw)}, ${(decide / raw).toFixed(3)}×`);
}

// A host in its own process that works through a plan of threads until every one has ended: starts
// the threads not yet started, decides every pending item (single decisions and bulk approves side by
// side), and prints "finished" once nothing is left. The crash test kills it at random moments and
// starts it again on the same data folder: each start first recovers what the last one cut short.
// Usage: node --import tsx test/reliability/crash-driver.ts <dataDir> <langgraph.json> <plan.json>
import { readFileSync } from "node:fs";
import { createHost } from "../../main/host/index.js";
import { NEVER_BEGAN } from "../../main/host/runs/thread-status.js";
import type { InboxItem } from "../../shared/inbox.js";
import { answerFor, type CrashPlan } from "./crash-plan.js";

const [dataDir, configPath, planPath] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planPath!, "utf8")) as CrashPlan;
process.stdout.on("error", () => undefined);

const host = await createHost({ dataDir: dataDir!, configPath: configPath! });
console.log("ready");

/** Runs `work` over `items`, `width` at a time. */
async function each<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!);
  }));
}

const decideOne = (item: InboxItem) => host.decide({ itemId: item.id, decision: answerFor(item) }, { waitMs: 60_000 });

for (;;) {
  // Not started yet, or cut short before its first step (recovery then has nothing to continue).
  const unstarted = plan.threads.filter((thread) => {
    const info = host.threadInfo(thread.threadId);
    return info.graphId === null || info.error === NEVER_BEGAN;
  });
  await each(unstarted, 4, (thread) => host.startRun({ graphId: thread.graphId, threadId: thread.threadId, input: thread.input }));
  const { items } = await host.listItems({ limit: 10_000 });
  const running = plan.threads.some((thread) => host.threadInfo(thread.threadId).status === "running");
  if (items.length === 0 && unstarted.length === 0 && !running) break;
  // Items a bulk approve takes go that way, a slice at a time; the others one by one beside them.
  const bulk = items.filter((item) => item.kind === "hitl" || item.kind === "human-interrupt");
  const single = items.filter((item) => !bulk.includes(item));
  await Promise.all([
    bulk.length > 0 ? host.decideMany({ itemIds: bulk.slice(0, 16).map((item) => item.id), decision: { type: "approve" } }, { waitMs: 60_000 }) : undefined,
    each(single, 6, decideOne),
  ]);
}
await host.close();
console.log("finished");

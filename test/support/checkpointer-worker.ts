// A separate process that writes to a checkpoint database, for cross-process and crash tests.
// Usage: node --import tsx test/support/checkpointer-worker.ts <db> create <count> <prefix>
//        node --import tsx test/support/checkpointer-worker.ts <db> churn     (runs until killed)
import { Command } from "@langchain/langgraph";
import { SqliteCheckpointer } from "../../main/host/index.js";
import { askGraph, parallelGraph, threadConfig } from "./graphs.js";

const [dbPath, mode, countArg, prefix = "w"] = process.argv.slice(2);
const saver = SqliteCheckpointer.open(dbPath!);

if (mode === "create") {
  const graph = askGraph(saver, "from another process");
  for (let i = 0; i < Number(countArg); i++) await graph.invoke({ log: [] }, threadConfig(`${prefix}${i}`));
  saver.close();
  console.log("done");
} else if (mode === "churn") {
  // Start threads and answer some of them, forever, so a kill lands anywhere in a run.
  const graph = parallelGraph(saver);
  for (let i = 0; ; i++) {
    const config = threadConfig(`churn${i}`);
    await graph.invoke({ log: [] }, config);
    if (i === 0) console.log("running");
    const state = await graph.getState(config);
    const ids = state.tasks.flatMap((task) => task.interrupts.map((interrupt) => interrupt.id!));
    if (i % 3 !== 0) await graph.invoke(new Command({ resume: { [ids[0]!]: "yes" } }), config);
    if (i % 3 === 1) await graph.invoke(new Command({ resume: { [ids[1]!]: "yes" } }), config);
  }
}

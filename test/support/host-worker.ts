// A separate process running a host, for crash tests: it starts a thread, prints the pending item
// as one JSON line, decides it, prints "decided", then waits until it is killed.
// Usage: node --import tsx test/support/host-worker.ts <dataDir> <langgraph.json> <graphId> <answer> [<input JSON>]
// A breakpoint item is continued (approve); any other is answered with `respond` <answer>.
import { createHost } from "../../main/host/index.js";

const [dataDir, configPath, graphId, answer = "yes", input = "{}"] = process.argv.slice(2);
// A test may stop reading once it has the item line: a later line must not crash the worker.
process.stdout.on("error", () => undefined);
const host = await createHost({ dataDir: dataDir!, configPath: configPath! });
const run = await host.startRun({ graphId: graphId!, input: JSON.parse(input) });
const item = run.items[0];
if (!item) throw new Error(`${graphId} did not pause: ${JSON.stringify(run)}`);
console.log(JSON.stringify({ threadId: run.threadId, itemId: item.id, checkpointId: item.checkpointId }));
await host.decide({ itemId: item.id, decision: item.kind === "breakpoint" ? { type: "approve" } : { type: "respond", message: answer } });
console.log("decided");
setInterval(() => undefined, 60_000);

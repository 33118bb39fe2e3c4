// A host in its own process deciding every item of one remote deployment through the outbox, then
// pulling until nothing is left queued; prints "finished". The remote crash test kills it (and takes
// the deployment down and up again) at random moments and starts it again on the same data folder.
// Usage: node --import tsx test/reliability/remote-crash-driver.ts <dataDir> <deployment url>
import { createHost } from "../../main/host/index.js";

const [dataDir, url] = process.argv.slice(2);
process.stdout.on("error", () => undefined);

const host = await createHost({ dataDir: dataDir!, remotePollMs: 0 });
if ((await host.listSources({})).sources.length === 0) await host.addSource({ name: "east", url: url! });
console.log("ready");

for (;;) {
  const [report] = (await host.syncSources({ name: "east" })).reports;
  const { items } = await host.listItems({ source: "east", limit: 10_000 });
  if (report!.state === "online" && report!.queued === 0 && items.length === 0) break;
  for (const item of items) {
    await host.decide({ itemId: item.id, decision: { type: "resume", value: `answer for ${item.threadId}` } }).catch((error: unknown) => {
      // Decided by the previous life of this driver (its journal entry is the outbox's): nothing to do.
      if ((error as { code?: string }).code !== "already-decided") throw error;
    });
  }
  if (report!.state !== "online") await new Promise((resolve) => setTimeout(resolve, 500));
}
await host.close();
console.log("finished");

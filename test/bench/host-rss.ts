// Run by the ui bench in a process of its own (`node --import tsx host-rss.ts DATA_DIR`): the resident
// memory of a host after start-up (createHost, then the first page of the inbox), against the same
// process before the host, with the host's modules already imported. Prints one JSON line.
import { createHost } from "../../main/host/index.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: host-rss.ts DATA_DIR");
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const before = process.memoryUsage.rss();
const host = await createHost({ dataDir });
const page = await host.listItems({ limit: 100 });
const after = process.memoryUsage.rss();
await host.close();
process.stdout.write(`${JSON.stringify({ items: page.counts.all, rss_before_mb: mb(before), rss_after_mb: mb(after) })}\n`);

// A host starting up compares the inbox store with the interrupt index only when something may
// have changed since they last matched: the index changed since its watch started (another process wrote it,
// a host died before marking), or the store's local items are not as many as then.
import Database from "better-sqlite3";
import { CheckpointStore } from "../../../main/host/checkpointer/checkpoint-store.js";
import type { Host } from "../../../main/host/index.js";
import { askGraph, threadConfig } from "../../support/graphs.js";
import { hostHarness, type HostHarness } from "../../support/host.js";

let h: HostHarness;
beforeEach(() => {
  h = hostHarness();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.cleanup();
});

/** Opens a host and waits for its first pass; returns it with how many index key reads that pass made. */
async function started(): Promise<{ host: Host; keyReads: number }> {
  const reads = vi.spyOn(CheckpointStore.prototype, "pendingInterruptKeysAfter");
  const host = await h.open();
  await host.refresh();
  const keyReads = reads.mock.calls.length;
  reads.mockRestore();
  return { host, keyReads };
}

const listedIds = async (host: Host) => (await host.listItems({ limit: 100 })).items.map((item) => item.id).sort();

test("after a clean close, with decisions made before it, the next host answers from the store without comparing it with the index", async () => {
  const first = await started();
  expect(first.keyReads).toBeGreaterThan(0);
  await first.host.startRun({ graphId: "ship-it", threadId: "a" });
  const { items } = await first.host.startRun({ graphId: "expense-approval", threadId: "b" });
  await first.host.decide({ itemId: items[0]!.id, decision: { type: "reject", message: "no" } });
  const before = await listedIds(first.host);
  await first.host.close();

  const second = await started();
  expect(second.keyReads).toBe(0);
  expect(await listedIds(second.host)).toEqual(before);
});

test("an interrupt another process added to the index while no host ran is listed at the next start", async () => {
  const first = await started();
  await first.host.startRun({ graphId: "ship-it", threadId: "a" });
  await first.host.close();

  // A process that writes checkpoints.sqlite and never the inbox store.
  const outside = CheckpointStore.open(`${h.dataDir}/checkpoints.sqlite`);
  await askGraph(await outside.saver(), "Deploy on Friday?").invoke({ log: [] }, threadConfig("outside"));
  outside.close();

  const second = await started();
  expect(second.keyReads).toBeGreaterThan(0);
  const { items } = await second.host.listItems({ limit: 100 });
  expect(items.map((item) => item.threadId).sort()).toEqual(["a", "outside"]);
  expect(items.find((item) => item.threadId === "outside")!.title).toContain("Deploy on Friday?");
});

test("a host that never closed (its runs' changes not marked) leaves the next one comparing", async () => {
  const first = await started();
  await first.host.startRun({ graphId: "ship-it", threadId: "a" });
  // Opened beside the first, as after a crash of it: the index moved since the first's pass marked it.
  const second = await started();
  expect(second.keyReads).toBeGreaterThan(0);
  expect((await second.host.listItems({})).items.map((item) => item.threadId)).toEqual(["a"]);
});

test("local items removed from the store behind the hosts' backs are stored again at the next start", async () => {
  const first = await started();
  await first.host.startRun({ graphId: "ship-it", threadId: "a" });
  await first.host.startRun({ graphId: "ship-it", threadId: "b" });
  const before = await listedIds(first.host);
  await first.host.close();
  const db = new Database(`${h.dataDir}/host.sqlite`);
  db.exec("DELETE FROM items WHERE thread_id = 'b'");
  db.close();

  const second = await started();
  expect(second.keyReads).toBeGreaterThan(0);
  expect(await listedIds(second.host)).toEqual(before);
});

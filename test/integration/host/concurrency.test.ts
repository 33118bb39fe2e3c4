// Runs on different threads go at once, runs on one thread one after the other (also across hosts);
// waitMs returns a run that keeps going in the background.
import type { Host } from "../../../main/host/index.js";
import { hostHarness, journalRows, nextTurn, threadState, waitFor, type HostHarness } from "../../support/host.js";

type Span = [label: string, startedAt: number, endedAt: number];

let h: HostHarness;
let host: Host;
beforeEach(async () => {
  h = hostHarness();
  host = await h.openFixtures();
});
afterEach(() => h.cleanup());

const spans = async (threadId: string) => (await threadState(h.dataDir, threadId)).values.spans as Span[];

const overlap = (a: Span, b: Span) => a[1] < b[2] && b[1] < a[2];

test("two threads run concurrently", async () => {
  const [a, b] = await Promise.all([
    host.startRun({ graphId: "slow", threadId: "a", input: { ms: 400, label: "a" } }),
    host.startRun({ graphId: "slow", threadId: "b", input: { ms: 400, label: "b" } }),
  ]);
  expect([a.status, b.status]).toEqual(["done", "done"]);
  const [spanA] = await spans("a");
  const [spanB] = await spans("b");
  expect(overlap(spanA!, spanB!)).toBe(true);
});

test("runs on one thread are serialized, in the order they were started", async () => {
  const results = await Promise.all(["first", "second", "third"].map((label) => host.startRun({ graphId: "slow", threadId: "t", input: { ms: 150, label } })));
  // Each result is how that run left the thread, even though the next run holds it by then.
  expect(results.map((r) => r.status)).toEqual(["done", "done", "done"]);
  expect(host.threadInfo("t").status).toBe("done");
  const all = await spans("t");
  expect(all.map((s) => s[0])).toEqual(["first", "second", "third"]);
  expect(all[1]![1]).toBeGreaterThanOrEqual(all[0]![2]);
  expect(all[2]![1]).toBeGreaterThanOrEqual(all[1]![2]);
});

test("runs on one thread from two hosts on the same data dir are serialized too", async () => {
  const other = await h.openFixtures();
  await Promise.all([
    host.startRun({ graphId: "slow", threadId: "shared", input: { ms: 250, label: "here" } }),
    other.startRun({ graphId: "slow", threadId: "shared", input: { ms: 250, label: "there" } }),
  ]);
  const all = await spans("shared");
  expect(all.map((s) => s[0]).sort()).toEqual(["here", "there"]);
  expect(overlap(all[0]!, all[1]!)).toBe(false);
});

test("waitMs: startRun returns 'running' for a slow run, which completes in the background", async () => {
  const t0 = Date.now();
  const run = await host.startRun({ graphId: "slow", input: { ms: 700, label: "bg" } }, { waitMs: 50 });
  expect(Date.now() - t0).toBeLessThan(650);
  expect(run).toMatchObject({ status: "running", error: null, items: [] });
  expect((await host.listItems()).total).toBe(0);
  await waitFor(() => host.threadInfo(run.threadId).status === "done", 5000, "the background run to end");
  expect((await spans(run.threadId)).map((s) => s[0])).toEqual(["bg"]);
});

test("waitMs on a decision: 'running' while the graph works on, then applied; close() waits for it", async () => {
  const item = (await host.startRun({ graphId: "slow-after-answer", input: { ms: 700 } })).items[0]!;
  const t0 = Date.now();
  const result = await host.decide({ itemId: item.id, decision: { type: "respond", message: "later" } }, { waitMs: 50 });
  expect(Date.now() - t0).toBeLessThan(650);
  expect(result).toMatchObject({ itemId: item.id, status: "running", thread: { status: "running", items: [] } });
  expect(journalRows(h.dataDir).map((r) => r.state)).toEqual(["recorded"]);
  expect((await host.history()).decisions[0]).toMatchObject({ state: "recorded", finishedAt: null });
  // A second decision meanwhile is refused at once.
  await expect(host.decide({ itemId: item.id, decision: { type: "respond", message: "again" } })).rejects.toMatchObject({ code: "already-decided" });

  await host.close();
  expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
  expect(journalRows(h.dataDir).map((r) => [r.state, r.outcome])).toEqual([["applied", "done"]]);
  const reopened = await h.openFixtures();
  expect((await reopened.getItem({ itemId: item.id })).thread).toMatchObject({ status: "done", values: { answers: ["later"] } });
});

test("a decision on a thread that is running waits for that run, then is recorded and applied", async () => {
  const run = await host.startRun({ graphId: "pair", input: { ms: 500 } });
  const slow = run.items.find((i) => i.title === "slow one?")!;
  const quick = run.items.find((i) => i.title === "quick one?")!;
  const first = await host.decide({ itemId: slow.id, decision: { type: "respond", message: "s" } }, { waitMs: 50 });
  expect(first).toMatchObject({ status: "running", thread: { status: "running" } });
  // The quick item is still pending (its task re-raised its interrupt): deciding it queues behind the slow run.
  expect(first.thread.items.map((i) => i.id)).toEqual([quick.id]);
  const t0 = Date.now();
  const second = await host.decide({ itemId: quick.id, decision: { type: "respond", message: "q" } }, { waitMs: 50 });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  expect(second).toMatchObject({ status: "applied", thread: { status: "done", items: [] } });
  await nextTurn();
  expect(journalRows(h.dataDir).map((r) => [r.item_id, r.state])).toEqual([
    [slow.id, "applied"],
    [quick.id, "applied"],
  ]);
  const { values } = await threadState(h.dataDir, run.threadId);
  expect((values.answers as unknown[]).sort()).toEqual([["quick_one", "q"], ["slow_one", "s"]]);
});

test("waitMs 0: the result never offers the item just decided", async () => {
  for (let i = 0; i < 3; i++) {
    const item = (await host.startRun({ graphId: "slow-after-answer" })).items[0]!;
    const result = await host.decide({ itemId: item.id, decision: { type: "respond", message: `n${i}` } }, { waitMs: 0 });
    expect(result.status).toBe("running");
    expect(result.thread.items).toEqual([]);
  }
});

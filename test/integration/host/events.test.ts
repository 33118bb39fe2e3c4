// subscribe(): item-added when a run pauses, item-resolved and thread-status after a decision, for this
// host's own changes at once and for another host's changes through polling.
import Database from "better-sqlite3";
import type { Host } from "../../../main/host/index.js";
import { OwnerLiveness } from "../../../main/host/store/owner-liveness.js";
import type { HostEvent } from "../../../shared/inbox.js";
import { hostHarness, recordEvents, sleep, waitFor, type HostHarness } from "../../support/host.js";

let h: HostHarness;
beforeEach(() => (h = hostHarness()));
afterEach(() => h.cleanup());

const statuses = (events: HostEvent[], threadId: string) =>
  events.flatMap((e) => (e.type === "thread-status" && e.thread.threadId === threadId ? [e.thread.status] : []));

test("own changes: running, item-added when the run pauses; item-resolved and done after the decision", async () => {
  const host = await h.open();
  const events = recordEvents(host);
  const run = await host.startRun({ graphId: "ship-it" });
  const item = run.items[0]!;
  // Everything is emitted before startRun returns.
  expect(events.filter((e) => e.type === "item-added")).toEqual([{ type: "item-added", item }]);
  expect(events.filter((e) => e.type === "item-resolved")).toEqual([]);
  const runStatuses = statuses(events, run.threadId);
  expect(runStatuses[0]).toBe("running");
  expect(runStatuses.at(-1)).toBe("waiting");
  expect(events[0]).toEqual({ type: "thread-status", thread: { threadId: run.threadId, graphId: "ship-it", status: "running", error: null } });

  events.length = 0;
  await host.decide({ itemId: item.id, decision: { type: "respond", message: "yes" } });
  expect(events.filter((e) => e.type === "item-resolved")).toEqual([{ type: "item-resolved", itemId: item.id, threadId: item.threadId }]);
  expect(events.filter((e) => e.type === "item-added")).toEqual([]);
  expect(statuses(events, run.threadId)[0]).toBe("running");
  expect(statuses(events, run.threadId).at(-1)).toBe("done");
  // The resolved event comes before the final status.
  const resolvedAt = events.findIndex((e) => e.type === "item-resolved");
  const doneAt = events.findLastIndex((e) => e.type === "thread-status" && e.thread.status === "done");
  expect(resolvedAt).toBeLessThan(doneAt);
});

test("a decision that leads to a new interrupt: item-resolved for the old item, item-added for the new one", async () => {
  const host = await h.open();
  const item = (await host.startRun({ graphId: "support-agent" })).items[0]!;
  const events = recordEvents(host);
  const result = await host.decide({ itemId: item.id, decision: { decisions: [{ type: "approve" }, { type: "reject", message: "no" }] } });
  const next = result.thread.items[0]!;
  expect(events.filter((e) => e.type !== "thread-status")).toEqual([
    { type: "item-resolved", itemId: item.id, threadId: item.threadId },
    { type: "item-added", item: next },
  ]);
  expect(statuses(events, item.threadId).at(-1)).toBe("waiting");
});

test("an error status is announced with its message", async () => {
  const host = await h.openFixtures();
  const events = recordEvents(host);
  const run = await host.startRun({ graphId: "fail", input: { message: "kaput" } });
  expect(events.at(-1)).toEqual({ type: "thread-status", thread: { threadId: run.threadId, graphId: "fail", status: "error", error: "kaput" } });
  expect(events.some((e) => e.type === "item-added")).toBe(false);
});

test("unsubscribe stops the events", async () => {
  const host = await h.open();
  const events: HostEvent[] = [];
  const unsubscribe = host.subscribe((e) => events.push(e));
  await host.startRun({ graphId: "ship-it" });
  const seen = events.length;
  expect(seen).toBeGreaterThan(0);
  unsubscribe();
  await host.startRun({ graphId: "ship-it" });
  expect(events).toHaveLength(seen);
});

test("a slow run that never pauses announces no item, to this host or to a polling one", async () => {
  const host = await h.openFixtures();
  const watcher = await h.openFixtures({ pollMs: 20 });
  const own = recordEvents(host);
  const polled = recordEvents(watcher);
  const run = await host.startRun({ graphId: "slow", input: { ms: 400 } }, { waitMs: 0 });
  await waitFor(() => host.threadInfo(run.threadId).status === "done", 5000, "the slow run to end");
  await sleep(100);
  expect(own.filter((e) => e.type !== "thread-status")).toEqual([]);
  expect(polled.filter((e) => e.type !== "thread-status")).toEqual([]);
  expect(statuses(polled, run.threadId)).toContain("running");
  expect(statuses(polled, run.threadId).at(-1)).toBe("done");
  expect((await watcher.listItems()).total).toBe(0);
});

test("a branch's question is announced while the other branch still works, from a poll that reads only the threads this host runs", async () => {
  const host = await h.openFixtures({ pollMs: 20 });
  await host.refresh(); // the first pass is done (reads do not wait for it)
  const events = recordEvents(host);
  const fullSyncs = vi.spyOn((host as unknown as { inbox: { local: { sync: () => Promise<unknown> } } }).inbox.local, "sync");
  const run = await host.startRun({ graphId: "ask-while-working", input: { ms: 1500 } }, { waitMs: 0 });
  await waitFor(() => events.some((e) => e.type === "item-added"), 1000, "the question to be announced");
  expect(host.threadInfo(run.threadId).status).toBe("running");
  // Only this host wrote meanwhile: no poll re-read the whole inbox.
  expect(fullSyncs).not.toHaveBeenCalled();
  await waitFor(() => host.threadInfo(run.threadId).status === "waiting", 5000, "the run to pause");
  expect(events.filter((e) => e.type === "item-added")).toHaveLength(1);
});

test("a real breakpoint is announced; while its thread is held by a running process it is announced only once that ends", async () => {
  const host = await h.openFixtures();
  const own = recordEvents(host);
  const run = await host.startRun({ graphId: "breakpoint" });
  expect(own.filter((e) => e.type === "item-added")).toEqual([{ type: "item-added", item: run.items[0] }]);

  // Another live host holds the thread's lease and has recorded it as running, as while it runs the thread.
  const db = new Database(h.dir.file("data/host.sqlite"));
  db.pragma("busy_timeout = 5000");
  const second = await host.startRun({ graphId: "breakpoint", threadId: "held" });
  const another = OwnerLiveness.claim(h.dir.file("data"), "another-process");
  db.prepare("INSERT INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES ('held', 'another-process', 1, ?)").run(Date.now());
  db.prepare("UPDATE threads SET status = 'running' WHERE thread_id = 'held'").run();
  const watcher = await h.openFixtures({ pollMs: 20 });
  const polled = recordEvents(watcher);
  expect(watcher.threadInfo("held").status).toBe("running");
  expect((await watcher.listItems()).items.map((i) => i.threadId)).toEqual([run.threadId]);
  await sleep(100);
  expect(polled.filter((e) => e.type === "item-added")).toEqual([]);

  db.prepare("DELETE FROM thread_locks WHERE thread_id = 'held'").run();
  db.prepare("UPDATE threads SET status = 'waiting' WHERE thread_id = 'held'").run();
  db.close();
  another.release();
  await waitFor(() => polled.some((e) => e.type === "item-added"), 1000, "the breakpoint item once the thread is released");
  expect(polled.filter((e) => e.type === "item-added")).toEqual([{ type: "item-added", item: second.items[0] }]);
  expect(statuses(polled, "held").at(-1)).toBe("waiting");
  expect((await watcher.listItems()).total).toBe(2);
});

describe("another host on the same data dir (default pollMs)", () => {
  let a: Host;
  let b: Host;
  beforeEach(async () => {
    a = await h.open();
    b = await h.open();
  });

  test("sees an item added, then resolved, within a second, without being asked", async () => {
    const events = recordEvents(b);
    const t0 = Date.now();
    const item = (await a.startRun({ graphId: "ship-it" })).items[0]!;
    await waitFor(() => events.some((e) => e.type === "item-added"), 1000, "item-added on the other host");
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(events.filter((e) => e.type === "item-added")).toEqual([{ type: "item-added", item }]);

    const t1 = Date.now();
    await a.decide({ itemId: item.id, decision: { type: "respond", message: "yes" } });
    await waitFor(() => events.some((e) => e.type === "item-resolved"), 1000, "item-resolved on the other host");
    await waitFor(() => statuses(events, item.threadId).at(-1) === "done", 1000, "thread-status done on the other host");
    expect(Date.now() - t1).toBeLessThan(1200);
    expect(events.filter((e) => e.type === "item-resolved")).toEqual([{ type: "item-resolved", itemId: item.id, threadId: item.threadId }]);
  });
});

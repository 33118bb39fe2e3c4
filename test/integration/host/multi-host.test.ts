// Two hosts on one data dir in one process (two windows, or the app and the CLI): one journal, one
// inbox; and another process holding the host database's write lock for too long.
import Database from "better-sqlite3";
import type { Host } from "../../../main/host/index.js";
import { HostError } from "../../../shared/errors.js";
import { hostHarness, journalRows, nextTurn, recordEvents, threadState, waitFor, type HostHarness } from "../../support/host.js";

let h: HostHarness;
let a: Host;
let b: Host;
beforeEach(async () => {
  h = hostHarness();
  a = await h.openFixtures();
  b = await h.openFixtures();
});
afterEach(() => h.cleanup());

test("a decision made in one host is seen by the other within a second, and refused there as already decided", async () => {
  const item = (await a.startRun({ graphId: "ask", input: { payload: "Deploy?" } })).items[0]!;
  expect((await b.listItems()).items).toEqual([item]);
  const events = recordEvents(b);
  await a.decide({ itemId: item.id, decision: { type: "respond", message: "yes" } });
  await waitFor(() => events.some((e) => e.type === "item-resolved" && e.itemId === item.id), 1000, "the other host to see the decision");
  expect((await b.listItems()).total).toBe(0);
  expect((await b.getItem({ itemId: item.id })).decision).toMatchObject({ state: "applied", resume: "yes" });
  expect((await b.history()).decisions.map((r) => r.itemId)).toEqual([item.id]);
  await expect(b.decide({ itemId: item.id, decision: { type: "respond", message: "no" } })).rejects.toMatchObject({ name: "HostError", code: "already-decided" });
  expect((await threadState(h.dataDir, item.threadId)).values.answers).toEqual(["yes"]);
});

test("deciding the same item from both hosts at once: exactly one succeeds, the other is told it was already decided", async () => {
  for (let round = 0; round < 6; round++) {
    const item = (await a.startRun({ graphId: "ask", input: { payload: `round ${round}?` } })).items[0]!;
    await waitFor(async () => (await b.listItems()).items.some((i) => i.id === item.id), 1000, "the item in the other host");
    // Alternate who starts first, so both orders are exercised.
    const [first, second] = round % 2 === 0 ? [a, b] : [b, a];
    const results = await Promise.allSettled([
      first.decide({ itemId: item.id, decision: { type: "respond", message: `first ${round}` } }),
      second.decide({ itemId: item.id, decision: { type: "respond", message: `second ${round}` } }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as HostError);
    expect(ok).toHaveLength(1);
    expect(refused.map((e) => [e instanceof HostError, e.code])).toEqual([[true, "already-decided"]]);
    const rows = journalRows(h.dataDir).filter((row) => row.item_id === item.id);
    expect(rows.map((row) => row.state)).toEqual(["applied"]);
    // The thread got exactly the winner's answer, once.
    expect((await threadState(h.dataDir, item.threadId)).values.answers).toEqual([JSON.parse(rows[0]!.resume)]);
  }
});

test("a listing or a decision asked for while a refresh is under way waits for it: never a stale inbox", async () => {
  for (let i = 0; i < 3; i++) {
    const item = (await a.startRun({ graphId: "ask", input: { payload: `fresh ${i}?` } })).items[0]!;
    // The poll (or another caller) is syncing the other host's new item right now.
    const [, page] = await Promise.all([b.refresh(), b.listItems()]);
    expect(page.items.map((x) => x.id)).toContain(item.id);
    const [, decided] = await Promise.all([b.refresh(), b.decide({ itemId: item.id, decision: { type: "respond", message: "ok" } })]);
    expect(decided.status).toBe("applied");
  }
});

test("a run started in one host is listed by the other, with the thread's graph", async () => {
  const run = await a.startRun({ graphId: "breakpoint" });
  await nextTurn(); // a's lease is freed on file by then: b does not see the thread as running
  const [item] = (await b.listItems()).items;
  expect(item).toEqual(run.items[0]);
  expect(b.threadInfo(run.threadId)).toEqual({ threadId: run.threadId, graphId: "breakpoint", status: "waiting", error: null });
  // The other host can decide it, and the first sees the result.
  await b.decide({ itemId: item!.id, decision: { type: "approve" } });
  await waitFor(() => a.threadInfo(run.threadId).status === "done", 1000, "the first host to see the thread done");
  expect((await threadState(h.dataDir, run.threadId)).values.log).toEqual(["built", "deployed"]);
});

test("while another process holds host.sqlite's write lock too long, decide and startRun fail with an internal error instead of hanging; afterwards they work", async () => {
  // The host waits 5 s for a lock; 300 ms shows the same thing sooner.
  (a as unknown as { hostDb: Database.Database }).hostDb.pragma("busy_timeout = 300");
  const item = (await a.startRun({ graphId: "ask", input: { payload: "Locked?" } })).items[0]!;
  const blocker = new Database(`${h.dataDir}/host.sqlite`);
  blocker.exec("BEGIN IMMEDIATE"); // holds the write lock until ROLLBACK
  try {
    const decision = await a.decide({ itemId: item.id, decision: { type: "respond", message: "yes" } }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(decision).toBeInstanceOf(HostError);
    expect(decision).toMatchObject({ code: "internal", message: expect.stringMatching(/^Could not record the decision on [0-9a-f]{16}: database is locked/) });
    await expect(a.startRun({ graphId: "ask", threadId: "blocked", input: { payload: "?" } })).rejects.toMatchObject({ code: "internal", message: expect.stringMatching(/database is locked/) });
  } finally {
    blocker.exec("ROLLBACK");
    blocker.close();
  }
  expect(journalRows(h.dataDir)).toEqual([]);
  expect((await a.listItems()).items.map((i) => i.id)).toEqual([item.id]);
  expect(await a.decide({ itemId: item.id, decision: { type: "respond", message: "yes" } })).toMatchObject({ status: "applied" });
  expect((await a.startRun({ graphId: "ask", threadId: "blocked", input: { payload: "?" } })).status).toBe("waiting");
});

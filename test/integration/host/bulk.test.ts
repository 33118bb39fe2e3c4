// decideMany: items of different threads are decided side by side, runs on one thread stay one
// behind the other, and each item gets its own answer.
import { hostHarness, recordEvents, threadState, type HostHarness } from "../../support/host.js";

let h: HostHarness;
beforeEach(() => (h = hostHarness()));
afterEach(() => h.cleanup());

test("threads run side by side: every thread starts running before the first one ends; each item is answered on its own", async () => {
  const host = await h.openFixtures();
  const runs = await Promise.all([0, 1, 2].map(() => host.startRun({ graphId: "slow-after-answer", input: { ms: 300 } })));
  const events = recordEvents(host);
  const itemIds = runs.map((run) => run.items[0]!.id);
  const { results } = await host.decideMany({ itemIds: [...itemIds, "no-such-item"], decision: { type: "respond", message: "ok" } });

  expect(results.map((r) => [r.itemId, r.ok])).toEqual([...itemIds.map((id) => [id, true]), ["no-such-item", false]]);
  expect(results.at(-1)).toMatchObject({ ok: false, error: { code: "not-found" } });
  for (const r of results.slice(0, 3)) expect(r).toMatchObject({ ok: true, outcome: { status: "applied", thread: { status: "done" } } });
  const statuses = events.flatMap((e) => (e.type === "thread-status" ? [`${e.thread.threadId}:${e.thread.status}`] : []));
  const firstEnd = statuses.findIndex((s) => s.endsWith(":done"));
  const started = new Set(statuses.slice(0, firstEnd).filter((s) => s.endsWith(":running")).map((s) => s.split(":")[0]));
  expect(started).toEqual(new Set(runs.map((run) => run.threadId)));
});

test("two items of one thread are decided one after the other, both applied", async () => {
  const host = await h.openFixtures();
  const run = await host.startRun({ graphId: "pair", input: { ms: 200 } });
  expect(run.items).toHaveLength(2);
  const events = recordEvents(host);
  const { results } = await host.decideMany({ itemIds: run.items.map((i) => i.id), decision: { type: "respond", message: "yes" } });
  expect(results.every((r) => r.ok && r.outcome.status === "applied")).toBe(true);
  // The thread's last announced status is its end, never a stale one from the first run.
  const statuses = events.flatMap((e) => (e.type === "thread-status" && e.thread.threadId === run.threadId ? [e.thread.status] : []));
  expect(statuses.at(-1)).toBe("done");
  expect(statuses.filter((s) => s === "waiting")).toEqual([]);
  // The second decision was recorded (its lease taken) only once the first run had ended.
  const [second, first] = (await host.history()).decisions;
  expect(Date.parse(second!.decidedAt)).toBeGreaterThanOrEqual(Date.parse(first!.finishedAt!));
  expect((await host.listItems()).total).toBe(0);
});

const batch = (secondAllows: string[]) => ({
  actionRequests: [
    { name: "send_email", args: { to: "ana@example.com" } },
    { name: "run_sql", args: { sql: "DELETE FROM sessions" } },
  ],
  reviewConfigs: [
    { actionName: "send_email", allowedDecisions: ["approve", "edit", "reject"] },
    { actionName: "run_sql", allowedDecisions: secondAllows },
  ],
});

test("bulk approve of HITL batches approves each of an item's actions; an item with an action that does not allow approve is left out, named", async () => {
  const host = await h.openFixtures();
  const approvable = (await host.startRun({ graphId: "ask", input: { payload: batch(["approve", "reject"]) } })).items[0]!;
  const rejectOnly = (await host.startRun({ graphId: "ask", input: { payload: batch(["reject"]) } })).items[0]!;
  expect([approvable.kind, approvable.actions.length]).toEqual(["hitl", 2]);

  const { results } = await host.decideMany({ itemIds: [approvable.id, rejectOnly.id], decision: { type: "approve" } });
  expect(results[0]).toMatchObject({ itemId: approvable.id, ok: true, outcome: { status: "applied" } });
  expect(results[1]).toMatchObject({ itemId: rejectOnly.id, ok: false, error: { code: "invalid-decision", message: expect.stringContaining('"run_sql" does not allow approve') } });
  expect((await threadState(h.dataDir, approvable.threadId)).values.answers).toEqual([{ decisions: [{ type: "approve" }, { type: "approve" }] }]);
  // Left out means untouched: still pending, no journal entry.
  expect((await host.listItems()).items.map((i) => i.id)).toEqual([rejectOnly.id]);
  expect((await host.getItem({ itemId: rejectOnly.id })).decision).toBeNull();
});

// decideMany: items of different threads are decided side by side, runs on one thread stay one
// behind the other, and each item gets its own answer.
import { hostHarness, recordEvents, type HostHarness } from "../../support/host.js";

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

// getItem: the item, its thread's context (values, conversation, checkpoints) and status; threadInfo; the audit log.
import type { Host } from "../../../main/host/index.js";
import { DEFAULT_REQUEST } from "../../../main/host/graphs/demos/support-agent.js";
import { SAMPLE_EXPENSE } from "../../../main/host/graphs/demos/expense-approval.js";
import { hostHarness, waitFor, type HostHarness } from "../../support/host.js";

let h: HostHarness;
beforeEach(() => (h = hostHarness()));
afterEach(() => h.cleanup());

describe("demo threads", () => {
  let host: Host;
  beforeEach(async () => {
    host = await h.open();
  });

  test("an agent thread: plain-JSON values, the conversation with tool calls, checkpoint history, waiting", async () => {
    const run = await host.startRun({ graphId: "support-agent" });
    const item = run.items[0]!;
    const detail = await host.getItem({ itemId: item.id });
    expect(detail.item).toEqual(item);
    expect(detail.decision).toBeNull();
    const { thread } = detail;
    expect(thread).toMatchObject({ threadId: run.threadId, graphId: "support-agent", status: "waiting", error: null });
    expect(thread.messages).toEqual([
      { type: "human", content: DEFAULT_REQUEST },
      {
        type: "ai",
        content: "Proposing send_email and run_sql.",
        name: "support-agent",
        toolCalls: [
          { id: "call_send_email_1", name: "send_email", args: item.actions[0]!.args },
          { id: "call_run_sql_1", name: "run_sql", args: item.actions[1]!.args },
        ],
      },
    ]);
    // Values are plain JSON: the messages in them are the same ChatMessages, not class instances.
    expect(JSON.parse(JSON.stringify(thread.values))).toEqual(thread.values);
    expect((thread.values as { messages: unknown }).messages).toEqual(thread.messages);
    // History: newest first, the newest is where the thread waits (the item's checkpoint).
    expect(thread.history.length).toBeGreaterThanOrEqual(3);
    expect(thread.history[0]!.checkpointId).toBe(item.checkpointId);
    expect(thread.history.at(-1)).toMatchObject({ step: -1, source: "input" });
    const steps = thread.history.map((c) => c.step);
    expect(steps).toEqual([...steps].sort((a, b) => b! - a!));
    for (const c of thread.history) expect(Date.parse(c.createdAt)).not.toBeNaN();
    expect(new Set(thread.history.map((c) => c.checkpointId)).size).toBe(thread.history.length);
  });

  test("a thread without messages: the values as stored (a key never written is absent, not its default), messages null", async () => {
    const expense = { ...SAMPLE_EXPENSE, amount: 99 };
    const item = (await host.startRun({ graphId: "expense-approval", input: { expense } })).items[0]!;
    const { thread } = await host.getItem({ itemId: item.id });
    expect(thread.messages).toBeNull();
    expect(thread.values).toEqual({ expense });
    expect(thread.history[0]!.next).toEqual(["review"]);
    expect(thread.history.at(-1)!.next).toEqual(["__start__"]);
  });

  test("after the decision: the resolved item keeps its snapshot and gets the decision; the thread is done", async () => {
    const item = (await host.startRun({ graphId: "ship-it" })).items[0]!;
    const before = (await host.getItem({ itemId: item.id })).thread.history.length;
    await host.decide({ itemId: item.id, decision: { type: "respond", message: "go" } });
    const detail = await host.getItem({ itemId: item.id });
    expect(detail.item).toEqual(item);
    expect(detail.decision).toMatchObject({ itemId: item.id, threadId: item.threadId, graphId: "ship-it", decision: { type: "respond", message: "go" }, resume: "go", state: "applied", outcome: "done", error: null });
    expect(detail.thread).toMatchObject({ status: "done", error: null, values: { answer: "go" }, messages: null });
    expect(detail.thread.history.length).toBeGreaterThan(before);
    expect(detail.thread.history[0]!.next).toEqual([]);
    expect(host.threadInfo(item.threadId)).toEqual({ threadId: item.threadId, graphId: "ship-it", status: "done", error: null });
  });

  test("history(): time, item, decision, resume value and outcome, newest first, paged", async () => {
    const startedAt = Date.now();
    const items = [];
    for (let i = 0; i < 3; i++) items.push((await host.startRun({ graphId: "ship-it" })).items[0]!);
    for (const [i, item] of items.entries()) await host.decide({ itemId: item.id, decision: { type: "resume", value: { n: i } } });
    const expense = (await host.startRun({ graphId: "expense-approval" })).items[0]!;
    await host.decide({ itemId: expense.id, decision: { type: "ignore" } });

    const log = (await host.history()).decisions;
    expect(log.map((r) => r.itemId)).toEqual([expense.id, ...items.map((i) => i.id).reverse()]);
    expect(log[0]).toMatchObject({ item: expense, decision: { type: "ignore" }, resume: [{ type: "ignore", args: null }], state: "applied", outcome: "done", error: null, graphId: "expense-approval" });
    for (const record of log) {
      expect(Date.parse(record.decidedAt)).toBeGreaterThanOrEqual(startedAt - 5);
      expect(Date.parse(record.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(record.decidedAt));
    }
    expect(log.map((r) => r.resume)).toEqual([[{ type: "ignore", args: null }], { n: 2 }, { n: 1 }, { n: 0 }]);
    expect((await host.history({ limit: 2 })).decisions.map((r) => r.itemId)).toEqual(log.slice(0, 2).map((r) => r.itemId));
    // `before` pages by the journal's sequence number: the 4 entries are 1..4.
    expect((await host.history({ before: 3 })).decisions.map((r) => r.itemId)).toEqual([items[1]!.id, items[0]!.id]);
  });
});

describe("thread status", () => {
  let host: Host;
  beforeEach(async () => {
    host = await h.openFixtures();
  });

  test("a run that throws: status error with its message, in the run result, threadInfo and history", async () => {
    const run = await host.startRun({ graphId: "fail", input: { message: "the database is on fire" } });
    expect(run).toMatchObject({ status: "error", error: "the database is on fire", items: [] });
    expect(host.threadInfo(run.threadId)).toEqual({ threadId: run.threadId, graphId: "fail", status: "error", error: "the database is on fire" });
    expect((await host.listItems()).total).toBe(0);
  });

  test("running a thread again clears its error while it runs and reports the new one", async () => {
    const run = await host.startRun({ graphId: "fail", input: { message: "first failure" } });
    expect(run.status).toBe("error");
    const again = await host.startRun({ graphId: "fail", threadId: run.threadId, input: { message: "second failure" } });
    expect(again).toMatchObject({ threadId: run.threadId, status: "error", error: "second failure" });
  });

  test("a decision whose run throws is journaled as failed with the error, and the thread shows it", async () => {
    const item = (await host.startRun({ graphId: "ask", input: { payload: "Proceed?" } })).items[0]!;
    const result = await host.decide({ itemId: item.id, decision: { type: "resume", value: { fail: "cannot proceed" } } });
    expect(result).toMatchObject({ itemId: item.id, status: "failed", thread: { status: "error", error: "cannot proceed" } });
    expect((await host.history()).decisions[0]).toMatchObject({ itemId: item.id, state: "failed", outcome: "error", error: "cannot proceed" });
    const detail = await host.getItem({ itemId: item.id });
    expect(detail.thread).toMatchObject({ status: "error", error: "cannot proceed" });
    expect(detail.decision).toMatchObject({ state: "failed", error: "cannot proceed" });
    // Decided once: the journal refuses a second decision on the same item.
    await expect(host.decide({ itemId: item.id, decision: { type: "respond", message: "retry" } })).rejects.toMatchObject({ code: "already-decided" });
  });

  test("an unknown thread is done with no graph; a running one is running", async () => {
    expect(host.threadInfo("nobody")).toEqual({ threadId: "nobody", graphId: null, status: "done", error: null });
    const run = await host.startRun({ graphId: "slow", input: { ms: 300 } }, { waitMs: 20 });
    expect(run.status).toBe("running");
    expect(host.threadInfo(run.threadId)).toMatchObject({ graphId: "slow", status: "running" });
    await waitFor(() => host.threadInfo(run.threadId).status === "done", 5000, "the slow run to end");
  });
});

// The interrupt index against real graphs on a real file: every way a thread can wait.
import Database from "better-sqlite3";
import { Command, START, StateGraph, interrupt } from "@langchain/langgraph";
import { SqliteCheckpointer, type PendingInterrupt } from "../../../main/host/index.js";
import { LogState, askGraph, breakpointGraph, parallelGraph, threadConfig, twoQuestionsGraph } from "../../support/graphs.js";
import { indexedAndRebuilt } from "../../support/index-consistency.js";
import { tempDir } from "../../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
let saver: SqliteCheckpointer;

beforeEach(() => {
  dir = tempDir();
  saver = SqliteCheckpointer.open(dir.file("checkpoints.sqlite"));
});
afterEach(() => {
  saver.close();
  dir.remove();
});

async function pending(threadId?: string): Promise<PendingInterrupt[]> {
  return (await saver.pendingInterrupts({ limit: 100, threadId })).items;
}

/** The interrupts LangGraph itself reports for a thread, flattened from its tasks. */
async function stateInterrupts(graph: { getState: (config: object) => Promise<{ tasks: Array<{ id: string; interrupts: Array<{ id?: string; value?: unknown }> }> }> }, threadId: string) {
  const state = await graph.getState(threadConfig(threadId));
  return state.tasks.flatMap((task) => task.interrupts.map((i) => ({ taskId: task.id, id: i.id, value: i.value })));
}

async function expectIndexMatchesRebuild() {
  const { indexed, rebuilt } = await indexedAndRebuilt(saver);
  expect(indexed).toEqual(rebuilt);
}

test("a single interrupt is listed with its value, task and id, and leaves when answered", async () => {
  const graph = askGraph(saver, { question: "Deploy?", options: ["yes", "no"] });
  await graph.invoke({ log: [] }, threadConfig("t1"));
  const [item, ...rest] = await pending();
  expect(rest).toEqual([]);
  const [fromState] = await stateInterrupts(graph, "t1");
  expect(item).toMatchObject({ threadId: "t1", taskId: fromState!.taskId, interruptId: fromState!.id, value: { question: "Deploy?", options: ["yes", "no"] }, nodes: [] });
  expect(item!.checkpointId).toBe((await saver.getTuple(threadConfig("t1")))!.config.configurable!.checkpoint_id);
  expect(Date.parse(item!.createdAt)).toBeGreaterThan(Date.now() - 60_000);

  const result = await graph.invoke(new Command({ resume: { [item!.interruptId!]: "yes" } }), threadConfig("t1"));
  expect(result.log).toEqual(['answer:"yes"']);
  expect(await pending()).toEqual([]);
  await expectIndexMatchesRebuild();
});

test("parallel branches list one item each; a subgraph interrupt is listed once and resumable from the root by id", async () => {
  const graph = parallelGraph(saver);
  await graph.invoke({ log: [] }, threadConfig("p"));
  const items = await pending();
  expect(items.map((i) => i.value).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
    { question: "Open the gate?" },
    { question: "Reviewed?" },
  ]);
  expect(new Set(items.map((i) => i.interruptId)).size).toBe(2);
  const fromState = await stateInterrupts(graph, "p");
  expect(new Set(items.map((i) => i.interruptId))).toEqual(new Set(fromState.map((i) => i.id)));
  await expectIndexMatchesRebuild();

  // Answer the subgraph's interrupt first: the other one stays listed, the answered one leaves at once,
  // although LangGraph still reports it until the whole step is done.
  const gate = items.find((i) => (i.value as { question: string }).question === "Open the gate?")!;
  const review = items.find((i) => i !== gate)!;
  await graph.invoke(new Command({ resume: { [gate.interruptId!]: "open" } }), threadConfig("p"));
  expect((await pending()).map((i) => i.interruptId)).toEqual([review.interruptId]);
  expect((await stateInterrupts(graph, "p")).map((i) => i.id)).toContain(review.interruptId);
  await expectIndexMatchesRebuild();

  const done = await graph.invoke(new Command({ resume: { [review.interruptId!]: "ok" } }), threadConfig("p"));
  expect(done.log).toEqual(expect.arrayContaining(["gate:open", "review:ok", "published"]));
  expect(await pending()).toEqual([]);
  await expectIndexMatchesRebuild();
});

test("an answered parallel interrupt leaves the index while the other branch keeps waiting (first branch answered)", async () => {
  const graph = parallelGraph(saver);
  await graph.invoke({ log: [] }, threadConfig("p2"));
  const items = await pending();
  const review = items.find((i) => (i.value as { question: string }).question === "Reviewed?")!;
  const gate = items.find((i) => i !== review)!;
  await graph.invoke(new Command({ resume: { [review.interruptId!]: "ok" } }), threadConfig("p2"));
  const after = await pending();
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ interruptId: gate.interruptId, createdAt: gate.createdAt });
  // LangGraph keeps the answered interrupt on the checkpoint until the step completes.
  expect((await stateInterrupts(graph, "p2")).map((i) => i.id)).toEqual(expect.arrayContaining([review.interruptId, gate.interruptId]));
  await expectIndexMatchesRebuild();
});

test("several interrupt() calls in one node are listed one at a time", async () => {
  const graph = twoQuestionsGraph(saver);
  await graph.invoke({ log: [] }, threadConfig("q"));
  const [first] = await pending();
  expect(first!.value).toBe("first?");
  await graph.invoke(new Command({ resume: { [first!.interruptId!]: "a" } }), threadConfig("q"));
  const [second, ...rest] = await pending();
  expect(rest).toEqual([]);
  expect(second!.value).toBe("second?");
  expect(second!.interruptId).toBe((await stateInterrupts(graph, "q"))[0]!.id);
  await expectIndexMatchesRebuild();
  const result = await graph.invoke(new Command({ resume: { [second!.interruptId!]: "b" } }), threadConfig("q"));
  expect(result.log).toEqual(["a+b"]);
  expect(await pending()).toEqual([]);
});

test("a thread paused at a static breakpoint is listed with no value and the nodes it waits before", async () => {
  const graph = breakpointGraph(saver);
  await graph.invoke({ log: [] }, threadConfig("b"));
  expect((await graph.getState(threadConfig("b"))).next).toEqual(["deploy"]);
  const [item, ...rest] = await pending();
  expect(rest).toEqual([]);
  expect(item).toMatchObject({ threadId: "b", taskId: null, interruptId: null, value: undefined, nodes: ["deploy"] });
  await expectIndexMatchesRebuild();
  const result = await graph.invoke(null, threadConfig("b"));
  expect(result.log).toEqual(["built", "deployed"]);
  expect(await pending()).toEqual([]);
  await expectIndexMatchesRebuild();
});

test("deleting a thread removes its items and leaves the others", async () => {
  const graph = askGraph(saver);
  await graph.invoke({ log: [] }, threadConfig("keep"));
  await graph.invoke({ log: [] }, threadConfig("drop"));
  await saver.deleteThread("drop");
  expect((await pending()).map((i) => i.threadId)).toEqual(["keep"]);
  expect(await saver.getTuple(threadConfig("drop"))).toBeUndefined();
  await expectIndexMatchesRebuild();
});

test("pages run newest first with a cursor, per thread or across threads, with counts", async () => {
  const graph = askGraph(saver);
  for (let i = 0; i < 7; i++) await graph.invoke({ log: [] }, threadConfig(`t${i}`));
  expect(saver.countPendingInterrupts()).toBe(7);
  expect(saver.countPendingInterrupts("t3")).toBe(1);
  const first = await saver.pendingInterrupts({ limit: 3 });
  expect(first.items.map((i) => i.threadId)).toEqual(["t6", "t5", "t4"]);
  const second = await saver.pendingInterrupts({ limit: 3, cursor: first.nextCursor });
  expect(second.items.map((i) => i.threadId)).toEqual(["t3", "t2", "t1"]);
  const third = await saver.pendingInterrupts({ limit: 3, cursor: second.nextCursor });
  expect(third.items.map((i) => i.threadId)).toEqual(["t0"]);
  expect(third.nextCursor).toBeNull();
  expect((await saver.pendingInterrupts({ threadId: "t2" })).items.map((i) => i.threadId)).toEqual(["t2"]);
  await expect(saver.pendingInterrupts({ cursor: "not-a-cursor" })).rejects.toThrow(/Invalid interrupt cursor/);
});

test("an answered interrupt leaves the index as soon as the answer is recorded, while its node still runs", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const running = new Promise<void>((resolve) => (entered = resolve));
  const graph = new StateGraph(LogState)
    .addNode("ask", async () => {
      const answer = interrupt("Proceed?");
      entered();
      await released;
      return { log: [String(answer)] };
    })
    .addEdge(START, "ask")
    .compile({ checkpointer: saver });
  await graph.invoke({ log: [] }, threadConfig("slow"));
  const [item] = await pending();
  const run = graph.invoke(new Command({ resume: { [item!.interruptId!]: "go" } }), threadConfig("slow"));
  await running;
  await new Promise((resolve) => setImmediate(resolve)); // the answer's write settles
  expect(await pending()).toEqual([]);
  await expectIndexMatchesRebuild();
  release();
  expect((await run).log).toEqual(["go"]);
});

test("writes stored before their checkpoint take effect when it arrives", async () => {
  // LangGraph does not wait for one checkpoint to be stored before the next step's writes: here the
  // interrupt of the step after the input arrives before that step's checkpoint, as it does in real runs.
  const { emptyCheckpoint, uuid6 } = await import("@langchain/langgraph-checkpoint");
  const first = { ...emptyCheckpoint(), id: uuid6(-1) };
  const second = { ...emptyCheckpoint(), id: uuid6(-1), channel_versions: { "branch:to:ask": 2 } };
  const root = { configurable: { thread_id: "early", checkpoint_ns: "" } };
  const interruptWrite = saver.putWrites({ configurable: { ...root.configurable, checkpoint_id: second.id } }, [["__interrupt__", [{ id: "i-1", value: "Early?" }]]], "task-ask");
  const firstPut = saver.put(root, first, { source: "input", step: -1, parents: {} }, {});
  await Promise.all([interruptWrite, firstPut]);
  expect(await pending("early")).toEqual([]);
  await saver.put({ configurable: { ...root.configurable, checkpoint_id: first.id } }, { ...second, channel_values: { "branch:to:ask": null } }, { source: "loop", step: 0, parents: {} }, { "branch:to:ask": 2 });
  expect((await pending("early")).map((item) => [item.checkpointId, item.interruptId, item.value])).toEqual([[second.id, "i-1", "Early?"]]);
  await expectIndexMatchesRebuild();
});

test("writes stored before their checkpoint wait for it on disk: across connections, and dropped once a later checkpoint arrives", async () => {
  const { emptyCheckpoint, uuid6 } = await import("@langchain/langgraph-checkpoint");
  const root = { configurable: { thread_id: "waits", checkpoint_ns: "" } };
  const checkpoint = (versions: Record<string, number>) => ({ ...emptyCheckpoint(), id: uuid6(-1), channel_versions: versions });
  const never = checkpoint({});
  const awaited = checkpoint({ "branch:to:ask": 2 });
  const interruptOn = (id: string, interruptId: string) =>
    saver.putWrites({ configurable: { ...root.configurable, checkpoint_id: id } }, [["__interrupt__", [{ id: interruptId, value: interruptId }]]], `task-${interruptId}`);
  await interruptOn(never.id, "lost");
  await interruptOn(awaited.id, "kept");
  // The checkpoint arrives on another connection: the index follows what is on disk.
  saver.close();
  saver = SqliteCheckpointer.open(dir.file("checkpoints.sqlite"));
  await saver.put(root, { ...awaited, channel_values: { "branch:to:ask": null } }, { source: "loop", step: 0, parents: {} }, { "branch:to:ask": 2 });
  expect((await pending("waits")).map((item) => [item.checkpointId, item.interruptId])).toEqual([[awaited.id, "kept"]]);
  await expectIndexMatchesRebuild();
  const raw = new Database(dir.file("checkpoints.sqlite"), { readonly: true });
  expect(raw.prepare("SELECT count(*) FROM early_writes").pluck().get()).toBe(0);
  raw.close();
});

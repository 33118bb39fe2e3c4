// Exactly once across crashes: a decision recorded by a process that dies mid-resume is completed by
// the next host on the same data dir, never lost and never applied twice.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import Database from "better-sqlite3";
import { NEVER_BEGAN } from "../../../main/host/runs/thread-status.js";
import { hostHarness, journalRows, sleep, threadState, waitFor, type HostHarness } from "../../support/host.js";

/** Starts the host worker on the harness's data dir and reads the item it is about to decide. */
async function startWorker(h: HostHarness, graphId: string, answer: string, input: object = {}): Promise<{ child: ChildProcess; threadId: string; itemId: string; checkpointId: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/host-worker.ts", h.dataDir, h.fixtures, graphId, answer, JSON.stringify(input)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let seen = "";
  for await (const chunk of child.stdout!) {
    seen += String(chunk);
    const line = seen.split("\n").find((l) => l.startsWith("{"));
    if (line) return { child, ...(JSON.parse(line) as { threadId: string; itemId: string; checkpointId: string }) };
  }
  throw new Error(`the worker ended before printing its item: ${seen}`);
}

/** Writes stored on one root checkpoint of a thread, read through a separate read-only connection. */
function writesOf(h: HostHarness, threadId: string, checkpointId: string): Array<{ task_id: string; channel: string }> {
  const db = new Database(`${h.dataDir}/checkpoints.sqlite`, { readonly: true });
  try {
    return db.prepare("SELECT task_id, channel FROM writes WHERE thread_id = ? AND checkpoint_ns = '' AND checkpoint_id = ?").all(threadId, checkpointId) as never;
  } finally {
    db.close();
  }
}

const stateOf = (h: HostHarness, itemId: string) => journalRows(h.dataDir).find((row) => row.item_id === itemId)?.state;

async function killAfterRecorded(h: HostHarness, child: ChildProcess, itemId: string, progressed: () => boolean) {
  await waitFor(() => stateOf(h, itemId) === "recorded", 10_000, "the worker to record its decision");
  await waitFor(progressed, 1000, "the resumed run to be under way");
  expect(stateOf(h, itemId)).toBe("recorded");
  child.kill("SIGKILL");
  await once(child, "exit");
}

// The two crash tests spawn a worker each and wait on it: they run side by side, each on its own data dir.
const crashTest = (name: string, body: (h: HostHarness) => Promise<void>) =>
  test.concurrent(name, async () => {
    const h = hostHarness();
    try {
      await body(h);
    } finally {
      await h.cleanup();
    }
  });

crashTest("SIGKILL after the answer reached the graph, before the node finished: the next host completes it once", async (h) => {
  const { child, threadId, itemId, checkpointId } = await startWorker(h, "slow-after-answer", "forty-two", { ms: 1500 });
  // The resume write landed (the node is now sleeping 1.5 s before it records the answer).
  await killAfterRecorded(h, child, itemId, () => writesOf(h, threadId, checkpointId).some((w) => w.channel === "__resume__"));
  const killed = await threadState(h.dataDir, threadId);
  expect(killed.values.answers).toBeUndefined();
  expect(journalRows(h.dataDir)).toMatchObject([{ item_id: itemId, state: "recorded", pid: child.pid }]);

  const host = await h.openFixtures(); // recovery runs before createHost returns
  expect(journalRows(h.dataDir)).toMatchObject([{ item_id: itemId, state: "applied", outcome: "done", error: null }]);
  const after = await threadState(h.dataDir, threadId);
  expect(after.values.answers).toEqual(["forty-two"]);
  expect((await host.listItems()).total).toBe(0);
  const detail = await host.getItem({ itemId: itemId });
  expect(detail.decision).toMatchObject({ state: "applied", resume: "forty-two", outcome: "done" });
  expect(detail.thread).toMatchObject({ status: "done", error: null });
  await expect(host.decide({ itemId: itemId, decision: { type: "respond", message: "again" } })).rejects.toMatchObject({ code: "already-decided" });
  await host.close();

  // Yet another start changes nothing.
  const journal = journalRows(h.dataDir);
  const again = await h.openFixtures();
  expect(journalRows(h.dataDir)).toEqual(journal);
  expect(await threadState(h.dataDir, threadId)).toEqual(after);
  expect((await again.listItems()).total).toBe(0);
});

crashTest("SIGKILL while continuing a breakpoint, one parallel task done and one not: the next host finishes only the other", async (h) => {
  const { child, threadId, itemId, checkpointId } = await startWorker(h, "breakpoint-pair", "");
  // deploy_fast's result is stored on the breakpoint's checkpoint; deploy_slow is still working.
  await killAfterRecorded(h, child, itemId, () => writesOf(h, threadId, checkpointId).some((w) => w.channel === "log"));
  expect((await threadState(h.dataDir, threadId)).values.log).toEqual(["built"]);

  const host = await h.openFixtures();
  expect(journalRows(h.dataDir)).toMatchObject([{ item_id: itemId, state: "applied", outcome: "done" }]);
  expect(((await threadState(h.dataDir, threadId)).values.log as string[]).sort()).toEqual(["built", "fast", "slow"]);
  expect(host.threadInfo(threadId)).toMatchObject({ status: "done", error: null });
});

describe("simulated crashes", () => {
  let h: HostHarness;
  beforeEach(() => {
    h = hostHarness();
  });
  afterEach(() => h.cleanup());

  test("killed after the graph finished but before its outcome was committed: marked applied, the thread's status read off the index, without running the graph again", async () => {
    const first = await h.openFixtures();
    const item = (await first.startRun({ graphId: "ask", input: { payload: "Once?" } })).items[0]!;
    await first.decide({ itemId: item.id, decision: { type: "respond", message: "only once" } });
    await first.close();
    const finished = await threadState(h.dataDir, item.threadId);
    expect(finished.values.answers).toEqual(["only once"]);
    // As if the process died between the end of the run and the commit of its outcome (journal
    // finish, thread status and lease release commit together).
    const dead = spawn(process.execPath, ["-e", ""]);
    await once(dead, "exit");
    const db = new Database(`${h.dataDir}/host.sqlite`);
    db.prepare("UPDATE decisions SET state = 'recorded', outcome = NULL, finished_at = NULL, pid = ? WHERE item_id = ?").run(dead.pid, item.id);
    db.prepare("UPDATE threads SET status = 'running' WHERE thread_id = ?").run(item.threadId);
    db.prepare("INSERT INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES (?, 'dead-host', ?, 0)").run(item.threadId, dead.pid);
    db.close();

    const host = await h.openFixtures();
    expect(journalRows(h.dataDir)).toMatchObject([{ item_id: item.id, state: "applied", outcome: "done" }]);
    expect(host.threadInfo(item.threadId)).toMatchObject({ status: "done", error: null });
    // Not run again: same checkpoints, the answer still once.
    expect(await threadState(h.dataDir, item.threadId)).toEqual(finished);
    expect((await host.history()).decisions[0]).toMatchObject({ itemId: item.id, state: "applied", finishedAt: expect.any(String) });
  });

  test("a new run cut short before its first checkpoint: the thread says it never ran (not done), and starting it again runs it", async () => {
    const first = await h.openFixtures();
    await first.close();
    // As left by a process that died between the lease commit and LangGraph's first checkpoint.
    const db = new Database(`${h.dataDir}/host.sqlite`);
    db.prepare("INSERT INTO threads (thread_id, graph_id, created_at, updated_at, status) VALUES ('never-ran', 'ask', 0, 0, 'running')").run();
    db.close();

    const host = await h.openFixtures();
    expect(host.threadInfo("never-ran")).toEqual({ threadId: "never-ran", graphId: "ask", status: "error", error: NEVER_BEGAN });
    expect(await threadState(h.dataDir, "never-ran")).toEqual({ values: {}, checkpoints: 0 });
    const run = await host.startRun({ graphId: "ask", threadId: "never-ran", input: { payload: "Now?" } });
    expect(run).toMatchObject({ status: "waiting", error: null, items: [{ title: "Now?" }] });
  });

  test("recorded by a process that died before the graph got the answer: the next host sends it", async () => {
    const first = await h.openFixtures();
    const item = (await first.startRun({ graphId: "ask", input: { payload: "Late?" } })).items[0]!;
    await first.close();
    const dead = spawn(process.execPath, ["-e", ""]);
    await once(dead, "exit");
    const db = new Database(`${h.dataDir}/host.sqlite`);
    db.prepare(
      `INSERT INTO decisions (item_id, thread_id, graph_id, checkpoint_id, task_id, interrupt_id, item, decision, resume, state, decided_at, owner, pid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'recorded', ?, 'a-dead-host', ?)`,
    ).run(item.id, item.threadId, item.graphId, item.checkpointId, item.taskId, item.interruptId, JSON.stringify(item), JSON.stringify({ type: "respond", message: "late" }), JSON.stringify("late"), Date.now(), dead.pid);
    db.close();

    const host = await h.openFixtures();
    expect(journalRows(h.dataDir)).toMatchObject([{ item_id: item.id, state: "applied", outcome: "done" }]);
    expect((await threadState(h.dataDir, item.threadId)).values.answers).toEqual(["late"]);
    expect((await host.listItems()).total).toBe(0);
  });

  test("a decision still being applied by a live host is left to it by a host that starts meanwhile", async () => {
    const a = await h.openFixtures();
    const item = (await a.startRun({ graphId: "slow-after-answer", input: { ms: 600 } })).items[0]!;
    const result = await a.decide({ itemId: item.id, decision: { type: "respond", message: "mine" } }, { waitMs: 50 });
    expect(result.status).toBe("running");
    const b = await h.openFixtures();
    expect(stateOf(h, item.id)).toBe("recorded");
    await waitFor(() => stateOf(h, item.id) === "applied", 5000, "the first host to finish");
    await sleep(100);
    expect((await threadState(h.dataDir, item.threadId)).values.answers).toEqual(["mine"]);
    expect((await b.getItem({ itemId: item.id })).decision).toMatchObject({ state: "applied" });
  });
});

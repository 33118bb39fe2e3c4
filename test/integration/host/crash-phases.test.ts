// A run cut short by SIGKILL is continued by the next host to its end, exactly once, whichever step
// it was in: in the node that consumed the reviewer's answer, or in either of the two slow steps
// after it. (Before the answer reached the graph: recovery.test.ts.) The thread is never left
// looking paused at a breakpoint, and the answer reaches the graph once.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { SqliteCheckpointer } from "../../../main/host/index.js";
import { hostHarness, integrityCheck, journalRows, threadState, waitFor, type HostHarness } from "../../support/host.js";

const phases = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);

async function startWorker(h: HostHarness, marker: string): Promise<{ child: ChildProcess; threadId: string; itemId: string }> {
  const input = JSON.stringify({ ms: 2000, label: marker });
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/host-worker.ts", h.dataDir, h.fixtures, "two-slow-steps", "go", input], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let seen = "";
  for await (const chunk of child.stdout!) {
    seen += String(chunk);
    const line = seen.split("\n").find((l) => l.startsWith("{"));
    if (line) return { child, ...(JSON.parse(line) as { threadId: string; itemId: string }) };
  }
  throw new Error(`the worker ended before printing its item: ${seen}`);
}

function indexMatchesRebuild(h: HostHarness): Promise<[unknown, unknown]> {
  const checkpointer = SqliteCheckpointer.open(`${h.dataDir}/checkpoints.sqlite`);
  return Promise.all([checkpointer.indexedInterrupts(), checkpointer.expectedInterruptIndex()])
    .then(([indexed, expected]) => [indexed.map(({ threadId, checkpointId, taskId, interruptId }) => ({ threadId, checkpointId, taskId, interruptId })), expected.map(({ threadId, checkpointId, taskId, interruptId }) => ({ threadId, checkpointId, taskId, interruptId }))] as [unknown, unknown])
    .finally(() => checkpointer.close());
}

describe.each([
  ["in the node that consumed the answer", "answered"],
  ["in the first step after it", "one"],
  ["in the second step after it", "two"],
])("SIGKILL %s", (_, phase) => {
  test.concurrent("the next host continues the run to its end, the answer delivered once", async () => {
    const h = hostHarness();
    try {
      const marker = h.dir.file("phases.log");
      const { child, threadId, itemId } = await startWorker(h, marker);
      await waitFor(() => phases(marker).includes(phase), 20_000, `the run to reach "${phase}"`);
      child.kill("SIGKILL");
      await once(child, "exit");
      expect(journalRows(h.dataDir)).toMatchObject([{ item_id: itemId, state: "recorded" }]);
      const cut = await threadState(h.dataDir, threadId);
      expect(cut.values.answers ?? []).not.toContain("two done");

      const host = await h.openFixtures(); // recovery runs before createHost returns
      expect(journalRows(h.dataDir)).toMatchObject([{ item_id: itemId, state: "applied", outcome: "done", error: null }]);
      expect((await threadState(h.dataDir, threadId)).values.answers).toEqual(["go", "one done", "two done"]);
      expect(host.threadInfo(threadId)).toMatchObject({ status: "done", error: null });
      const inbox = await host.listItems();
      expect(inbox.total).toBe(0);
      expect((await host.getItem({ itemId })).decision).toMatchObject({ state: "applied", outcome: "done" });
      // Each step after the cut ran to its end once more: the phase killed in began twice, no other.
      expect(phases(marker).filter((p) => p === phase)).toHaveLength(2);
      await host.close();

      const [indexed, rebuilt] = await indexMatchesRebuild(h);
      expect(indexed).toEqual(rebuilt);
      expect(integrityCheck(`${h.dataDir}/checkpoints.sqlite`)).toBe("ok");
      expect(integrityCheck(`${h.dataDir}/host.sqlite`)).toBe("ok");

      // Another start changes nothing.
      const journal = journalRows(h.dataDir);
      const state = await threadState(h.dataDir, threadId);
      const again = await h.openFixtures();
      expect(journalRows(h.dataDir)).toEqual(journal);
      expect(await threadState(h.dataDir, threadId)).toEqual(state);
      expect((await again.listItems()).total).toBe(0);
    } finally {
      await h.cleanup();
    }
  });
});

test("a lease and a decision left by a host whose process id now belongs to a live process are recovered all the same", async () => {
  const h = hostHarness();
  try {
    const first = await h.openFixtures();
    const item = (await first.startRun({ graphId: "ask", input: { payload: "Reused?" } })).items[0]!;
    await first.close();
    // As left by a host that died after recording its decision, whose pid the system gave to this very process.
    const db = new Database(`${h.dataDir}/host.sqlite`);
    db.prepare(
      `INSERT INTO decisions (item_id, thread_id, graph_id, checkpoint_id, task_id, interrupt_id, item, decision, resume, state, decided_at, owner, pid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'recorded', ?, 'a-dead-host', ?)`,
    ).run(item.id, item.threadId, item.graphId, item.checkpointId, item.taskId, item.interruptId, JSON.stringify(item), JSON.stringify({ type: "respond", message: "yes" }), JSON.stringify("yes"), Date.now(), process.pid);
    db.prepare("UPDATE threads SET status = 'running' WHERE thread_id = ?").run(item.threadId);
    db.prepare("INSERT INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES (?, 'a-dead-host', ?, 0)").run(item.threadId, process.pid);
    db.close();

    const host = await h.openFixtures();
    expect(journalRows(h.dataDir)).toMatchObject([{ item_id: item.id, state: "applied", outcome: "done" }]);
    expect((await threadState(h.dataDir, item.threadId)).values.answers).toEqual(["yes"]);
    expect(host.threadInfo(item.threadId)).toMatchObject({ status: "done", error: null });
  } finally {
    await h.cleanup();
  }
});

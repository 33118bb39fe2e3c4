// retryThread: a thread whose run failed (after a decision, say) runs on from its last checkpoint:
// the failed task again, with the answer already given, never a second answer.
import { writeFileSync } from "node:fs";
import { HostError } from "../../../shared/errors.js";
import { hostHarness, journalRows, threadState, type HostHarness } from "../../support/host.js";

let h: HostHarness;
beforeEach(() => (h = hostHarness()));
afterEach(() => h.cleanup());

test("a run that failed after a decision runs again once the cause is gone; the decision is sent once", async () => {
  const host = await h.openFixtures();
  const flag = h.dir.file("network-up");
  const run = await host.startRun({ graphId: "ask-then-send", input: { label: flag } });
  const decided = await host.decide({ itemId: run.items[0]!.id, decision: { type: "resume", value: "yes" } });
  expect(decided).toMatchObject({ status: "failed", thread: { status: "error", error: "network down" } });

  // Still failing: the thread stays in error, with the same error.
  await expect(host.retryThread({ threadId: run.threadId })).resolves.toMatchObject({ status: "error", error: "network down" });
  writeFileSync(flag, "");
  const retried = await host.retryThread({ threadId: run.threadId });
  expect(retried).toMatchObject({ threadId: run.threadId, status: "done", error: null, items: [] });
  expect(host.threadInfo(run.threadId)).toMatchObject({ status: "done", error: null });
  // The answer reached the node once; the send that failed ran again and went through.
  expect((await threadState(h.dataDir, run.threadId)).values.answers).toEqual(["yes", "sent"]);
  // The journal keeps what happened after the decision itself.
  expect(journalRows(h.dataDir).map((row) => [row.state, row.error])).toEqual([["failed", "network down"]]);
});

test("only a thread whose run failed can be retried; anything else is refused and changes nothing", async () => {
  const host = await h.openFixtures();
  const waiting = await host.startRun({ graphId: "ask", input: { payload: "Ship?" } });
  const refusal = await host.retryThread({ threadId: waiting.threadId }).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(HostError);
  expect(refusal).toMatchObject({ code: "invalid-request", message: `Thread ${waiting.threadId} is waiting: only a thread whose run failed can be retried` });
  expect(host.threadInfo(waiting.threadId).status).toBe("waiting");
  expect((await host.listItems()).items.map((item) => item.id)).toEqual([waiting.items[0]!.id]);
  await expect(host.retryThread({ threadId: "no-such-thread" })).rejects.toMatchObject({ code: "not-found" });
});

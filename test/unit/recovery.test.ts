// How a run cut short goes on, decided from checkpoint data alone (planRecovery, workLeft).
import { planRecovery, workLeft, type RecoveryFacts } from "../../main/host/runs/recovery.js";

const asked = { id: "int-1", value: "Go on?" };
const entry = { interruptId: "int-1", checkpointId: "cp-1", taskId: "task-ask" };
const facts = (over: Partial<RecoveryFacts>): RecoveryFacts => ({ entry, stillPending: false, latestCheckpointId: "cp-1", latestWrites: [], tasks: [], ...over });

describe("workLeft", () => {
  test.each([
    ["no tasks: the run had ended", [], false],
    ["one task waiting on its interrupt: paused", [{ interrupts: [asked] }], false],
    ["a task that never ran (or was cut short)", [{ interrupts: [] }], true],
    ["a task that finished while its step's next checkpoint was never written", [{ interrupts: [], result: { answers: ["one done"] } }], true],
    ["a task answered and finished, its interrupt still among the writes", [{ interrupts: [asked], result: { answers: ["go"] } }], true],
    ["one branch finished, the other waiting on an interrupt: paused", [{ interrupts: [], result: { log: ["a"] } }, { interrupts: [asked] }], false],
    ["a failed task: the run's error is its outcome", [{ interrupts: [], error: new Error("boom") }], false],
  ])("%s", (_, tasks, expected) => {
    expect(workLeft(tasks)).toBe(expected);
  });
});

describe("planRecovery", () => {
  test("an answer still listed as pending is sent again", () => {
    expect(planRecovery(facts({ stillPending: true, tasks: [{ interrupts: [asked] }] }))).toBe("resume");
  });
  test("an answer stored whose task wrote nothing but its interrupt is sent again", () => {
    expect(planRecovery(facts({ latestWrites: [["task-ask", "__interrupt__", [asked]]], tasks: [{ interrupts: [asked] }] }))).toBe("resume");
  });
  test("the node that consumed the answer finished, the next checkpoint never written: the graph runs on", () => {
    const writes = [["task-ask", "__interrupt__", [asked]], ["task-ask", "answers", ["go"]]] as const;
    expect(planRecovery(facts({ latestWrites: writes, tasks: [{ interrupts: [asked], result: { answers: ["go"] } }] }))).toBe("continue");
  });
  test("a later step finished, its next checkpoint never written: the graph runs on", () => {
    expect(planRecovery(facts({ latestCheckpointId: "cp-3", tasks: [{ interrupts: [], result: { answers: ["one done"] } }] }))).toBe("continue");
  });
  test("a run that ended leaves nothing to do", () => {
    expect(planRecovery(facts({ latestCheckpointId: "cp-9", tasks: [] }))).toBe("settled");
  });
});

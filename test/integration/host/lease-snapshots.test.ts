// What another process sees of a decision being applied, read straight from host.sqlite: the journal
// entry commits with the thread's lease, and its finish with the lease's release, so no reader ever
// sees a thread held without its decision recorded, nor a thread freed before its decision is finished.
import { spawn } from "node:child_process";
import { once } from "node:events";
import Database from "better-sqlite3";
import { hostHarness } from "../../support/host.js";

test("another process sees a decision not yet taken, under way, or applied: never in between", async () => {
  const h = hostHarness();
  // The worker starts a thread, prints its item, then decides it (the run works 200 ms after the answer).
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/host-worker.ts", h.dataDir, h.fixtures, "slow-after-answer", "yes", JSON.stringify({ ms: 200 })], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let db: Database.Database | undefined;
  try {
    let output = "";
    let line: string | undefined;
    for await (const chunk of child.stdout) {
      output += String(chunk);
      line = output.split("\n").find((l) => l.startsWith("{"));
      if (line) break;
    }
    if (!line) throw new Error(`the worker ended before printing its item: ${output}`);
    const { threadId, itemId } = JSON.parse(line) as { threadId: string; itemId: string };

    db = new Database(`${h.dataDir}/host.sqlite`, { readonly: true, fileMustExist: true });
    // One statement, so one consistent snapshot of the three tables per read.
    const snapshot = db.prepare(`SELECT (SELECT count(*) FROM thread_locks WHERE thread_id = @threadId) || ' ' ||
      coalesce((SELECT state FROM decisions WHERE item_id = @itemId), 'none') || ' ' || (SELECT status FROM threads WHERE thread_id = @threadId)`);
    const seen = new Set<string>();
    const deadline = Date.now() + 20_000;
    // As many reads as possible (a tight loop) until the decision is applied and the thread free.
    for (let state = ""; state !== "0 applied done"; ) {
      if (Date.now() > deadline) throw new Error(`the worker did not apply its decision; seen: ${[...seen].join(", ")}`);
      state = snapshot.pluck().get({ threadId, itemId }) as string;
      seen.add(state);
    }
    expect([...seen].filter((state) => !["0 none waiting", "1 recorded running", "0 applied done"].includes(state))).toEqual([]);
    expect(seen).toContain("1 recorded running");
  } finally {
    db?.close();
    child.kill("SIGKILL");
    await once(child, "exit");
    await h.cleanup();
  }
});

// Two processes on one database file: visibility, and a crash in the middle of a run.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { SqliteCheckpointer } from "../../../main/host/index.js";
import { indexedAndRebuilt } from "../../support/index-consistency.js";
import { tempDir } from "../../support/tmp.js";

const worker = (db: string, ...args: string[]) =>
  spawn(process.execPath, ["--import", "tsx", "test/support/checkpointer-worker.ts", db, ...args], { stdio: ["ignore", "pipe", "inherit"] });

async function waitForLine(child: ChildProcess, line: string) {
  let seen = "";
  for await (const chunk of child.stdout!) {
    seen += String(chunk);
    if (seen.includes(line)) return;
  }
  throw new Error(`worker ended before printing ${line}`);
}

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

test("interrupts written by another process are seen by an open checkpointer", async () => {
  const db = dir.file("shared.sqlite");
  const saver = SqliteCheckpointer.open(db);
  expect(saver.countPendingInterrupts()).toBe(0);
  const child = worker(db, "create", "3", "other");
  await waitForLine(child, "done");
  await once(child, "exit");
  const { items } = await saver.pendingInterrupts();
  expect(items.map((i) => [i.threadId, i.value])).toEqual([
    ["other2", "from another process"],
    ["other1", "from another process"],
    ["other0", "from another process"],
  ]);
  saver.close();
});

test("a process killed with SIGKILL mid-run leaves the index consistent with the checkpoints", async () => {
  const db = dir.file("crash.sqlite");
  for (const delay of [150, 400, 900]) {
    const child = worker(db, "churn");
    await waitForLine(child, "running");
    await new Promise((resolve) => setTimeout(resolve, delay));
    child.kill("SIGKILL");
    await once(child, "exit");
    const saver = SqliteCheckpointer.open(db);
    const { indexed, rebuilt } = await indexedAndRebuilt(saver);
    expect(indexed.length).toBeGreaterThan(0);
    expect(indexed).toEqual(rebuilt);
    saver.close();
  }
});

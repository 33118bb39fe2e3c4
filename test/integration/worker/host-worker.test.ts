// The host in its worker thread: the contract through the worker link (validated there), events
// and log lines back, a clear error when the host cannot start, a clean close; and a worker that a
// graph takes down (an error thrown outside LangGraph, process.exit) takes down only the worker:
// the main thread keeps running, calls in flight get the reason, the health says so, a new worker
// starts, and its recovery applies the decision exactly once.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Logger } from "../../../main/host/log.js";
import { HostWorker } from "../../../main/worker/host-client.js";
import type { HostEvent } from "../../../shared/inbox.js";
import { moveTable } from "../../support/break-inbox.js";
import { hostHarness, journalRows, threadState, waitFor, type HostHarness } from "../../support/host.js";

let h: HostHarness;
const workers: HostWorker[] = [];
const logged: Array<[string, string, Record<string, unknown> | undefined]> = [];
const logger: Logger = Object.fromEntries((["debug", "info", "warn", "error"] as const).map((level) => [level, (message: string, fields?: Record<string, unknown>) => void logged.push([level, message, fields])])) as unknown as Logger;

beforeEach(() => {
  h = hostHarness();
  logged.length = 0;
});
afterEach(async () => {
  await Promise.allSettled(workers.splice(0).map((worker) => worker.close()));
  await h.cleanup();
});

async function start(configPath = h.fixtures): Promise<HostWorker> {
  const worker = await HostWorker.start({ dataDir: h.dataDir, configPath, logger, logLevel: "debug", restartDelaysMs: [0, 200] });
  workers.push(worker);
  return worker;
}

test("the contract through the worker: results, typed errors for bad messages, events and log lines back; closed, it answers host-unavailable", async () => {
  const worker = await start();
  const host = worker.client();
  expect(host.dataDir).toBe(h.dataDir);
  const events: HostEvent[] = [];
  worker.subscribe((event) => events.push(event));

  const run = await host.startRun({ graphId: "ask", input: { payload: { question: "Ship?" } } });
  expect(run).toMatchObject({ status: "waiting", items: [{ kind: "generic", value: { question: "Ship?" } }] });
  expect((await host.listItems()).total).toBe(1);
  expect(events.map((event) => event.type)).toContain("item-added");

  expect(await worker.call("deleteEverything", {})).toEqual({ ok: false, error: { code: "invalid-request", message: 'Unknown call "deleteEverything"' } });
  expect(await worker.call("getItem", { itemId: 42 })).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringMatching(/^Invalid getItem request/) } });
  expect(await worker.call("listItems", { limit: () => 1 })).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringMatching(/cannot be sent to the host/) } });
  await expect(host.getItem({ itemId: "nope" })).rejects.toMatchObject({ code: "not-found" });

  const applied = await host.decide({ itemId: run.items[0]!.id, decision: { type: "respond", message: "yes" } });
  expect(applied).toMatchObject({ status: "applied", thread: { status: "done" } });
  expect(events.map((event) => event.type)).toContain("item-resolved");
  // The worker's log lines reach the main thread's logger, an error field as an Error; so does its health.
  moveTable(h.dataDir, "pending_interrupts", "pending_interrupts_moved");
  await waitFor(() => events.some((event) => event.type === "health" && event.health.problem !== null), 10_000, "a failing poll");
  // The health event and the log line are two messages from the worker: the line may come a turn later.
  await waitFor(() => logged.some(([level]) => level === "error"), 1000, "the error's log line");
  const line = logged.find(([level]) => level === "error");
  expect(line?.[2]?.error).toBeInstanceOf(Error);
  expect(String((line?.[2]?.error as Error).message)).toMatch(/no such table: pending_interrupts/);
  moveTable(h.dataDir, "pending_interrupts_moved", "pending_interrupts");

  await worker.close();
  expect(await worker.call("listItems", {})).toEqual({ ok: false, error: { code: "host-unavailable", message: "The host is closed." } });
  expect(journalRows(h.dataDir)).toMatchObject([{ state: "applied", outcome: "done" }]);
});

test("close() lets a run in flight finish, then closes the databases and ends the worker", async () => {
  const worker = await start();
  const host = worker.client();
  const run = await host.startRun({ graphId: "slow-after-answer", input: { ms: 1500 } });
  const deciding = worker.call("decide", { itemId: run.items[0]!.id, decision: { type: "resume", value: "late" } });
  await waitFor(() => journalRows(h.dataDir).length === 1, 10_000, "the decision to be recorded");
  await worker.close();
  expect(await deciding).toMatchObject({ ok: true, result: { status: "applied" } });
  expect(journalRows(h.dataDir)).toMatchObject([{ state: "applied", outcome: "done" }]);
  // The files are free: a host in this thread opens them and finds nothing left to recover.
  const after = await h.openFixtures();
  expect(after.threadInfo(run.threadId)).toMatchObject({ status: "done" });
});

test("a host that cannot start rejects start() with the host's own message, and leaves no worker behind", async () => {
  const config = h.dir.file("broken.json");
  writeFileSync(config, "{ not json");
  await expect(HostWorker.start({ dataDir: h.dataDir, configPath: config, logger })).rejects.toMatchObject({ code: "invalid-request", message: expect.stringContaining("broken.json") });
});

describe.each([
  ["an error thrown outside LangGraph's control", "throw", /thrown outside LangGraph/],
  ["process.exit in a node", "exit", /exited with code 7/],
])("a graph that takes its worker down with %s", (_, mode, reason) => {
  test("takes down only the worker: the call in flight gets the reason, the health says so, a new worker applies the decision once", async () => {
    const worker = await start();
    const host = worker.client();
    const events: HostEvent[] = [];
    worker.subscribe((event) => events.push(event));
    // The main thread's own timer keeps firing throughout.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      const label = h.dir.file("crash.log");
      const run = await host.startRun({ graphId: "crash-after-answer", input: { payload: "Apply?", label, message: mode } });
      const item = run.items[0]!;

      const answer = await worker.call("decide", { itemId: item.id, decision: { type: "resume", value: "approved" } });
      expect(answer).toMatchObject({ ok: false, error: { code: "host-unavailable", message: expect.stringMatching(reason) } });
      expect(events).toContainEqual({ type: "health", health: { problem: expect.objectContaining({ what: "host", message: expect.stringMatching(reason) }) } });
      expect(logged).toContainEqual(["error", "The host stopped; restarting it", expect.objectContaining({ reason: expect.stringMatching(reason) })]);

      // The restarted host's recovery finishes the run: the answer applied once, the thread done.
      await waitFor(() => existsSync(`${label}.applied`), 20_000, "the restarted host to apply the decision");
      await waitFor(async () => (await host.health()).problem === null, 10_000, "the health to clear");
      expect(events.at(-1)?.type).toBeDefined();
      await waitFor(async () => (await host.getItem({ itemId: item.id })).decision?.state === "applied", 10_000, "the decision to be recorded as applied");
      expect(readFileSync(`${label}.applied`, "utf8")).toBe(`${JSON.stringify(["approved"])}\n`);
      expect(journalRows(h.dataDir)).toMatchObject([{ item_id: item.id, state: "applied", outcome: "done" }]);
      expect((await host.listItems()).total).toBe(0);
      expect((await host.history()).decisions).toHaveLength(1);
      await worker.close();
      expect((await threadState(h.dataDir, item.threadId)).values.answers).toEqual(["approved", "applied"]);
      expect(ticks).toBeGreaterThan(10);
    } finally {
      clearInterval(ticker);
    }
  });
});

test("the graphs load once the first page is answered, not before: the first decision does not wait for them", async () => {
  const worker = await start();
  const loaded = () => logged.find(([, message]) => message === "Graphs loaded ahead of the first decision");
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(loaded()).toBeUndefined();
  await worker.client().listItems({});
  const [level, , fields] = await waitFor(loaded, 10_000, "the graphs loaded");
  expect(level).toBe("debug");
  expect(fields).toMatchObject({ graphs: expect.any(Number), errors: 0 });
  expect(fields!.graphs).toBeGreaterThan(0);
});

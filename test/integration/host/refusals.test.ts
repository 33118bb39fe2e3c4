// Decisions the host refuses: a specific HostError, and nothing changes (item still pending, no
// journal entry, thread state and checkpoints untouched, no event).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Host } from "../../../main/host/index.js";
import { HostError } from "../../../shared/errors.js";
import type { InboxItem } from "../../../shared/inbox.js";
import { hostHarness, journalRows, nextTurn, recordEvents, type HostHarness } from "../../support/host.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/interrupts/${name}`, import.meta.url), "utf8"));
const hitlPy = fixture("hitl-python-snakecase.json");
const toolApproval = fixture("tool-approval-per-call.json");
const humanInterrupt = fixture("human-interrupt.json");

let h: HostHarness;
let host: Host;
// One host for the file: refusals change nothing, and each test works on threads of its own.
beforeAll(async () => {
  h = hostHarness();
  // Demos and fixtures side by side in one langgraph.json.
  const demos = JSON.parse(readFileSync(new URL("../../../main/host/graphs/demos/langgraph.json", import.meta.url), "utf8")).graphs as Record<string, string>;
  const demoDir = fileURLToPath(new URL("../../../main/host/graphs/demos/", import.meta.url));
  const fixtures = JSON.parse(readFileSync(h.fixtures, "utf8")).graphs as Record<string, string>;
  const both = h.dir.file("both.json");
  const graphs = { ...Object.fromEntries(Object.entries(demos).map(([id, path]) => [id, demoDir + path.slice(2)])), ...fixtures };
  writeFileSync(both, JSON.stringify({ graphs }));
  host = await h.open({ configPath: both });
});
afterAll(() => h.cleanup());

async function itemOf(graphId: string, input: Record<string, unknown> = {}): Promise<InboxItem> {
  const run = await host.startRun({ graphId: graphId, input });
  expect(run.items).toHaveLength(1);
  return run.items[0]!;
}

/** Everything a refused decision must leave as it was. */
async function snapshot(item: InboxItem) {
  const { thread } = await host.getItem({ itemId: item.id });
  return {
    pending: (await host.listItems()).items,
    journal: journalRows(h.dataDir),
    history: (await host.history()).decisions,
    status: thread.status,
    values: thread.values,
    checkpoints: thread.history.map((c) => c.checkpointId),
  };
}

/** Decides, expects a HostError with `code` whose message matches `message`, and checks nothing changed. */
async function expectRefused(item: InboxItem, decision: unknown, code: HostError["code"], message: RegExp) {
  const before = await snapshot(item);
  expect(before.pending.map((i) => i.id)).toContain(item.id);
  const events = recordEvents(host);
  const error = await host.decide({ itemId: item.id, decision: decision }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostError);
  expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
  expect(await snapshot(item)).toEqual(before);
  expect(events).toEqual([]);
}

describe("a decision the payload does not allow", () => {
  test("HITL: edit of run_sql (approve/reject only)", async () => {
    const item = await itemOf("support-agent");
    await expectRefused(item, { decisions: [{ type: "approve" }, { type: "edit", args: { sql: "SELECT 1" } }] }, "invalid-decision", /action 2 "run_sql" does not allow "edit" \(allowed: approve, reject\)/);
  });

  test.each([["respond", { type: "respond", message: "hm" }], ["ignore", { type: "ignore" }]])("HITL (JS): %s is not a JS HITL decision", async (name, decision) => {
    const item = await itemOf("support-agent");
    await expectRefused(item, { decisions: [decision, { type: "approve" }] }, "invalid-decision", new RegExp(`"send_email" does not allow "${name}"`));
  });

  test("generic: only respond (or a raw resume) answers a plain interrupt", async () => {
    const item = await itemOf("ship-it");
    await expectRefused(item, { type: "approve" }, "invalid-decision", /"reply" does not allow "approve" \(allowed: respond\)/);
    await expectRefused(item, { type: "edit", args: { a: 1 } }, "invalid-decision", /does not allow "edit"/);
    await expectRefused(item, { type: "reject", message: "no" }, "invalid-decision", /does not allow "reject"/);
  });

  test("HumanInterrupt: edit when allow_edit is false; reject when neither respond nor ignore is allowed", async () => {
    const [request] = humanInterrupt.interrupt.value;
    const payload = [{ ...request, config: { allow_accept: true, allow_edit: false, allow_respond: false, allow_ignore: false } }];
    const item = await itemOf("ask", { payload });
    expect(item.actions[0]!.allowedDecisions).toEqual(["approve"]);
    await expectRefused(item, { type: "edit", args: { amount: 1 } }, "invalid-decision", /does not allow "edit" \(allowed: approve\)/);
    await expectRefused(item, { type: "reject", message: "no" }, "invalid-decision", /cannot be rejected/);
    await expectRefused(item, { type: "respond", message: "?" }, "invalid-decision", /does not allow "respond"/);
  });

  test("tool approval: ignore", async () => {
    const item = await itemOf("ask", { payload: toolApproval.interrupt.value });
    await expectRefused(item, { type: "ignore" }, "invalid-decision", /"deploy" does not allow "ignore"/);
  });

  test("breakpoint: only approve continues it", async () => {
    const item = await itemOf("breakpoint");
    await expectRefused(item, { type: "respond", message: "go" }, "invalid-decision", /"continue" does not allow "respond" \(allowed: approve\)/);
    await expectRefused(item, { type: "reject" }, "invalid-decision", /does not allow "reject"/);
  });
});

describe("an edit that does not match the argsSchema", () => {
  test("snake_case HITL: negative amount and an unknown currency", async () => {
    const item = await itemOf("ask", { payload: hitlPy.interrupt.value });
    const args = { from: "ops", to: "vendor-112", amount: -5, currency: "GBP" };
    await expectRefused(item, { type: "edit", args }, "invalid-decision", /Edited args of "transfer_funds" do not match its argsSchema: .*\/amount must be >= 0.*\/currency must be equal to one of the allowed values/);
  });

  test("a missing required field, and a string where a number is expected", async () => {
    const item = await itemOf("ask", { payload: hitlPy.interrupt.value });
    await expectRefused(item, { type: "edit", args: { from: "ops", to: "x", amount: "1200" } }, "invalid-decision", /must have required property 'currency'/);
    await expectRefused(item, { type: "edit", args: { from: "ops", to: "x", amount: "1200", currency: "EUR" } }, "invalid-decision", /\/amount must be number/);
  });
});

describe("the wrong number of decisions", () => {
  test.each([
    ["one single decision", { type: "approve" }, /Expected 2 decision\(s\), one per action in order \(send_email, run_sql\).*got 1/],
    ["one in a list", { decisions: [{ type: "approve" }] }, /Expected 2 decision\(s\).*got 1/],
    ["three", { decisions: [{ type: "approve" }, { type: "approve" }, { type: "approve" }] }, /Expected 2 decision\(s\).*got 3/],
    ["none", { decisions: [] }, /Expected 2 decision\(s\).*got 0/],
  ])("HITL batch of two, %s", async (_name, decision, message) => {
    const item = await itemOf("support-agent");
    await expectRefused(item, decision, "invalid-decision", message);
  });

  test("a one-action payload given two decisions", async () => {
    const item = await itemOf("expense-approval");
    await expectRefused(item, { decisions: [{ type: "approve" }, { type: "approve" }] }, "invalid-decision", /Expected 1 decision\(s\).*got 2/);
  });

  test("a raw resume inside the decisions list", async () => {
    const item = await itemOf("support-agent");
    await expectRefused(item, { decisions: [{ type: "resume", value: 1 }, { type: "approve" }] }, "invalid-decision", /resume replaces the whole resume value/);
  });
});

describe("malformed decisions", () => {
  test.each([
    ["an unknown type", { type: "maybe" }],
    ["edit without args", { type: "edit" }],
    ["edit with array args", { type: "edit", args: [1] }],
    ["respond without a message", { type: "respond" }],
    ["a bare string", "approve"],
    ["null", null],
    ["decisions that is not a list", { decisions: { type: "approve" } }],
  ])("%s", async (_name, decision) => {
    const item = await itemOf("expense-approval");
    await expectRefused(item, decision, "invalid-decision", /^Invalid decision/);
  });
});

describe("items that are not pending", () => {
  test("an unknown item id is not found", async () => {
    const item = await itemOf("ship-it");
    await expect(host.decide({ itemId: "0123456789abcdef", decision: { type: "respond", message: "x" } })).rejects.toMatchObject({ name: "HostError", code: "not-found" });
    await expect(host.getItem({ itemId: "0123456789abcdef" })).rejects.toMatchObject({ code: "not-found" });
    expect((await host.listItems()).items.map((i) => i.id)).toContain(item.id);
    expect(journalRows(h.dataDir)).toEqual([]); // no test before this one got a decision through
  });

  test("an item already resolved is refused as already decided, and its thread is left alone", async () => {
    const item = await itemOf("ship-it");
    await host.decide({ itemId: item.id, decision: { type: "respond", message: "first" } });
    await nextTurn();
    const journal = journalRows(h.dataDir);
    const { thread } = await host.getItem({ itemId: item.id });
    const events = recordEvents(host);
    for (const decision of [{ type: "respond", message: "second" }, { type: "approve" }, { type: "resume", value: "raw" }]) {
      await expect(host.decide({ itemId: item.id, decision: decision })).rejects.toMatchObject({ name: "HostError", code: "already-decided", message: `Item ${item.id} was already decided` });
    }
    expect(journalRows(h.dataDir)).toEqual(journal);
    const after = (await host.getItem({ itemId: item.id })).thread;
    expect(after.values).toEqual({ answer: "first" });
    expect(after.history).toEqual(thread.history);
    expect(events).toEqual([]);
  });

  test("a double click: two decisions at once on one item, exactly one is applied", async () => {
    const item = await itemOf("ship-it");
    const results = await Promise.allSettled([
      host.decide({ itemId: item.id, decision: { type: "respond", message: "one" } }),
      host.decide({ itemId: item.id, decision: { type: "respond", message: "two" } }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map((r) => (r.reason as HostError).code)).toEqual(["already-decided"]);
    const journal = journalRows(h.dataDir).filter((row) => row.item_id === item.id);
    expect(journal).toHaveLength(1);
    expect(journal[0]!.state).toBe("applied");
    expect((await host.getItem({ itemId: item.id })).thread.values).toEqual({ answer: JSON.parse(journal[0]!.resume) });
  });
});

// Every demo graph and every payload kind, served by createHost as inbox items.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createHost, type Host } from "../../../main/host/index.js";
import { SAMPLE_EXPENSE } from "../../../main/host/graphs/demos/expense-approval.js";
import { InboxItem } from "../../../shared/inbox.js";
import { hostHarness, type HostHarness } from "../../support/host.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/interrupts/${name}`, import.meta.url), "utf8"));
const hitlJs = fixture("hitl-js-camelcase.json");
const hitlPy = fixture("hitl-python-snakecase.json");
const toolApproval = fixture("tool-approval-per-call.json");
const humanInterrupt = fixture("human-interrupt.json");

const ITEM_ID = /^[0-9a-f]{16}$/;
const INTERRUPT_ID = /^[0-9a-f]{32}$/;

let h: HostHarness;
beforeEach(() => (h = hostHarness()));
afterEach(() => h.cleanup());

/** Checks the fields every item has, and that it parses as the shared InboxItem. */
function expectWellFormed(item: InboxItem, graphId: string, threadId: string, startedAt: number) {
  expect(InboxItem.parse(item)).toEqual(item);
  expect(item.id).toMatch(ITEM_ID);
  expect(item.graphId).toBe(graphId);
  expect(item.threadId).toBe(threadId);
  const created = Date.parse(item.createdAt);
  expect(created).toBeGreaterThanOrEqual(startedAt - 5);
  expect(created).toBeLessThanOrEqual(Date.now());
  expect(new Date(created).toISOString()).toBe(item.createdAt);
}

describe("createHost", () => {
  test("creates a missing data dir with its two databases; the demos are the default graphs", async () => {
    const dataDir = h.dir.file("a/b/c");
    const host = await h.open({ dataDir });
    expect(host.dataDir).toBe(dataDir);
    expect(existsSync(`${dataDir}/host.sqlite`)).toBe(true);
    expect(existsSync(`${dataDir}/checkpoints.sqlite`)).toBe(true);
    expect((await host.listGraphs()).graphs.map((g) => g.id)).toContain("support-agent");
  });

  test("without dataDir, COUNTERSIGN_DATA names the data dir", async () => {
    const saved = process.env.COUNTERSIGN_DATA;
    process.env.COUNTERSIGN_DATA = h.dir.file("from-env");
    let host: Host | undefined;
    try {
      host = await createHost({ configPath: h.fixtures });
      expect(host.dataDir).toBe(h.dir.file("from-env"));
      const run = await host.startRun({ graphId: "ask", input: { payload: "env?" } });
      expect(existsSync(h.dir.file("from-env/checkpoints.sqlite"))).toBe(true);
      // The data is there for a host opened on that folder explicitly.
      const other = await h.openFixtures({ dataDir: h.dir.file("from-env") });
      expect((await other.listItems()).items.map((i) => i.id)).toEqual(run.items.map((i) => i.id));
    } finally {
      await host?.close();
      if (saved === undefined) delete process.env.COUNTERSIGN_DATA;
      else process.env.COUNTERSIGN_DATA = saved;
    }
  });

  test("an unreadable langgraph.json is refused as invalid-request", async () => {
    await expect(h.open({ configPath: h.dir.file("missing.json") })).rejects.toMatchObject({ name: "HostError", code: "invalid-request", message: expect.stringMatching(/Cannot read/) });
    writeFileSync(h.dir.file("bad.json"), "{ nope");
    await expect(h.open({ configPath: h.dir.file("bad.json") })).rejects.toMatchObject({ code: "invalid-request", message: expect.stringMatching(/not valid JSON/) });
    // The data dir is still usable afterwards (nothing was left open or locked).
    expect((await (await h.open()).listGraphs()).graphs).toHaveLength(4);
  });
});

describe("demo graphs", () => {
  let host: Host;
  beforeEach(async () => {
    host = await h.open();
  });

  test("lists the four demos with their descriptions and no load errors", async () => {
    const { graphs, errors } = await host.listGraphs();
    expect(errors).toEqual([]);
    expect(graphs.map((g) => g.id)).toEqual(["support-agent", "expense-approval", "release-pipeline", "ship-it"]);
    for (const graph of graphs) expect(graph.description).toMatch(/\w/);
  });

  test("support-agent: one HITL item with one action per tool call, in order", async () => {
    const startedAt = Date.now();
    const run = await host.startRun({ graphId: "support-agent" });
    expect(run.status).toBe("waiting");
    expect(run.error).toBeNull();
    expect(run.items).toHaveLength(1);
    const item = run.items[0]!;
    expectWellFormed(item, "support-agent", run.threadId, startedAt);
    expect(item.interruptId).toMatch(INTERRUPT_ID);
    expect(item.value).toEqual(hitlJs.interrupt.value);
    expect(item.kind).toBe("hitl");
    expect(item.title).toBe("Review 2 tool calls: send_email, run_sql");
    expect(item.description).toBeUndefined();
    const [email, sql] = hitlJs.interrupt.value.actionRequests;
    expect(item.actions).toEqual([
      { name: "send_email", args: email.args, description: "Outgoing email needs review", allowedDecisions: ["approve", "edit", "reject"] },
      { name: "run_sql", args: sql.args, description: sql.description, allowedDecisions: ["approve", "reject"] },
    ]);
    expect(item.actions.map((a) => a.argsSchema)).toEqual([undefined, undefined]);
  });

  test("expense-approval: a human-interrupt item gated by the payload's config", async () => {
    const startedAt = Date.now();
    const run = await host.startRun({ graphId: "expense-approval" });
    const [item, ...rest] = run.items;
    expect(rest).toEqual([]);
    expectWellFormed(item!, "expense-approval", run.threadId, startedAt);
    expect(item!.kind).toBe("human-interrupt");
    expect(item!.title).toBe("approve_expense");
    expect(item!.description).toMatch(/^# Expense report\n\n\*\*R\. Okafor\*\* claims \*\*412\.5\*\* for travel\./);
    expect(item!.value).toEqual([{ ...humanInterrupt.interrupt.value[0], description: item!.description }]);
    expect(item!.actions).toEqual([
      { name: "approve_expense", args: SAMPLE_EXPENSE, description: item!.description, allowedDecisions: ["approve", "edit", "respond", "ignore"] },
    ]);
  });

  test("release-pipeline: two items on one thread, one raised inside a subgraph", async () => {
    const startedAt = Date.now();
    const run = await host.startRun({ graphId: "release-pipeline", input: { version: "v9.9.9" } });
    expect(run.status).toBe("waiting");
    expect(run.items).toHaveLength(2);
    for (const item of run.items) {
      expectWellFormed(item, "release-pipeline", run.threadId, startedAt);
      expect(item.kind).toBe("generic");
      expect(item.actions).toEqual([{ name: "reply", args: {}, allowedDecisions: ["respond"] }]);
    }
    const byTitle = Object.fromEntries(run.items.map((item) => [item.title, item]));
    expect(Object.keys(byTitle).sort()).toEqual(["Security review: release v9.9.9 with 2 medium findings open?", "Which region gets v9.9.9 first?"]);
    expect(byTitle["Which region gets v9.9.9 first?"]!.value).toEqual({ question: "Which region gets v9.9.9 first?", options: ["eu-west-1", "us-east-1"] });
    const [a, b] = run.items;
    expect(a!.id).not.toBe(b!.id);
    expect(a!.interruptId).not.toBe(b!.interruptId);
    expect(a!.taskId).not.toBe(b!.taskId);
  });

  test("ship-it: a generic item whose raw value is the plain string", async () => {
    const run = await host.startRun({ graphId: "ship-it" });
    expect(run.items).toMatchObject([{ kind: "generic", title: "Ship it?", value: "Ship it?", graphId: "ship-it" }]);
  });

  test("ids are stable: the same in every listing, in getItem, and in a second host on the same data", async () => {
    const run = await host.startRun({ graphId: "support-agent" });
    const id = run.items[0]!.id;
    expect((await host.listItems()).items.map((i) => i.id)).toEqual([id]);
    expect((await host.listItems()).items.map((i) => i.id)).toEqual([id]);
    expect((await host.getItem({ itemId: id })).item).toEqual(run.items[0]);
    const other = await h.open();
    expect((await other.listItems()).items).toEqual(run.items);
    await host.close();
    const reopened = await h.open();
    expect((await reopened.listItems()).items).toEqual(run.items);
  });

  test("each thread gets its own items; the thread id may be chosen by the caller", async () => {
    const first = await host.startRun({ graphId: "ship-it", threadId: "mine-1" });
    const second = await host.startRun({ graphId: "ship-it", threadId: "mine-2" });
    expect([first.threadId, second.threadId]).toEqual(["mine-1", "mine-2"]);
    expect(first.items[0]!.id).not.toBe(second.items[0]!.id);
    expect((await host.listItems()).total).toBe(2);
  });

  test("startRun refuses an unknown graph, a non-object input, and a thread of another graph", async () => {
    await expect(host.startRun({ graphId: "nope" })).rejects.toMatchObject({ name: "HostError", code: "not-found" });
    await expect(host.startRun({ graphId: "ship-it", input: [1, 2] as never })).rejects.toMatchObject({ code: "invalid-request" });
    await expect(host.startRun({ graphId: "ship-it", input: "hi" as never })).rejects.toMatchObject({ code: "invalid-request" });
    await host.startRun({ graphId: "ship-it", threadId: "t1" });
    await expect(host.startRun({ graphId: "expense-approval", threadId: "t1" })).rejects.toMatchObject({ code: "invalid-request", message: expect.stringMatching(/belongs to graph "ship-it"/) });
    expect((await host.listItems()).items.map((i) => i.graphId)).toEqual(["ship-it"]);
  });
});

describe("other payload kinds (fixture graphs)", () => {
  let host: Host;
  beforeEach(async () => {
    host = await h.openFixtures();
  });

  test("per-call tool approval: one action, default decisions, description", async () => {
    const run = await host.startRun({ graphId: "ask", input: { payload: toolApproval.interrupt.value } });
    const [item] = run.items;
    expect(item).toMatchObject({ kind: "tool-approval", title: "Approve deploy", description: "Deploys to production", value: toolApproval.interrupt.value });
    expect(item!.actions).toEqual([
      { name: "deploy", args: toolApproval.interrupt.value.args, description: "Deploys to production", allowedDecisions: ["approve", "edit", "reject"] },
    ]);
  });

  test("snake_case HITL: the args_schema becomes the action's argsSchema", async () => {
    const run = await host.startRun({ graphId: "ask", input: { payload: hitlPy.interrupt.value } });
    const [item] = run.items;
    expect(item!.kind).toBe("hitl");
    expect(item!.title).toBe("Approve transfer_funds");
    expect(item!.actions).toEqual([
      {
        name: "transfer_funds",
        args: hitlPy.interrupt.value.action_requests[0].args,
        description: hitlPy.interrupt.value.action_requests[0].description,
        allowedDecisions: ["approve", "edit", "reject", "respond"],
        argsSchema: hitlPy.interrupt.value.review_configs[0].args_schema,
      },
    ]);
  });

  test("generic object: titled by its question field, value kept verbatim", async () => {
    const payload = { question: "Which region first?", options: ["eu-west-1", "us-east-1"], nested: { n: 1, flag: null } };
    const run = await host.startRun({ graphId: "ask", input: { payload } });
    expect(run.items).toMatchObject([{ kind: "generic", title: "Which region first?", value: payload }]);
  });

  test("static breakpoint: one item per paused thread, no interrupt, a continue action", async () => {
    const startedAt = Date.now();
    const run = await host.startRun({ graphId: "breakpoint" });
    expect(run.status).toBe("waiting");
    const [item, ...rest] = run.items;
    expect(rest).toEqual([]);
    expectWellFormed(item!, "breakpoint", run.threadId, startedAt);
    expect(item).toMatchObject({ kind: "breakpoint", title: "Paused before deploy", interruptId: null, taskId: null, value: null });
    expect(item!.actions).toEqual([{ name: "continue", args: {}, allowedDecisions: ["approve"] }]);
    expect((await host.getItem({ itemId: item!.id })).thread.values).toEqual({ log: ["built"] });
  });

  test("graphs that failed to load are reported, the rest still run", async () => {
    const broken = h.dir.file("broken.json");
    writeFileSync(broken, JSON.stringify({ graphs: { missing: "./nowhere.ts:graph", ok: JSON.parse(readFileSync(h.fixtures, "utf8")).graphs.ask } }));
    const other = await h.open({ configPath: broken });
    const { graphs, errors } = await other.listGraphs();
    expect(errors).toEqual([{ id: "missing", message: expect.stringMatching(/^Graph "missing": file not found/) }]);
    expect(graphs.map((g) => g.id)).toEqual(["ok"]);
    await expect(other.startRun({ graphId: "missing" })).rejects.toMatchObject({ code: "graph-unavailable" });
    expect((await other.startRun({ graphId: "ok", input: { payload: "hi?" } })).items).toMatchObject([{ title: "hi?" }]);
  });
});

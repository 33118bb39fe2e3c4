// Every decision type, through createHost: the resume value each payload gets, and what the graph did with it.
import { readFileSync } from "node:fs";
import type { Host } from "../../../main/host/index.js";
import { SAMPLE_EXPENSE } from "../../../main/host/graphs/demos/expense-approval.js";
import { DEFAULT_REQUEST } from "../../../main/host/graphs/demos/support-agent.js";
import type { ChatMessage, InboxItem } from "../../../shared/inbox.js";
import { hostHarness, journalRows, type HostHarness } from "../../support/host.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/interrupts/${name}`, import.meta.url), "utf8"));
const hitlJs = fixture("hitl-js-camelcase.json");
const hitlPy = fixture("hitl-python-snakecase.json");
const toolApproval = fixture("tool-approval-per-call.json");

const EMAIL = hitlJs.interrupt.value.actionRequests[0].args as { to: string; subject: string; body: string };
const SQL = hitlJs.interrupt.value.actionRequests[1].args as { sql: string };
const emailLine = (args: { to: string; subject: string; body: string }) => `Email sent to ${args.to} (subject: ${args.subject}): ${args.body}`;

// One data dir for the file and one host per group: every test works on threads of its own.
let h: HostHarness;
beforeAll(() => {
  h = hostHarness();
});
afterAll(() => h.cleanup());

/** The one item a fresh run of `graphId` produces. */
async function onlyItem(host: Host, graphId: string, input: Record<string, unknown> = {}): Promise<InboxItem> {
  const run = await host.startRun({ graphId: graphId, input });
  expect(run.items).toHaveLength(1);
  return run.items[0]!;
}

/** The thread's state values, read through getItem (works for resolved items too). */
async function valuesOf(host: Host, itemId: string): Promise<Record<string, unknown>> {
  return (await host.getItem({ itemId: itemId })).thread.values as Record<string, unknown>;
}

const toolMessages = (messages: ChatMessage[] | null) =>
  (messages ?? []).filter((m) => m.type === "tool").map((m) => ({ name: m.name, content: m.content, toolCallId: m.toolCallId }));

describe("support-agent (HITL batch, one decision per action in order)", () => {
  let host: Host;
  beforeAll(async () => {
    host = await h.open();
  });

  test("approve + approve: both tools run with their args, the thread ends", async () => {
    const item = await onlyItem(host, "support-agent");
    const result = await host.decide({ itemId: item.id, decision: { decisions: [{ type: "approve" }, { type: "approve" }] } });
    expect(result).toMatchObject({ itemId: item.id, status: "applied", thread: { threadId: item.threadId, status: "done", error: null, items: [] } });
    const { thread } = await host.getItem({ itemId: item.id });
    expect(toolMessages(thread.messages)).toEqual([
      { name: "send_email", content: emailLine(EMAIL), toolCallId: "call_send_email_1" },
      { name: "run_sql", content: `SQL executed: ${SQL.sql}`, toolCallId: "call_run_sql_1" },
    ]);
    expect(thread.messages!.at(-1)).toMatchObject({ type: "ai", content: `Done.\n- send_email: ${emailLine(EMAIL)}\n- run_sql: SQL executed: ${SQL.sql}` });
    expect((await host.history()).decisions[0]!.resume).toEqual({ decisions: [{ type: "approve" }, { type: "approve" }] });
  });

  test("edit send_email + approve run_sql: the edited call runs with the edited args, run_sql runs as proposed", async () => {
    const item = await onlyItem(host, "support-agent");
    const edited = { to: "board@example.com", subject: "Q3 final", body: "See the deck.", cc: ["cfo@example.com"] };
    const result = await host.decide({ itemId: item.id, decision: { decisions: [{ type: "edit", args: edited }, { type: "approve" }] } });
    expect(result.status).toBe("applied");
    expect(result.thread.status).toBe("done");
    const { thread } = await host.getItem({ itemId: item.id });
    expect(toolMessages(thread.messages)).toEqual([
      { name: "send_email", content: emailLine(edited), toolCallId: "call_send_email_1" },
      { name: "run_sql", content: `SQL executed: ${SQL.sql}`, toolCallId: "call_run_sql_1" },
    ]);
    // The AI message's tool call itself was rewritten to the edited args.
    const proposal = thread.messages!.find((m) => m.type === "ai" && m.toolCalls);
    expect(proposal!.toolCalls![0]).toEqual({ id: "call_send_email_1", name: "send_email", args: edited });
    // The resume value is the JS camelCase HITL response, decisions in action order.
    expect((await host.history()).decisions[0]!.resume).toEqual({
      decisions: [{ type: "edit", editedAction: { name: "send_email", args: edited } }, { type: "approve" }],
    });
  });

  test("edit + reject with a message: nothing runs, the rejection is a ToolMessage, send_email is proposed again as a new item", async () => {
    const item = await onlyItem(host, "support-agent");
    const edited = { ...EMAIL, subject: "Q3 results" };
    const result = await host.decide({ itemId: item.id, decision: { decisions: [{ type: "edit", args: edited }, { type: "reject", message: "Not during business hours." }] } });
    expect(result.status).toBe("applied");
    expect(result.thread.status).toBe("waiting");
    const [next, ...rest] = result.thread.items;
    expect(rest).toEqual([]);
    expect(next!.id).not.toBe(item.id);
    expect(next!.threadId).toBe(item.threadId);
    // The model never saw the edit: it proposes the original args.
    expect(next!.actions).toEqual([{ name: "send_email", args: EMAIL, description: "Outgoing email needs review", allowedDecisions: ["approve", "edit", "reject"] }]);
    const { thread } = await host.getItem({ itemId: next!.id });
    expect(toolMessages(thread.messages)).toEqual([{ name: "run_sql", content: "Not during business hours.", toolCallId: "call_run_sql_1" }]);
    expect(thread.messages!.filter((m) => m.type === "tool" && String(m.content).startsWith("Email sent"))).toEqual([]);

    const done = await host.decide({ itemId: next!.id, decision: { type: "approve" } }); // one action: a single decision is enough
    expect(done.thread).toMatchObject({ status: "done", items: [] });
    const final = (await host.getItem({ itemId: next!.id })).thread.messages!;
    expect(final.at(-1)!.content).toBe(`Done.\n- run_sql (not run): Not during business hours.\n- send_email: ${emailLine(EMAIL)}`);
    expect(final[0]).toMatchObject({ type: "human", content: DEFAULT_REQUEST });
  });

  test("reject both without a message: a ToolMessage per call, no tool ran", async () => {
    const item = await onlyItem(host, "support-agent");
    const result = await host.decide({ itemId: item.id, decision: { decisions: [{ type: "reject" }, { type: "reject" }] } });
    // Both calls have a result now (their rejections), so the scripted model summarises and the run ends.
    expect(result.thread).toMatchObject({ status: "done", items: [] });
    const { thread } = await host.getItem({ itemId: item.id });
    const tools = toolMessages(thread.messages);
    expect(tools.map((t) => [t.name, t.toolCallId])).toEqual([
      ["send_email", "call_send_email_1"],
      ["run_sql", "call_run_sql_1"],
    ]);
    for (const t of tools) expect(String(t.content)).not.toMatch(/^(Email sent|SQL executed)/);
    expect(String(thread.messages!.at(-1)!.content)).toMatch(/^Done\.\n- send_email \(not run\): .+\n- run_sql \(not run\): /);
    expect((await host.history()).decisions[0]!.resume).toEqual({ decisions: [{ type: "reject" }, { type: "reject" }] });
  });

  test("a raw resume value is sent as is", async () => {
    const item = await onlyItem(host, "support-agent");
    const value = { decisions: [{ type: "approve" }, { type: "reject", message: "raw no" }] };
    const result = await host.decide({ itemId: item.id, decision: { type: "resume", value } });
    expect(result.status).toBe("applied");
    expect((await host.history()).decisions[0]).toMatchObject({ decision: { type: "resume", value }, resume: value });
    expect(toolMessages((await host.getItem({ itemId: item.id })).thread.messages)).toEqual([{ name: "run_sql", content: "raw no", toolCallId: "call_run_sql_1" }]);
  });
});

describe("expense-approval (HumanInterrupt: a one-element [HumanResponse])", () => {
  let host: Host;
  beforeAll(async () => {
    host = await h.open();
  });

  test.each([
    ["approve", { type: "approve" }, [{ type: "accept", args: null }], { status: "approved", approved: SAMPLE_EXPENSE }],
    [
      "edit (typed JSON: the amount stays a number)",
      { type: "edit", args: { ...SAMPLE_EXPENSE, amount: 380 } },
      [{ type: "edit", args: { action: "approve_expense", args: { ...SAMPLE_EXPENSE, amount: 380 } } }],
      { status: "approved", approved: { ...SAMPLE_EXPENSE, amount: 380 } },
    ],
    ["respond", { type: "respond", message: "Attach the bill." }, [{ type: "response", args: "Attach the bill." }], { status: "needs-info", message: "Attach the bill." }],
    ["ignore", { type: "ignore" }, [{ type: "ignore", args: null }], { status: "ignored" }],
    ["reject (sent as a response, the closest answer allowed)", { type: "reject", message: "No receipts, no refund." }, [{ type: "response", args: "No receipts, no refund." }], { status: "needs-info", message: "No receipts, no refund." }],
    ["reject without a message", { type: "reject" }, [{ type: "response", args: "Rejected" }], { status: "needs-info", message: "Rejected" }],
  ])("%s", async (_name, decision, resume, state) => {
    const item = await onlyItem(host, "expense-approval");
    const result = await host.decide({ itemId: item.id, decision: decision });
    expect(result).toMatchObject({ status: "applied", thread: { status: "done", items: [] } });
    expect(await valuesOf(host, item.id)).toMatchObject(state);
    expect((await host.history()).decisions[0]).toMatchObject({ itemId: item.id, decision, resume, state: "applied", outcome: "done" });
    const rows = journalRows(h.dataDir).filter((row) => row.item_id === item.id);
    expect(rows.map((row) => [row.state, JSON.parse(row.resume)])).toEqual([["applied", resume]]);
  });
});

describe("generic interrupts (the value itself)", () => {
  let host: Host;
  beforeAll(async () => {
    host = await h.open();
  });

  test("ship-it: respond sends the text", async () => {
    const item = await onlyItem(host, "ship-it");
    await host.decide({ itemId: item.id, decision: { type: "respond", message: "yes, after lunch" } });
    expect(await valuesOf(host, item.id)).toEqual({ answer: "yes, after lunch" });
    expect((await host.history()).decisions[0]!.resume).toBe("yes, after lunch");
  });

  test.each([
    ["an object", { ship: true, when: "after lunch", reviewers: ["ana", "raj"] }],
    ["an array", [1, "two", { three: 3 }]],
    ["a number", 42],
    ["false", false],
    ["null", null],
  ])("ship-it: a raw resume sends %s unchanged", async (_name, value) => {
    const item = await onlyItem(host, "ship-it");
    const result = await host.decide({ itemId: item.id, decision: { type: "resume", value } });
    expect(result.status).toBe("applied");
    expect(await valuesOf(host, item.id)).toEqual({ answer: value });
  });

  test("release-pipeline: answering one parallel item leaves the other; answering it publishes both", async () => {
    const run = await host.startRun({ graphId: "release-pipeline" });
    const region = run.items.find((i) => i.title.startsWith("Which region"))!;
    const security = run.items.find((i) => i.title.startsWith("Security review"))!;
    const first = await host.decide({ itemId: region.id, decision: { type: "respond", message: "eu-west-1" } });
    expect(first.thread.status).toBe("waiting");
    expect(first.thread.items.map((i) => i.id)).toEqual([security.id]);
    expect((await host.listItems()).items.filter((i) => i.threadId === run.threadId).map((i) => i.id)).toEqual([security.id]);
    const second = await host.decide({ itemId: security.id, decision: { type: "resume", value: { verdict: "approve", note: "accepted" } } });
    expect(second.thread).toMatchObject({ status: "done", items: [] });
    expect((await valuesOf(host, security.id)).published).toBe('v2.4.0 published (security: {"verdict":"approve","note":"accepted"}, first region: "eu-west-1")');
  });
});

describe("fixture payloads", () => {
  let host: Host;
  beforeAll(async () => {
    host = await h.openFixtures();
  });

  const answers = async (itemId: string) => (await valuesOf(host, itemId)).answers;

  test("per-call tool approval: approve / edit / reject get the snake_case single decision", async () => {
    const schema = { type: "object", properties: { service: { type: "string" }, version: { type: "string" }, region: { type: "string" } }, required: ["service", "version"] };
    const payload = { ...toolApproval.interrupt.value, args_schema: schema };
    const edited = { service: "billing", version: "2.14.1", region: "us-east-1" };
    const cases: Array<[unknown, unknown]> = [
      [{ type: "approve" }, { type: "approve" }],
      [{ type: "edit", args: edited }, { type: "edit", edited_action: { name: "deploy", args: edited } }],
      [{ decisions: [{ type: "reject", message: "freeze" }] }, { type: "reject", message: "freeze" }],
    ];
    for (const [decision, resume] of cases) {
      const item = await onlyItem(host, "ask", { payload });
      await host.decide({ itemId: item.id, decision: decision });
      expect(await answers(item.id)).toEqual([resume]);
    }
  });

  test("snake_case HITL: an edit valid against args_schema, and respond", async () => {
    const edited = { from: "ops", to: "vendor-112", amount: 1200, currency: "EUR" };
    const item = await onlyItem(host, "ask", { payload: hitlPy.interrupt.value });
    await host.decide({ itemId: item.id, decision: { decisions: [{ type: "edit", args: edited }] } });
    expect(await answers(item.id)).toEqual([hitlPy.resume_example]);

    const again = await onlyItem(host, "ask", { payload: hitlPy.interrupt.value });
    await host.decide({ itemId: again.id, decision: { type: "respond", message: "Which invoice is this?" } });
    expect(await answers(again.id)).toEqual([{ decisions: [{ type: "respond", message: "Which invoice is this?" }] }]);
  });

  test("camelCase HITL with an argsSchema: a valid typed edit goes out as editedAction", async () => {
    const payload = {
      actionRequests: [{ name: "refund", args: { order: "A-1", amount: 10 } }],
      reviewConfigs: [{ actionName: "refund", allowedDecisions: ["approve", "edit"], argsSchema: { type: "object", properties: { amount: { type: "integer", maximum: 100 } }, required: ["order", "amount"] } }],
    };
    const item = await onlyItem(host, "ask", { payload });
    expect(item.actions[0]!.argsSchema).toEqual(payload.reviewConfigs[0]!.argsSchema);
    await host.decide({ itemId: item.id, decision: { type: "edit", args: { order: "A-1", amount: 99 } } });
    expect(await answers(item.id)).toEqual([{ decisions: [{ type: "edit", editedAction: { name: "refund", args: { order: "A-1", amount: 99 } } }] }]);
  });

  test("breakpoint: approve continues the thread past the breakpoint", async () => {
    const item = await onlyItem(host, "breakpoint");
    const result = await host.decide({ itemId: item.id, decision: { type: "approve" } });
    expect(result).toMatchObject({ status: "applied", thread: { status: "done", items: [] } });
    expect(await valuesOf(host, item.id)).toEqual({ log: ["built", "deployed"] });
    expect((await host.history()).decisions[0]).toMatchObject({ itemId: item.id, resume: null, state: "applied", outcome: "done" });
    expect((await host.listItems()).items.map((i) => i.threadId)).not.toContain(item.threadId);
  });

  test("two interrupt() calls in one node: two items in turn, each decided once", async () => {
    const first = await onlyItem(host, "two-questions");
    expect(first.title).toBe("first?");
    const after = await host.decide({ itemId: first.id, decision: { type: "respond", message: "a" } });
    const [second] = after.thread.items;
    expect(second).toMatchObject({ title: "second?", threadId: first.threadId });
    expect(second!.id).not.toBe(first.id);
    const done = await host.decide({ itemId: second!.id, decision: { type: "resume", value: { b: true } } });
    expect(done.thread.status).toBe("done");
    expect(await answers(second!.id)).toEqual(["a", { b: true }]);
    expect((await host.history({ limit: 2 })).decisions.map((r) => r.itemId)).toEqual([second!.id, first.id]);
  });
});

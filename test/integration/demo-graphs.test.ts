// The bundled demo graphs, loaded the way the host loads them, run to their interrupts and resumed by id.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { Command, MemorySaver, type StateSnapshot } from "@langchain/langgraph";
import type { BaseMessage, ToolMessage } from "@langchain/core/messages";
import { demoDescriptions } from "../../main/host/graphs/demos/index.js";
import { SAMPLE_EXPENSE } from "../../main/host/graphs/demos/expense-approval.js";
import { DEFAULT_REQUEST } from "../../main/host/graphs/demos/support-agent.js";
import { demoConfigPath, loadGraphs, type HostedGraph } from "../../main/host/graphs/load-config.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/interrupts/${name}`, import.meta.url), "utf8"));
const hitlFixture = fixture("hitl-js-camelcase.json");
const humanInterruptFixture = fixture("human-interrupt.json");

const graphs = new Map<string, HostedGraph>();

beforeAll(async () => {
  const { graphs: loaded, errors } = await loadGraphs(demoConfigPath(), new MemorySaver());
  expect(errors).toEqual([]);
  for (const { id, graph } of loaded) graphs.set(id, graph);
});

let threadCount = 0;
/** A fresh thread on one demo: run it, resume it by interrupt id, read what is pending. */
function thread(id: keyof typeof demoDescriptions) {
  const graph = graphs.get(id)!;
  const config = { configurable: { thread_id: `${id}-${++threadCount}` } };
  return {
    run: (input: unknown) => graph.invoke(input, config),
    resume: (answers: Record<string, unknown>) => graph.invoke(new Command({ resume: answers }), config),
    async pending() {
      const state = await graph.getState(config);
      // A task that has a result was answered: LangGraph still lists its interrupt while a sibling
      // task of the same step waits (see the release-pipeline test).
      return state.tasks
        .filter((task) => task.result === undefined)
        .flatMap((task) => task.interrupts.map((i) => ({ task: task.name, id: i.id!, value: i.value })));
    },
    state: (options?: { subgraphs: boolean }) => graph.getState(config, options),
  };
}

async function onlyInterrupt(t: ReturnType<typeof thread>) {
  const pending = await t.pending();
  expect(pending).toHaveLength(1);
  expect(pending[0]!.id).toMatch(/^[0-9a-f]{32}$/);
  return pending[0]!;
}

const toolResults = (messages: BaseMessage[]) =>
  messages.filter((m): m is ToolMessage => m.type === "tool").map((m) => ({ name: m.name, status: m.status, content: m.text }));

test("the demos' langgraph.json loads every demo with its description and source file", async () => {
  const { graphs: loaded } = await loadGraphs(demoConfigPath(), new MemorySaver());
  expect(loaded.map((g) => [g.id, g.description])).toEqual(Object.entries(demoDescriptions));
  for (const g of loaded) expect(dirname(g.sourcePath)).toBe(dirname(demoConfigPath()));
});

describe("support-agent", () => {
  const SEND_EMAIL = hitlFixture.interrupt.value.actionRequests[0].args;
  const RUN_SQL = hitlFixture.interrupt.value.actionRequests[1].args;
  const approve = { type: "approve" };

  test("run with {}, it asks about both tool calls in one interrupt shaped like the captured fixture", async () => {
    const t = thread("support-agent");
    await t.run({});
    const pending = await onlyInterrupt(t);
    expect(pending.value).toEqual(hitlFixture.interrupt.value);
    expect((await t.state()).values.messages[0].text).toBe(DEFAULT_REQUEST);
  });

  test("run with a user message, it keeps the message and proposes the same batch", async () => {
    const t = thread("support-agent");
    await t.run({ messages: [{ role: "user", content: "Please do the Monday chores." }] });
    expect((await onlyInterrupt(t)).value).toEqual(hitlFixture.interrupt.value);
    expect((await t.state()).values.messages[0].text).toBe("Please do the Monday chores.");
  });

  test("approve + approve runs both tools with their args, then the model summarises and the thread ends", async () => {
    const t = thread("support-agent");
    await t.run({});
    const result = await t.resume({ [(await onlyInterrupt(t)).id]: { decisions: [approve, approve] } });
    const emailLine = `Email sent to ${SEND_EMAIL.to} (subject: ${SEND_EMAIL.subject}): ${SEND_EMAIL.body}`;
    expect(toolResults(result.messages)).toEqual([
      { name: "send_email", status: "success", content: emailLine },
      { name: "run_sql", status: "success", content: `SQL executed: ${RUN_SQL.sql}` },
    ]);
    expect(result.messages.at(-1).text).toBe(`Done.\n- send_email: ${emailLine}\n- run_sql: SQL executed: ${RUN_SQL.sql}`);
    expect(await t.pending()).toEqual([]);
    expect((await t.state()).next).toEqual([]);
  });

  test("edit + approve runs send_email with the edited args", async () => {
    const t = thread("support-agent");
    await t.run({});
    const edited = { to: "board@example.com", subject: "Q3 final", body: "See the deck." };
    const result = await t.resume({
      [(await onlyInterrupt(t)).id]: { decisions: [{ type: "edit", editedAction: { name: "send_email", args: edited } }, approve] },
    });
    expect(toolResults(result.messages)[0]).toEqual({ name: "send_email", status: "success", content: "Email sent to board@example.com (subject: Q3 final): See the deck." });
    expect(await t.pending()).toEqual([]);
  });

  test("edit + reject (the fixture's resume): nothing runs, the edit is dropped and the model proposes send_email again with its original args", async () => {
    const t = thread("support-agent");
    await t.run({});
    const first = await onlyInterrupt(t);
    const result = await t.resume({ [first.id]: hitlFixture.resume_example });

    // langchain drops every approved/edited call of a batch that holds a reject and goes back to the model.
    expect(toolResults(result.messages)).toEqual([{ name: "run_sql", status: "error", content: "Not during business hours." }]);
    const second = await onlyInterrupt(t);
    expect(second.id).not.toBe(first.id);
    expect(second.value).toEqual({
      actionRequests: [{ name: "send_email", args: SEND_EMAIL, description: "Outgoing email needs review" }],
      reviewConfigs: [{ actionName: "send_email", allowedDecisions: ["approve", "edit", "reject"] }],
    });

    const done = await t.resume({ [second.id]: { decisions: [approve] } });
    expect(done.messages.at(-1).text).toBe(
      `Done.\n- run_sql (not run): Not during business hours.\n- send_email: Email sent to ${SEND_EMAIL.to} (subject: ${SEND_EMAIL.subject}): ${SEND_EMAIL.body}`,
    );
    expect(await t.pending()).toEqual([]);
  });

  test("a decision the review config does not allow fails the run and leaves the interrupt pending", async () => {
    const t = thread("support-agent");
    await t.run({});
    const pending = await onlyInterrupt(t);
    const editSql = { type: "edit", editedAction: { name: "run_sql", args: { sql: "SELECT 1" } } };
    await expect(t.resume({ [pending.id]: { decisions: [approve, editSql] } })).rejects.toThrow(/not allowed for tool 'run_sql'/);
    expect(await onlyInterrupt(t)).toEqual(pending);
  });
});

describe("expense-approval", () => {
  // The fixture's request, with this graph's own markdown description.
  const [fixtureRequest] = humanInterruptFixture.interrupt.value;
  const askedFor = (expense: typeof SAMPLE_EXPENSE) => [
    { ...fixtureRequest, action_request: { action: "approve_expense", args: expense }, description: expect.stringMatching(/^# Expense report\n/) },
  ];

  test("run with {}, it asks with a one-element HumanInterrupt list for the sample expense", async () => {
    const t = thread("expense-approval");
    await t.run({});
    expect((await onlyInterrupt(t)).value).toEqual(askedFor(SAMPLE_EXPENSE));
    expect(SAMPLE_EXPENSE).toEqual(fixtureRequest.action_request.args);
  });

  test("run with an expense, it asks about that expense", async () => {
    const t = thread("expense-approval");
    const expense = { employee: "J. Doe", amount: 12, category: "meals", receipt: "https://example.com/r/1" };
    await t.run({ expense });
    expect((await onlyInterrupt(t)).value).toEqual(askedFor(expense));
  });

  // The fixture's resume examples, in order: accept, edit (amount 380), response, ignore.
  const [accept, edit, respond, ignore] = humanInterruptFixture.resume_examples;
  test.each([
    ["accept", accept, { status: "approved", approved: SAMPLE_EXPENSE }],
    ["edit", edit, { status: "approved", approved: { ...SAMPLE_EXPENSE, amount: 380 } }],
    ["response", respond, { status: "needs-info", message: "Please attach the itemised bill." }],
    ["ignore", ignore, { status: "ignored" }],
  ])("a HumanResponse of type %s is recorded in state", async (type, resume, expected) => {
    expect(resume[0].type).toBe(type);
    const t = thread("expense-approval");
    await t.run({});
    const result = await t.resume({ [(await onlyInterrupt(t)).id]: resume });
    expect(result).toMatchObject(expected);
    expect(await t.pending()).toEqual([]);
  });
});

describe("release-pipeline", () => {
  async function started() {
    const t = thread("release-pipeline");
    await t.run({});
    const pending = await t.pending();
    const security = pending.find((p) => p.task === "security_review")!;
    const deploy = pending.find((p) => p.task === "deploy_gate")!;
    return { t, pending, security, deploy };
  }

  test("both parallel branches pause at once, one of them inside the deploy_gate subgraph", async () => {
    const { t, pending, security, deploy } = await started();
    expect(pending).toHaveLength(2);
    expect(security.value).toEqual({ question: "Security review: release v2.4.0 with 2 medium findings open?", options: ["approve", "block"] });
    expect(deploy.value).toEqual({ question: "Which region gets v2.4.0 first?", options: ["eu-west-1", "us-east-1"] });
    expect(security.id).not.toBe(deploy.id);

    // The deploy gate's interrupt is raised by the subgraph's own node and bubbles up to the parent task.
    const gate = (await t.state({ subgraphs: true })).tasks.find((task) => task.name === "deploy_gate")!;
    const inner = gate.state as StateSnapshot;
    expect(inner.tasks.map((task) => [task.name, task.interrupts.map((i) => i.id)])).toEqual([["choose_region", [deploy.id]]]);
  });

  test("answering one by id leaves the other pending; answering it publishes both answers", async () => {
    const { t, security, deploy } = await started();
    const afterDeploy = await t.resume({ [deploy.id]: "eu-west-1" });
    expect(afterDeploy).toMatchObject({ region: "eu-west-1", published: null });
    expect(afterDeploy.__interrupt__.map((i: { id: string }) => i.id)).toEqual([security.id]);
    expect(await t.pending()).toEqual([security]);
    // Until the step completes, getState() keeps the answered interrupt on its task, next to the result.
    const gate = (await t.state()).tasks.find((task) => task.name === "deploy_gate")!;
    expect(gate).toMatchObject({ interrupts: [{ id: deploy.id }], result: { region: "eu-west-1" } });

    const done = await t.resume({ [security.id]: { verdict: "approve", note: "findings accepted" } });
    expect(done).toMatchObject({ security: { verdict: "approve", note: "findings accepted" }, region: "eu-west-1" });
    expect(done.published).toBe('v2.4.0 published (security: {"verdict":"approve","note":"findings accepted"}, first region: "eu-west-1")');
    expect(await t.pending()).toEqual([]);
  });

  test("both can be answered in one resume", async () => {
    const { t, security, deploy } = await started();
    const done = await t.resume({ [security.id]: "block", [deploy.id]: "us-east-1" });
    expect(done.published).toBe('v2.4.0 published (security: "block", first region: "us-east-1")');
  });

  test("a given version flows into both questions", async () => {
    const t = thread("release-pipeline");
    await t.run({ version: "v3.0.0" });
    expect((await t.pending()).map((p) => (p.value as { question: string }).question)).toEqual([
      "Security review: release v3.0.0 with 2 medium findings open?",
      "Which region gets v3.0.0 first?",
    ]);
  });
});

describe("ship-it", () => {
  test("asks a plain string and records any JSON answer", async () => {
    const t = thread("ship-it");
    await t.run({});
    const pending = await onlyInterrupt(t);
    expect(pending.value).toBe("Ship it?");
    const answer = { ship: true, when: "after lunch", reviewers: ["ana", "raj"] };
    expect(await t.resume({ [pending.id]: answer })).toEqual({ answer });
    expect(await t.pending()).toEqual([]);
  });
});

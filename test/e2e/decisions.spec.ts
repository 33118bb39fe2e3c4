// Every kind of decision on every demo payload kind, taken in the browser and checked in the host:
// what the graph received and did with it (state values, tool results), not only what the page says.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import type { ChatMessage } from "../../shared/inbox.js";
import { detail, expect, expectOutcome, only, openInbox, openItem, test, threadValues, type E2EServer } from "./fixtures.js";

const toolMessages = (messages: ChatMessage[] | null, name: string) => (messages ?? []).filter((message) => message.type === "tool" && message.name === name);

function decisionFor(page: Page, actionName: string) {
  return detail(page).getByRole("group", { name: `Decision for ${actionName}` });
}

test.describe("support-agent (HITL batch, one decision per action)", () => {
  test("edit send_email in the JSON editor + approve run_sql: the edited call runs with the edited args", async ({ page, server }) => {
    const item = only(await server.run("support-agent"));
    expect(item.kind).toBe("hitl");
    await openInbox(page, server);
    await openItem(page, item);

    const email = detail(page).getByRole("region", { name: "Action 1 of 2: send_email" });
    await expect(email.getByRole("table", { name: "Arguments of send_email" })).toContainText("ana@example.com");
    await decisionFor(page, "send_email").getByRole("radio", { name: "Edit" }).check();
    const edited = { to: "bob@example.com", subject: "Q3 numbers (final)", body: "Numbers attached." };
    await email.getByRole("textbox", { name: "Edited arguments of send_email (JSON)" }).fill(JSON.stringify(edited, null, 2));
    const diff = email.getByRole("region", { name: "Changes to the arguments of send_email" });
    await expect(diff.locator("ins")).toContainText("bob@example.com");
    await expect(diff.locator("del")).toContainText("ana@example.com");

    await decisionFor(page, "run_sql").getByRole("radio", { name: "Approve" }).check();
    await expect(page.getByTestId("mixed-batch-warning")).toHaveCount(0);
    await detail(page).getByRole("button", { name: /^Submit decisions \(2\/2\)/ }).click();
    await expectOutcome(page, "done");

    // The host: the edited call ran with the edited args, run_sql ran as proposed.
    const { thread, decision } = await server.host.getItem({ itemId: item.id });
    expect(thread.status).toBe("done");
    expect(decision?.decision).toEqual({ decisions: [{ type: "edit", args: edited }, { type: "approve" }] });
    const [emailResult] = toolMessages(thread.messages, "send_email");
    expect(emailResult?.content).toBe("Email sent to bob@example.com (subject: Q3 numbers (final)): Numbers attached.");
    expect(toolMessages(thread.messages, "run_sql")[0]?.content).toContain("SQL executed: DELETE FROM sessions");
    expect(JSON.stringify(thread.messages)).not.toContain("Email sent to ana@example.com");

    // The page: the thread context shows the same conversation once the run settled.
    const conversation = detail(page).getByRole("list", { name: "Conversation" });
    await expect(conversation).toContainText("Email sent to bob@example.com (subject: Q3 numbers (final))");
    await expect(detail(page).getByTestId("thread-status")).toHaveText("done");
    await expect(page.locator(`[role=row][data-item-id="${item.id}"]`)).toHaveCount(0);
  });

  test("a batch with a rejection (with message) warns that it is mixed; the rejection reaches the agent", async ({ page, server }) => {
    const item = only(await server.run("support-agent"));
    await openInbox(page, server);
    await openItem(page, item);

    await decisionFor(page, "send_email").getByRole("radio", { name: "Approve" }).check();
    await decisionFor(page, "run_sql").getByRole("radio", { name: "Reject" }).check();
    await detail(page).getByRole("textbox", { name: "Rejection message for run_sql" }).fill("Not in production, please.");
    await expect(page.getByTestId("mixed-batch-warning")).toBeVisible();
    await expect(page.getByTestId("mixed-batch-warning")).toContainText("mixes a rejection with approved or edited calls");

    await detail(page).getByRole("button", { name: /^Submit decisions \(2\/2\)/ }).click();
    // langchain drops the approved call of a batch holding a rejection: the agent proposes it again.
    await expectOutcome(page, "waiting");
    const again = page.getByTestId("outcome").getByRole("button", { name: /^Open “Approve send_email”/ });
    await expect(again).toBeVisible();

    const { thread } = await server.host.getItem({ itemId: item.id });
    expect(thread.status).toBe("waiting");
    const rejected = toolMessages(thread.messages, "run_sql");
    expect(rejected).toHaveLength(1);
    expect(String(rejected[0]?.content)).toContain("Not in production, please.");
    expect(toolMessages(thread.messages, "send_email")).toHaveLength(0);

    // The follow-up item opens from the outcome and can be approved on its own.
    await again.click();
    await expect(detail(page).getByRole("heading", { level: 2 })).toHaveText("Approve send_email");
    await detail(page).getByRole("button", { name: "Approve", exact: true }).click();
    await expectOutcome(page, "done");
    const done = await server.host.getItem({ itemId: item.id });
    expect(toolMessages(done.thread.messages, "send_email")[0]?.content).toBe("Email sent to ana@example.com (subject: Q3): Numbers attached.");
  });
});

test.describe("expense-approval (HumanInterrupt)", () => {
  interface ExpenseState {
    status: string;
    approved?: { amount: number };
    message?: string;
  }

  async function expenseItem(page: Page, server: E2EServer) {
    const item = only(await server.run("expense-approval"));
    expect(item.kind).toBe("human-interrupt");
    await openInbox(page, server);
    await openItem(page, item);
    // The description is markdown: heading, bold, and a safe link.
    await expect(detail(page).locator(".item-description").getByRole("heading", { name: "Expense report" })).toBeVisible();
    await expect(detail(page).locator(".item-description").getByRole("link", { name: "Receipt" })).toHaveAttribute("href", "https://example.com/r/8812");
    return item;
  }

  test("accept", async ({ page, server }) => {
    const item = await expenseItem(page, server);
    await detail(page).getByRole("button", { name: "Accept", exact: true }).click();
    await expectOutcome(page, "done");
    const values = await threadValues<ExpenseState>(server, item.id);
    expect(values.status).toBe("approved");
    expect(values.approved?.amount).toBe(412.5);
  });

  test("edit", async ({ page, server }) => {
    const item = await expenseItem(page, server);
    await decisionFor(page, "approve_expense").getByRole("radio", { name: "Edit" }).check();
    const editor = detail(page).getByRole("textbox", { name: "Edited arguments of approve_expense (JSON)" });
    await editor.fill(JSON.stringify({ employee: "R. Okafor", amount: 400, category: "travel", receipt: "https://example.com/r/8812" }));
    await expect(detail(page).getByRole("region", { name: "Changes to the arguments of approve_expense" }).locator("ins")).toContainText("400");
    await detail(page).getByRole("button", { name: "Submit decision" }).click();
    await expectOutcome(page, "done");
    const values = await threadValues<ExpenseState>(server, item.id);
    expect(values).toMatchObject({ status: "approved", approved: { amount: 400 } });
  });

  test("respond", async ({ page, server }) => {
    const item = await expenseItem(page, server);
    await decisionFor(page, "approve_expense").getByRole("radio", { name: "Respond" }).check();
    await detail(page).getByRole("textbox", { name: "Response for approve_expense" }).fill("Which client was this for?");
    await detail(page).getByRole("button", { name: "Submit decision" }).click();
    await expectOutcome(page, "done");
    const values = await threadValues<ExpenseState>(server, item.id);
    expect(values).toMatchObject({ status: "needs-info", message: "Which client was this for?" });
  });

  test("ignore", async ({ page, server }) => {
    const item = await expenseItem(page, server);
    await decisionFor(page, "approve_expense").getByRole("radio", { name: "Ignore" }).check();
    await detail(page).getByRole("button", { name: "Submit decision" }).click();
    await expectOutcome(page, "done");
    expect((await threadValues<ExpenseState>(server, item.id)).status).toBe("ignored");
    // The decided item shows what was decided.
    await expect(detail(page).getByTestId("decided")).toContainText("ignore");
  });
});

test("release-pipeline (two generic questions in one thread): respond with a suggested option, then a JSON resume value", async ({ page, server }) => {
  const items = await server.run("release-pipeline");
  expect(items.map((item) => item.kind)).toEqual(["generic", "generic"]);
  const region = items.find((item) => item.title.startsWith("Which region"))!;
  const security = items.find((item) => item.title.startsWith("Security review"))!;
  await openInbox(page, server);
  await expect(page.getByTestId("inbox-count")).toHaveText("2 items");

  await openItem(page, region);
  await detail(page).getByRole("button", { name: "Use “eu-west-1”" }).click();
  await expect(detail(page).getByRole("textbox", { name: "Response" })).toHaveValue("eu-west-1");
  await detail(page).getByRole("button", { name: "Send response" }).click();
  // The other branch still waits.
  await expectOutcome(page, "waiting");
  await expect(page.getByTestId("inbox-count")).toHaveText("1 item");

  await openItem(page, security);
  await detail(page).getByText("Answer with a JSON value instead").click();
  await detail(page).getByRole("textbox", { name: "Resume value (JSON)" }).fill('{"verdict": "approve", "notes": ["2 medium findings accepted"]}');
  await detail(page).getByRole("button", { name: "Send resume value" }).click();
  await expectOutcome(page, "done");

  const values = await threadValues<{ security: unknown; region: unknown; published: string }>(server, security.id);
  expect(values.region).toBe("eu-west-1");
  expect(values.security).toEqual({ verdict: "approve", notes: ["2 medium findings accepted"] });
  expect(values.published).toBe('v2.4.0 published (security: {"verdict":"approve","notes":["2 medium findings accepted"]}, first region: "eu-west-1")');
  await expect(page.getByTestId("inbox-count")).toHaveText("0 items");
});

test("ship-it (plain interrupt): respond with text", async ({ page, server }) => {
  const item = only(await server.run("ship-it"));
  await openInbox(page, server);
  await openItem(page, item);
  await expect(detail(page).getByRole("region", { name: "Interrupt value" })).toContainText("Ship it?");
  await detail(page).getByRole("textbox", { name: "Response" }).fill("Yes, ship it.");
  await detail(page).getByRole("button", { name: "Send response" }).click();
  await expectOutcome(page, "done");
  expect(await threadValues(server, item.id)).toEqual({ answer: "Yes, ship it." });

  // The decision is in the history.
  await page.getByRole("tab", { name: "History" }).click();
  const history = page.getByRole("table", { name: "Past decisions" });
  await expect(history.getByRole("row", { name: /Ship it\?/ })).toContainText("Yes, ship it.");
});

test("a run that fails after the decision: the error is shown, and Retry runs it again once the cause is gone", async ({ page, server }) => {
  const flag = join(server.dataDir, "network-up");
  const item = only(await server.run("ask-then-send", { label: flag }));
  await openInbox(page, server);
  await openItem(page, item);
  await detail(page).getByRole("textbox", { name: "Response" }).fill("Send it.");
  await detail(page).getByRole("button", { name: "Send response" }).click();
  await expectOutcome(page, "error");
  await expect(page.getByTestId("outcome")).toContainText("network down");

  writeFileSync(flag, "");
  await detail(page).getByRole("button", { name: "Retry the run" }).click();
  await expectOutcome(page, "done");
  await expect(detail(page).getByRole("button", { name: "Retry the run" })).toHaveCount(0);
  // The answer reached the graph once; the failed step ran again and went through.
  expect((await threadValues<{ answers: unknown[] }>(server, item.id)).answers).toEqual(["Send it.", "sent"]);
});

test("breakpoint (interruptBefore): Continue runs the graph on", async ({ page, server }) => {
  const item = only(await server.run("breakpoint"));
  expect(item.kind).toBe("breakpoint");
  await openInbox(page, server);
  await openItem(page, item);
  await expect(detail(page).getByRole("heading", { level: 2 })).toHaveText("Paused before deploy");
  await detail(page).getByRole("button", { name: "Continue" }).click();
  await expectOutcome(page, "done");
  expect(await threadValues(server, item.id)).toEqual({ log: ["built", "deployed"] });
});

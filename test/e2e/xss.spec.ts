// Hostile interrupt payloads: HTML, scripts and javascript: links in every place a payload reaches
// the page (titles, markdown descriptions, action names and args, generic values and options, chat
// messages, the history). Nothing may execute, no element may be created from payload markup, and no
// javascript:/data: link may be clickable. The page's CSP would block inline handlers anyway, so it
// is bypassed here: these tests check the renderer's own escaping, not the CSP behind it.
import { detail, expect, expectOutcome, openInbox, openItem, test, type E2EServer } from "./fixtures.js";
import { expectNothingInjected } from "./injection.js";
import type { InboxItem } from "../../shared/inbox.js";

test.use({ bypassCSP: true });

const IMG = "<img src=x onerror=window.__pwned=1>";
const SCRIPT = "<script>window.__pwned=1</script>";
const SVG = "<svg onload=window.__pwned=1></svg>";
const JS_LINKS = [
  "[markdown link](javascript:window.__pwned=1)",
  "[mixed case](JaVaScRiPt:window.__pwned=1)",
  "[entity](&#106;avascript:window.__pwned=1)",
  "[data link](data:text/html,<script>window.__pwned=1</script>)",
  "[vbscript](vbscript:msgbox(1))",
  "<javascript:window.__pwned=1>",
  '<a href="javascript:window.__pwned=1">raw html link</a>',
  '<a href="javascript:alert(1)" onclick="alert(2)">raw alert link</a>',
  "![image](javascript:window.__pwned=1)",
  "[reference link][evil]\n\n[evil]: javascript:window.__pwned=1",
  "[credentials link](https://user:pass@evil.example/)",
  "[protocol-relative link](//evil.example/)",
  "[file link](file:///etc/passwd)",
].join("\n\n");
const MARKDOWN = `# Review ${IMG}\n\n${SCRIPT}\n\n${SVG}\n\n<iframe src="javascript:window.__pwned=1"></iframe>\n\n${JS_LINKS}\n\n[safe link](https://example.com/ok)`;

const PAYLOADS: Record<string, unknown> = {
  // A plain string: the title and the value.
  string: `${IMG}${SCRIPT} Ship it?`,
  // A generic question whose options become buttons.
  options: { question: `Pick one ${SCRIPT}`, options: [IMG, "javascript:window.__pwned=1", "plain"] },
  // HumanInterrupt: markdown description, hostile action name and args.
  human: [
    {
      action_request: { action: `deploy ${IMG}`, args: { html: IMG, script: SCRIPT, link: "javascript:window.__pwned=1", nested: { svg: SVG } } },
      config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true },
      description: MARKDOWN,
    },
  ],
  // HITL batch: markdown in each action's description.
  hitl: {
    actionRequests: [
      { name: "send_email", args: { body: `${IMG}${SCRIPT}` }, description: MARKDOWN },
      { name: "run_sql", args: { sql: SCRIPT }, description: `Runs ${SVG} [x](javascript:window.__pwned=1)` },
    ],
    reviewConfigs: [
      { actionName: "send_email", allowedDecisions: ["approve", "edit", "reject"] },
      { actionName: "run_sql", allowedDecisions: ["approve", "reject"] },
    ],
  },
};

async function seed(server: E2EServer): Promise<Record<string, InboxItem>> {
  const items: Record<string, InboxItem> = {};
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    const [item] = await server.run("ask", { payload });
    items[name] = item!;
  }
  return items;
}

test("hostile payloads are shown as text in the list and in each item; nothing runs, nothing is created", async ({ page, server }) => {
  const items = await seed(server);
  expect(items.human!.kind).toBe("human-interrupt");
  expect(items.hitl!.kind).toBe("hitl");
  await openInbox(page, server);
  await expect(page.getByTestId("inbox-count")).toHaveText("4 items");
  // Titles in the list: literal text.
  await expect(page.locator(`[role=row][data-item-id="${items.string!.id}"]`)).toContainText(`${IMG}${SCRIPT} Ship it?`);
  await expectNothingInjected(page);

  // Plain string value.
  await openItem(page, items.string!);
  await expect(detail(page).getByRole("region", { name: "Interrupt value" })).toContainText(`${IMG}${SCRIPT} Ship it?`);
  await expectNothingInjected(page);

  // Options with markup: buttons whose label is text; using one fills the textbox with the literal.
  await openItem(page, items.options!);
  await detail(page).getByRole("button", { name: `Use “${IMG}”` }).click();
  await expect(detail(page).getByRole("textbox", { name: "Response" })).toHaveValue(IMG);
  await detail(page).getByRole("button", { name: "Use “javascript:window.__pwned=1”" }).click();
  await expectNothingInjected(page);

  // HumanInterrupt: markdown description; raw HTML shown as text; unsafe links defused.
  await openItem(page, items.human!);
  const description = detail(page).locator(".item-description");
  await expect(description.getByRole("heading", { level: 1 })).toHaveText(`Review ${IMG}`);
  await expect(description).toContainText(SCRIPT);
  await expect(description).toContainText('<a href="javascript:window.__pwned=1">raw html link</a>');
  await expect(description.getByRole("link")).toHaveCount(1);
  await expect(description.getByRole("link", { name: "safe link" })).toHaveAttribute("href", "https://example.com/ok");
  for (const text of ["markdown link", "mixed case", "entity", "data link", "vbscript", "reference link", "credentials link", "protocol-relative link", "file link"]) {
    const removed = description.locator(".link-removed", { hasText: text });
    await expect(removed).toHaveCount(1);
    await removed.click();
  }
  await expect(description.locator(".md-image")).toHaveText("[image: image]");
  const args = detail(page).getByRole("table", { name: `Arguments of deploy ${IMG}` });
  await expect(args).toContainText(SCRIPT);
  await expect(args).toContainText(SVG);
  await expectNothingInjected(page);

  // HITL batch: action descriptions are markdown too; the edit diff shows args as text.
  await openItem(page, items.hitl!);
  await expect(detail(page).getByRole("region", { name: "Action 1 of 2: send_email" })).toContainText(SCRIPT);
  await detail(page).getByRole("group", { name: "Decision for send_email" }).getByRole("radio", { name: "Edit" }).check();
  await detail(page)
    .getByRole("textbox", { name: "Edited arguments of send_email (JSON)" })
    .fill(JSON.stringify({ body: `${SVG}<a href="javascript:window.__pwned=1">edited</a>` }));
  await expect(detail(page).getByRole("region", { name: "Changes to the arguments of send_email" })).toContainText(SVG);
  await expect(detail(page).getByRole("region", { name: "Action 2 of 2: run_sql" }).locator(".link-removed")).toHaveText("x");
  await expectNothingInjected(page);
  await page.waitForTimeout(300); // time for any late onerror/onload to fire
  await expectNothingInjected(page);
});

test("hostile text in a conversation, a decision and the history stays text", async ({ page, server }) => {
  const [item] = await server.run("support-agent", { messages: [{ role: "user", content: `Please ${IMG}${SCRIPT} [x](javascript:window.__pwned=1)` }] });
  await openInbox(page, server);
  await openItem(page, item!);
  const conversation = detail(page).getByRole("list", { name: "Conversation" });
  await expect(conversation).toContainText(`Please ${IMG}${SCRIPT} [x](javascript:window.__pwned=1)`);
  await expectNothingInjected(page);

  // Reject with a hostile message: it reaches the agent and comes back in the conversation as text.
  await detail(page).getByRole("group", { name: "Decision for send_email" }).getByRole("radio", { name: "Reject" }).check();
  await detail(page).getByRole("textbox", { name: "Rejection message for send_email" }).fill(`No ${IMG}`);
  await detail(page).getByRole("group", { name: "Decision for run_sql" }).getByRole("radio", { name: "Reject" }).check();
  await detail(page).getByRole("textbox", { name: "Rejection message for run_sql" }).fill(`Never ${SCRIPT}`);
  await detail(page).getByRole("button", { name: /^Submit decisions/ }).click();
  // Both calls answered (rejected): the agent sums up and the thread ends.
  await expectOutcome(page, "done");
  await expect(detail(page).getByTestId("decided")).toContainText(`No ${IMG}`);
  await expect(conversation).toContainText(`Never ${SCRIPT}`);
  await expectNothingInjected(page);

  await page.getByRole("tab", { name: "History" }).click();
  const history = page.getByRole("table", { name: "Past decisions" });
  await expect(history).toContainText(`No ${IMG}`);
  await expectNothingInjected(page);
});

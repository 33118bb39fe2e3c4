// Decisions the host refuses, and the page showing why: the same item decided from two pages at
// once (exactly one wins), and an edit that violates the action's argsSchema.
import type { Page } from "@playwright/test";
import { detail, expect, expectOutcome, only, openInbox, openItem, test, threadValues } from "./fixtures.js";

test("two pages decide the same item at once: one applies, the other shows “Already decided”", async ({ page, browser, server }) => {
  const item = only(await server.run("ship-it"));
  const other = await browser.newContext();
  try {
    const second = await other.newPage();
    const pages: Array<[Page, string]> = [
      [page, "answer from page A"],
      [second, "answer from page B"],
    ];
    for (const [p, answer] of pages) {
      await openInbox(p, server);
      await openItem(p, item);
      await detail(p).getByRole("textbox", { name: "Response" }).fill(answer);
    }
    // Both buttons clicked at the same instant: Playwright's own clicks, one after the other, can be
    // far enough apart for the second page to learn the item was decided and drop its form first.
    const at = Date.now() + 300;
    await Promise.all(
      pages.map(([p]) =>
        detail(p)
          .getByRole("button", { name: "Send response" })
          .evaluate((button: HTMLElement, when: number) => void setTimeout(() => button.click(), when - Date.now()), at),
      ),
    );

    const refused = pages.map(([p]) => p.getByTestId("decision-error").filter({ hasText: "Already decided" }));
    await expect.poll(async () => (await refused[0]!.count()) + (await refused[1]!.count())).toBe(1);
    const loserIndex = (await refused[0]!.count()) === 1 ? 0 : 1;
    const [winner, winnerAnswer] = pages[1 - loserIndex]!;
    const [loser] = pages[loserIndex]!;

    await expect(loser.getByTestId("decision-error")).toHaveText(`Already decided: Item ${item.id} was already decided`);
    await expect(loser.getByTestId("decision-error")).toHaveAttribute("role", "alert");
    await expectOutcome(winner, "done");
    await expect(winner.getByTestId("decision-error")).toHaveText("");
    // The losing page shows the decision that won.
    await expect(detail(loser).getByTestId("decided")).toContainText(winnerAnswer);
    expect(await threadValues(server, item.id)).toEqual({ answer: winnerAnswer });
    expect((await server.host.history()).decisions).toHaveLength(1);
  } finally {
    await other.close();
  }
});

test("an edit that violates the action's argsSchema is refused with the reason; a valid one is applied", async ({ page, server }) => {
  const payload = {
    actionRequests: [{ name: "transfer", args: { amount: 10, to: "acct-1" }, description: "Move money between accounts" }],
    reviewConfigs: [
      {
        actionName: "transfer",
        allowedDecisions: ["approve", "edit", "reject"],
        argsSchema: { type: "object", properties: { amount: { type: "number", maximum: 100 }, to: { type: "string" } }, required: ["amount", "to"], additionalProperties: false },
      },
    ],
  };
  const item = only(await server.run("ask", { payload }));
  expect(item.kind).toBe("hitl");
  await openInbox(page, server);
  await openItem(page, item);

  await detail(page).getByRole("group", { name: "Decision for transfer" }).getByRole("radio", { name: "Edit" }).check();
  const editor = detail(page).getByRole("textbox", { name: "Edited arguments of transfer (JSON)" });
  const submit = detail(page).getByRole("button", { name: "Submit decision" });

  // Not an object: caught in the page, nothing sent.
  await editor.fill("[1, 2]");
  await submit.click();
  await expect(detail(page).locator(".form-errors")).toContainText("The arguments must be a JSON object");

  // Valid JSON, invalid args: refused by the host with the schema's reason; the item stays pending.
  await editor.fill('{"amount": 5000, "to": "acct-1"}');
  await submit.click();
  const error = page.getByTestId("decision-error");
  await expect(error).toContainText(/Decision not accepted: Edited args of “?"?transfer"?”? do not match its argsSchema: \/amount must be <= 100/);
  await expect(page.getByTestId("outcome")).toHaveCount(0);
  await expect(page.locator(`[role=row][data-item-id="${item.id}"]`)).toBeVisible();
  expect((await server.host.history()).decisions).toHaveLength(0);

  // Fixed and sent again from the same form.
  await editor.fill('{"amount": 50, "to": "acct-1"}');
  await submit.click();
  await expectOutcome(page, "done");
  await expect(error).toHaveText("");
  const values = await threadValues<{ answers: unknown[] }>(server, item.id);
  expect(values.answers).toEqual([{ decisions: [{ type: "edit", editedAction: { name: "transfer", args: { amount: 50, to: "acct-1" } } }] }]);
});

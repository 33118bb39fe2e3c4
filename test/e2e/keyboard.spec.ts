// The keyboard: j/k move the selection, a approves, r + Ctrl+Enter answers, / searches, ? lists the
// shortcuts; single keys do nothing while typing.
import { detail, expect, expectOutcome, openInbox, test, threadValues } from "./fixtures.js";

test("j/k move, a approves, / focuses search, ? opens the shortcuts, r + Ctrl+Enter responds", async ({ page, server }) => {
  // Oldest first: the expense, then the question, then the breakpoint.
  const [expense] = await server.run("expense-approval");
  const [question] = await server.run("ship-it");
  const [breakpoint] = await server.run("breakpoint");
  await openInbox(page, server);
  await expect(page.getByTestId("inbox-count")).toHaveText("3 items");
  const selected = page.getByRole("row", { selected: true });
  const heading = detail(page).getByRole("heading", { level: 2 });

  await expect(selected).toHaveCount(0);
  await page.keyboard.press("j");
  await expect(selected).toHaveAttribute("data-item-id", expense!.id);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(selected).toHaveAttribute("data-item-id", breakpoint!.id);
  await expect(heading).toHaveText("Paused before deploy");
  await page.keyboard.press("j"); // stays on the last
  await expect(selected).toHaveAttribute("data-item-id", breakpoint!.id);
  await page.keyboard.press("k");
  await page.keyboard.press("k");
  await expect(selected).toHaveAttribute("data-item-id", expense!.id);
  await expect(heading).toHaveText("approve_expense");

  // a: approve (accept) the whole item; once applied, the next item is selected.
  await page.keyboard.press("a");
  await expect(selected).toHaveAttribute("data-item-id", question!.id);
  await expect(page.getByTestId("notice")).toContainText("decision applied, the run finished. On to the next item.");
  expect(await threadValues(server, expense!.id)).toMatchObject({ status: "approved" });
  await expect(page.getByTestId("inbox-count")).toHaveText("2 items");

  // a on a question cannot approve: it says so instead.
  await page.keyboard.press("a");
  await expect(page.getByTestId("notice")).toContainText("This is a question");
  await expect(page.getByTestId("outcome")).toHaveCount(0);

  // /: search; single keys type there instead of acting.
  const search = page.getByRole("searchbox", { name: "Search items" });
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await page.keyboard.type("jPaused");
  await expect(search).toHaveValue("jPaused");
  await expect(selected).toHaveAttribute("data-item-id", question!.id);
  await search.fill("Paused");
  await expect(page.getByTestId("inbox-count")).toHaveText("1 of 2 items");
  await page.keyboard.press("Escape");
  await expect(search).toHaveValue("");
  await expect(page.getByTestId("inbox-count")).toHaveText("2 items");
  await page.getByRole("grid", { name: "Inbox items" }).focus();

  // ?: the shortcuts dialog; Escape closes it.
  await page.keyboard.press("?");
  const shortcuts = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(shortcuts).toBeVisible();
  await expect(shortcuts.getByRole("row", { name: /Next item/ })).toBeVisible();
  await page.keyboard.press("j"); // inert while a dialog is open
  await page.keyboard.press("Escape");
  await expect(shortcuts).toBeHidden();
  await expect(selected).toHaveAttribute("data-item-id", question!.id);

  // r focuses the response box; Ctrl+Enter sends from inside it.
  await page.keyboard.press("r");
  const response = detail(page).getByRole("textbox", { name: "Response" });
  await expect(response).toBeFocused();
  await page.keyboard.type("ship it, said the keyboard");
  await page.keyboard.press("Control+Enter");
  // The breakpoint, next: a continues it; the last item stays selected with its outcome.
  await expect(selected).toHaveAttribute("data-item-id", breakpoint!.id);
  expect(await threadValues(server, question!.id)).toEqual({ answer: "ship it, said the keyboard" });
  await page.keyboard.press("a");
  await expectOutcome(page, "done");
  expect(await threadValues(server, breakpoint!.id)).toEqual({ log: ["built", "deployed"] });
  await expect(page.getByTestId("inbox-count")).toHaveText("0 items");
});

test("Ctrl+Enter submits the open dialog: Start run", async ({ page, server }) => {
  await openInbox(page, server);
  await page.getByRole("button", { name: "Start run" }).click();
  const dialog = page.getByRole("dialog", { name: "Start a run" });
  await dialog.getByRole("combobox", { name: "Graph" }).selectOption("expense-approval");
  await dialog.getByRole("textbox", { name: "Run input (JSON)" }).fill('{"expense": {"employee": "K. Board", "amount": 12, "category": "meals", "receipt": "https://example.com/r/1"}}');
  await page.keyboard.press("Control+Enter");
  await expect(dialog.getByTestId("run-result")).toContainText("expense-approval");
  await expect(dialog.getByTestId("run-result")).toContainText("waiting");
  const { items } = await server.host.listItems();
  expect(items).toHaveLength(1);
  expect(items[0]!.actions[0]!.args).toMatchObject({ employee: "K. Board", amount: 12 });
  await dialog.getByRole("button", { name: /^Open “approve_expense”/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { selected: true })).toHaveAttribute("data-item-id", items[0]!.id);
});

test("Escape leaves any field for the list; a approves the ticked rows when there are any; Tab leaves the Start run editor", async ({ page, server }) => {
  const [first] = await server.run("expense-approval");
  const [second] = await server.run("expense-approval");
  const [hitl] = await server.run("support-agent");
  await openInbox(page, server);
  const grid = page.getByRole("grid", { name: "Inbox items" });
  const selected = page.getByRole("row", { selected: true });

  // Escape from a message box: focus back on the list, where j/k work again.
  await page.locator(`[role=row][data-item-id="${hitl!.id}"]`).click();
  await detail(page).getByRole("group", { name: "Decision for run_sql" }).getByRole("radio", { name: "Reject" }).check();
  const message = detail(page).getByRole("textbox", { name: "Rejection message for run_sql" });
  await message.fill("not now");
  await expect(message).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(grid).toBeFocused();
  await page.keyboard.press("k");
  await expect(selected).toHaveAttribute("data-item-id", second!.id);

  // Ticked rows: a approves them (not the open item).
  await page.keyboard.press("x");
  await page.keyboard.press("k");
  await page.keyboard.press("x");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(selected).toHaveAttribute("data-item-id", hitl!.id);
  await page.keyboard.press("a");
  await expect(page.getByTestId("inbox-count")).toHaveText("1 item");
  expect((await server.host.getItem({ itemId: first!.id })).decision).not.toBeNull();
  expect((await server.host.getItem({ itemId: second!.id })).decision).not.toBeNull();
  expect((await server.host.getItem({ itemId: hitl!.id })).decision).toBeNull();

  // Start run: Tab goes from the JSON editor on to the Start button.
  await page.getByRole("button", { name: "Start run" }).click();
  const dialog = page.getByRole("dialog", { name: "Start a run" });
  await dialog.getByRole("textbox", { name: "Run input (JSON)" }).click();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Start run" })).toBeFocused();
});

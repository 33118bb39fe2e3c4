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

  // a: approve (accept) the whole item.
  await page.keyboard.press("a");
  await expectOutcome(page, "done");
  expect(await threadValues(server, expense!.id)).toMatchObject({ status: "approved" });
  await expect(page.getByTestId("inbox-count")).toHaveText("2 items");
  // The decided item left: j goes on with the one now at its place.
  await page.keyboard.press("j");
  await expect(selected).toHaveAttribute("data-item-id", question!.id);

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
  await expectOutcome(page, "done");
  expect(await threadValues(server, question!.id)).toEqual({ answer: "ship it, said the keyboard" });

  // The breakpoint: a continues it.
  await page.keyboard.press("j");
  await expect(selected).toHaveAttribute("data-item-id", breakpoint!.id);
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

// The inbox as a whole: bulk approve, and items that another process creates or decides showing up
// (and leaving) in the open page without a reload.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, detail, expect, only, openInbox, openItem, test, threadValues } from "./fixtures.js";

const run = promisify(execFile);

/** The real CLI, as a separate process on the same data folder. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(ROOT, "bin/countersign.js"), ...args], { cwd: ROOT, timeout: 60_000 });
}

test("bulk approve of several items: checkbox + shift-click, blocked while an item cannot be approved", async ({ page, server }) => {
  const expenses = [];
  for (let i = 0; i < 3; i++) {
    expenses.push(...(await server.run("expense-approval", { expense: { employee: `Employee ${i + 1}`, amount: 100 + i, category: "travel", receipt: "https://example.com/r/1" } })));
  }
  const [question] = await server.run("ship-it");
  await openInbox(page, server);
  await expect(page.getByTestId("inbox-count")).toHaveText("4 items");

  // First expense by its checkbox, the third by shift-click: the range holds all three.
  const rowOf = (id: string) => page.locator(`[role=row][data-item-id="${id}"]`);
  await rowOf(expenses[0]!.id).getByRole("checkbox").check();
  await rowOf(expenses[2]!.id).click({ modifiers: ["Shift"] });
  const bulk = page.getByRole("region", { name: "Bulk actions" });
  await expect(bulk.getByRole("button", { name: "Approve selected (3)" })).toBeEnabled();
  await expect(page.getByRole("checkbox", { checked: true })).toHaveCount(3);

  // A question (respond only) in the selection blocks bulk approve, with the reason.
  await rowOf(question!.id).click({ modifiers: ["ControlOrMeta"] });
  await expect(bulk.getByRole("button", { name: "Approve selected (4)" })).toBeDisabled();
  await expect(bulk).toContainText("does not allow approve");
  await rowOf(question!.id).click({ modifiers: ["ControlOrMeta"] });

  await bulk.getByRole("button", { name: "Approve selected (3)" }).click();
  await expect(bulk.getByText("Approved 3 items.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("inbox-count")).toHaveText("1 item");
  for (const expense of expenses) {
    await expect(rowOf(expense.id)).toHaveCount(0);
    expect(await threadValues(server, expense.id)).toMatchObject({ status: "approved" });
  }
  await expect(rowOf(question!.id)).toBeVisible();
  expect((await server.host.history()).decisions.map((record) => record.itemId).sort()).toEqual(expenses.map((expense) => expense.id).sort());
});

test("an item created by another process (the CLI) appears in the open page without a reload", async ({ page, server }) => {
  await openInbox(page, server);
  await expect(page.getByRole("heading", { name: "Nothing waiting for you" })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  const { stdout } = await cli("run", "ship-it", "--data", server.dataDir, "--json");
  const created = JSON.parse(stdout) as { threadId: string; items: Array<{ id: string; title: string }> };
  const item = created.items[0]!;
  expect(item.title).toBe("Ship it?");

  const row = page.locator(`[role=row][data-item-id="${item.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByText("new", { exact: true })).toBeVisible();
  await expect(page.getByTestId("inbox-count")).toHaveText("1 item");
  await expect(page.getByRole("tab", { name: "Inbox" })).toContainText("1");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("an open item decided by another process (the CLI) leaves the list; the detail shows the decision, then the finished thread", async ({ page, server }) => {
  // ask-then-work: the item is resolved as soon as the answer is in, the thread works 1.5 s more.
  const item = only(await server.run("ask-then-work"));
  await openInbox(page, server);
  await openItem(page, item);
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await cli("decide", item.id, "--respond", "go ahead from the CLI", "--data", server.dataDir, "--config", server.configPath);
  await expect(page.locator(`[role=row][data-item-id="${item.id}"]`)).toHaveCount(0);
  await expect(page.getByTestId("inbox-count")).toHaveText("0 items");
  // The open form is replaced by the decision taken elsewhere...
  await expect(detail(page).getByRole("button", { name: "Send response" })).toHaveCount(0);
  await expect(detail(page).getByTestId("decided")).toContainText("go ahead from the CLI");
  // ...and once the CLI's run has finished, the thread as it is now, not as it was mid-run.
  await expect(detail(page).getByTestId("decided")).toContainText("Applied; the thread is done.");
  await expect(detail(page).getByTestId("thread-status")).toHaveText("done");
  // The values as stored: `ms` kept its schema default, which no run wrote.
  expect(await threadValues(server, item.id)).toEqual({ answer: "go ahead from the CLI", worked: true });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("the desktop app's request to show an item (a notification clicked) selects it and shows it, from the History tab too", async ({ page, server }) => {
  const [question] = await server.run("ship-it");
  const [expense] = await server.run("expense-approval", { expense: { employee: "Ada", amount: 42, category: "travel", receipt: "https://example.com/r/1" } });
  // Browser mode never sends this event (it has no notifications): it is put on the page's socket, as Electron's IPC would deliver it.
  let toPage: ((message: string) => void) | undefined;
  await page.routeWebSocket(/\/ws/, (ws) => {
    ws.connectToServer();
    toPage = (message) => ws.send(message);
  });
  await openInbox(page, server);
  await openItem(page, question!);
  await page.getByRole("tab", { name: "History" }).click();
  toPage!(JSON.stringify({ event: { type: "open-item", itemId: expense!.id } }));
  await expect(page.getByRole("row", { selected: true })).toHaveAttribute("data-item-id", expense!.id);
  await expect(detail(page).getByRole("heading", { level: 2 })).toHaveText(expense!.title);
});

// An inbox longer than the page loads at once (it asks for the rows in view and a margin): rows load
// as they scroll into view, search and keyboard reach items not loaded yet, a shift-click range spans
// them, and the counts always cover the whole list.
import { detail, expect, openInbox, test } from "./fixtures.js";

const COUNT = 250;

test("a long inbox: scrolling, search, keyboard, live counts and a range selection reach rows not loaded yet", async ({ page, server }) => {
  await Promise.all(Array.from({ length: COUNT }, (_, i) => server.run("ask", { payload: `Question ${String(i).padStart(3, "0")}` })));
  // The host's order (oldest first) is the page's.
  const { items } = await server.host.listItems({ limit: COUNT });
  const rowOf = (index: number) => page.locator(`[role=row][data-item-id="${items[index]!.id}"]`);
  const grid = page.getByRole("grid", { name: "Inbox items" });

  await openInbox(page, server);
  await expect(page.getByTestId("inbox-count")).toHaveText(`${COUNT} items`);
  await expect(grid).toHaveAttribute("aria-rowcount", String(COUNT));
  await expect(rowOf(0)).toBeVisible();

  // Search answers from the whole list, not from the rows loaded.
  const search = page.getByRole("searchbox", { name: "Search items" });
  await search.fill(items[200]!.title);
  await expect(page.getByTestId("inbox-count")).toHaveText(`1 of ${COUNT} items`);
  await expect(rowOf(200)).toBeVisible();
  await search.fill("");
  await expect(page.getByTestId("inbox-count")).toHaveText(`${COUNT} items`);
  await expect(rowOf(0)).toBeVisible();

  // k with nothing selected goes to the last item, loading it; k again to the one before.
  await grid.focus();
  await page.keyboard.press("k");
  const selected = page.getByRole("row", { selected: true });
  await expect(selected).toHaveAttribute("data-item-id", items[COUNT - 1]!.id);
  await expect(detail(page).getByRole("heading", { level: 2 })).toHaveText(items[COUNT - 1]!.title);
  await page.keyboard.press("k");
  await expect(selected).toHaveAttribute("data-item-id", items[COUNT - 2]!.id);

  // An item decided elsewhere, among the rows not loaded: the counts follow, and so does the list.
  await server.host.decide({ itemId: items[150]!.id, decision: { type: "respond", message: "done elsewhere" } });
  await expect(page.getByTestId("inbox-count")).toHaveText(`${COUNT - 1} items`);
  await expect(grid).toHaveAttribute("aria-rowcount", String(COUNT - 1));

  // A shift-click range from the top to the bottom spans the rows between, loaded or not.
  await grid.evaluate((element) => (element.scrollTop = 0));
  await rowOf(0).getByRole("checkbox").check();
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await rowOf(COUNT - 1).click({ modifiers: ["Shift"] });
  const bulk = page.getByRole("region", { name: "Bulk actions" });
  await expect(bulk.getByRole("button", { name: `Approve selected (${COUNT - 1})` })).toBeVisible();
  await expect(rowOf(150)).toHaveCount(0);
});

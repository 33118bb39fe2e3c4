// The host runs in its worker thread, so a bulk approve of hundreds of items does not freeze the
// page: while it runs, typing in the search box filters the list, and a click shows the item's
// detail, each within a second. (With the host on the server's own thread, neither is answered
// until the bulk is done.)
import { detail, expect, openInbox, test } from "./fixtures.js";

const COUNT = 300;
const WITHIN = { timeout: 1_000 };

test("while a bulk approve of several hundred items runs, search filters the list and an item's detail loads, each within a second", async ({ page, server }) => {
  test.setTimeout(180_000);
  for (let start = 0; start < COUNT; start += 10) {
    await Promise.all(Array.from({ length: Math.min(10, COUNT - start) }, () => server.run("support-agent")));
  }
  const [other] = await server.run("ask", { payload: "Zebra release notes: ship them?" });
  const { items } = await server.host.listItems({ limit: COUNT + 1 });
  const bulkIds = items.filter((item) => item.graphId === "support-agent").map((item) => item.id);
  expect(bulkIds).toHaveLength(COUNT);

  await openInbox(page, server);
  await expect(page.getByTestId("inbox-count")).toHaveText(`${COUNT + 1} items`);
  const grid = page.getByRole("grid", { name: "Inbox items" });
  const rowOf = (id: string) => page.locator(`[role=row][data-item-id="${id}"]`);
  // The support items come first (oldest first): the range from the first to the last holds them all.
  await rowOf(bulkIds[0]!).getByRole("checkbox").check();
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await rowOf(bulkIds[COUNT - 1]!).click({ modifiers: ["Shift"] });
  const bulk = page.getByRole("region", { name: "Bulk actions" });
  await bulk.getByRole("button", { name: `Approve selected (${COUNT})` }).click();

  // The bulk is under way: some items are decided, far from all.
  await expect.poll(async () => (await server.host.history({ limit: 1000 })).decisions.length, { timeout: 30_000, intervals: [50] }).toBeGreaterThan(10);

  const search = page.getByRole("searchbox", { name: "Search items" });
  await search.fill("Zebra");
  await expect(page.getByTestId("inbox-count")).toHaveText(/^1 of \d+ items?$/, WITHIN);
  await expect(rowOf(other!.id)).toBeVisible(WITHIN);
  await rowOf(other!.id).click();
  await expect(detail(page).getByRole("heading", { level: 2 })).toHaveText(other!.title, WITHIN);

  // All of that happened while the bulk still ran.
  expect((await server.host.history({ limit: 1000 })).decisions.length).toBeLessThan(COUNT);
  await search.fill("");
  await expect(bulk.getByText(`Approved ${COUNT} items.`)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("inbox-count")).toHaveText("1 item");
});

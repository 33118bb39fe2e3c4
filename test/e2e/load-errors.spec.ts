// Parts of the page that cannot load (the server out of reach) say what failed instead of blanking the
// page; the JSON editor and the Start run dialog are fetched as soon as the list shows, so they work
// once the server is out of reach.
import { detail, expect, only, openInbox, test } from "./fixtures.js";

test("the item pane's code cannot load: the pane says what failed, the inbox stays", async ({ page, server }) => {
  const item = only(await server.run("ship-it"));
  await page.route(/\/assets\/ItemDetail-[^/]*\.js$/, (route) => route.abort());
  await openInbox(page, server);
  await page.locator(`[role=row][data-item-id="${item.id}"]`).click();
  await expect(detail(page).getByTestId("load-error")).toContainText("Could not show the selected item");
  await expect(page.getByRole("button", { name: "Reload the page" })).toBeVisible();
  await expect(page.locator(`[role=row][data-item-id="${item.id}"]`)).toBeVisible();
});

test("with the server out of reach after the first load, the Start run dialog still shows its JSON editor", async ({ page, server }) => {
  const fetched = ["StartRunDialog", "JsonEditor"].map((chunk) => page.waitForResponse(new RegExp(`/assets/${chunk}-[^/]*\\.js$`)));
  await openInbox(page, server);
  // Fetched once the list shows, without a click.
  await Promise.all(fetched);
  await page.route(/\/assets\//, (route) => route.abort());
  await page.getByRole("button", { name: "Start run" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("textbox", { name: "Run input (JSON)" })).toBeVisible();
  await expect(page.getByTestId("inbox-count")).toBeVisible();
});

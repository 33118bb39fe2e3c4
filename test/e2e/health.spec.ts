// The inbox stopping updating is shown, not swallowed: a poll failing for a real cause (another
// program moved a table the inbox reads) brings up the banner with the reason and Retry; Retry
// while the cause remains says so, and the banner goes once the cause is gone.
import { moveTable } from "../support/break-inbox.js";
import { expect, openInbox, test } from "./fixtures.js";

test("a failing poll shows the banner with the reason; Retry reports it still failing, and the banner goes once the cause is gone", async ({ page, server }) => {
  await openInbox(page, server);
  const banner = page.getByRole("alert").filter({ hasText: "The inbox stopped updating" });
  await expect(banner).toHaveCount(0);

  moveTable(server.dataDir, "pending_interrupts", "pending_interrupts_moved");
  await expect(banner).toBeVisible();
  await expect(page.getByTestId("health-message")).toHaveText(/^The inbox stopped updating: .*no such table: pending_interrupts/);

  // Reachable and usable from the keyboard.
  const retry = banner.getByRole("button", { name: "Retry" });
  await retry.focus();
  await page.keyboard.press("Enter");
  await expect(banner).toContainText("Tried again: still failing.");
  await expect(retry).toBeFocused();

  moveTable(server.dataDir, "pending_interrupts_moved", "pending_interrupts");
  // The next poll may already have found it working again; Retry then finds nothing to report.
  if (await retry.isVisible()) await retry.click().catch(() => undefined);
  await expect(banner).toHaveCount(0);
  expect(await server.host.health()).toEqual({ problem: null });
});

test("a page opened while the inbox is failing shows the banner at once", async ({ page, server }) => {
  moveTable(server.dataDir, "pending_interrupts", "pending_interrupts_moved");
  // Moved before the first load may have run: the load or a poll fails, whichever comes first.
  await expect.poll(async () => (await server.host.health()).problem?.what).toMatch(/^(inbox-load|poll)$/);
  await page.goto(server.url);
  await expect(page.getByTestId("health-banner")).toContainText("The inbox stopped updating:");
  moveTable(server.dataDir, "pending_interrupts_moved", "pending_interrupts");
  await expect(page.getByTestId("health-banner")).toHaveCount(0);
});

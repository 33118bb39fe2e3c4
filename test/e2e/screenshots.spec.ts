// The README screenshots, made from real runs of the demo graphs: docs/screenshots/inbox.png and
// docs/screenshots/hitl-item.png, 1280×800, light theme. Content is deterministic: fixed thread ids,
// fixed inputs, items created in a fixed order seconds before the shot ("just now").
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { ROOT, detail, expect, openInbox, openItem, test, type E2EServer } from "./fixtures.js";
import type { InboxItem } from "../../shared/inbox.js";

const OUT = join(ROOT, "docs/screenshots");

test.use({ viewport: { width: 1280, height: 800 }, colorScheme: "light", deviceScaleFactor: 1 });

async function seedDemo(server: E2EServer): Promise<Record<string, InboxItem>> {
  const [support] = await server.run("support-agent", {}, "support-0412");
  const [expense] = await server.run("expense-approval", {}, "expense-0413");
  await server.run(
    "expense-approval",
    { expense: { employee: "M. Lindqvist", amount: 1280, category: "conference", receipt: "https://example.com/r/9120" } },
    "expense-0414",
  );
  await server.run("release-pipeline", { version: "v2.4.0" }, "release-0415");
  await server.run("ship-it", {}, "ship-0416");
  return { support: support!, expense: expense! };
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(OUT, name), animations: "disabled", caret: "hide", scale: "css" });
}

test("screenshot: the inbox", async ({ page, server }) => {
  const { expense } = await seedDemo(server);
  await openInbox(page, server);
  await expect(page.getByTestId("inbox-count")).toHaveText("6 items");
  await openItem(page, expense!);
  await expect(detail(page).getByTestId("thread-status")).toHaveText("waiting");
  await expect(detail(page).getByRole("table", { name: "Arguments of approve_expense" })).toBeVisible();
  // Keyboard focus stays in the list, as after j/k.
  await page.getByRole("grid", { name: "Inbox items" }).focus();
  await shoot(page, "inbox.png");
});

test("screenshot: a HITL item with per-action decisions", async ({ page, server }) => {
  const { support } = await seedDemo(server);
  await openInbox(page, server);
  await openItem(page, support!);
  await expect(detail(page).getByRole("list", { name: "Conversation" })).toBeVisible();
  await detail(page).getByRole("group", { name: "Decision for send_email" }).getByRole("radio", { name: "Edit" }).check();
  await detail(page)
    .getByRole("textbox", { name: "Edited arguments of send_email (JSON)" })
    .fill(JSON.stringify({ to: "ana@example.com", subject: "Q3 numbers", body: "Numbers attached." }, null, 2));
  await expect(detail(page).getByRole("region", { name: "Changes to the arguments of send_email" })).toBeVisible();
  await detail(page).getByRole("group", { name: "Decision for run_sql" }).getByRole("radio", { name: "Approve" }).check();
  await expect(detail(page).getByRole("button", { name: "Submit decisions (2/2)" })).toBeVisible();
  await page.getByRole("grid", { name: "Inbox items" }).focus();
  await detail(page).evaluate((pane) => pane.scrollTo(0, 0));
  await shoot(page, "hitl-item.png");
});

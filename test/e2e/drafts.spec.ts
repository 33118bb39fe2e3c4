// What the reviewer has chosen or typed is never thrown away or overridden behind their back: approving
// the whole item asks first, a decision taken elsewhere keeps the draft, and nothing is sent (or said to
// be sent) while the page is not connected.
import type { WebSocketRoute } from "@playwright/test";
import { detail, expect, expectOutcome, only, openInbox, openItem, test } from "./fixtures.js";

test("a and “Approve all” ask before discarding per-action choices; nothing is sent until confirmed", async ({ page, server }) => {
  const item = only(await server.run("support-agent"));
  await openInbox(page, server);
  await openItem(page, item);

  await detail(page).getByRole("group", { name: "Decision for run_sql" }).getByRole("radio", { name: "Reject" }).check();
  const message = detail(page).getByRole("textbox", { name: "Rejection message for run_sql" });
  await message.fill("Never DELETE in production.");
  await detail(page).getByRole("heading", { level: 2 }).click();

  const confirm = page.getByTestId("discard-draft");
  await page.keyboard.press("a");
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Keep my choices" })).toBeFocused();
  expect((await server.host.getItem({ itemId: item.id })).decision).toBeNull();

  await confirm.getByRole("button", { name: "Keep my choices" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(message).toHaveValue("Never DELETE in production.");

  await detail(page).getByRole("button", { name: "Approve all" }).click();
  await expect(confirm).toBeVisible();
  expect((await server.host.getItem({ itemId: item.id })).decision).toBeNull();

  await confirm.getByRole("button", { name: "Discard them and approve" }).click();
  await expectOutcome(page, "done");
  expect((await server.host.getItem({ itemId: item.id })).decision?.decision).toEqual({ decisions: [{ type: "approve" }, { type: "approve" }] });
});

test("a draft being typed is kept, with a “decided elsewhere” notice, when another process decides the item", async ({ page, server }) => {
  const item = only(await server.run("support-agent"));
  await openInbox(page, server);
  await openItem(page, item);

  await detail(page).getByRole("group", { name: "Decision for run_sql" }).getByRole("radio", { name: "Reject" }).check();
  const message = detail(page).getByRole("textbox", { name: "Rejection message for run_sql" });
  await message.fill("A long explanation I was typing");

  await server.host.decide({ itemId: item.id, decision: { decisions: [{ type: "approve" }, { type: "approve" }] } });
  await expect(page.getByTestId("decided-elsewhere")).toBeVisible();
  await expect(detail(page).getByTestId("decided")).toBeVisible();
  await expect(message).toHaveValue("A long explanation I was typing");
  await expect(detail(page).getByRole("button", { name: /^Submit decisions/ })).toBeDisabled();
});

test("while the server is unreachable, deciding is disabled with a notice and never claims a send", async ({ page, server }) => {
  const item = only(await server.run("expense-approval"));
  let down = false;
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/ws/, (ws) => {
    if (down) {
      void ws.close();
      return;
    }
    ws.connectToServer();
    sockets.push(ws);
  });
  await openInbox(page, server);
  await openItem(page, item);

  down = true;
  for (const ws of sockets) await ws.close();
  await expect(page.getByTestId("connection-status")).not.toHaveText("Connected");
  await expect(page.getByTestId("disconnected-notice")).toBeVisible();
  const accept = detail(page).getByRole("button", { name: "Accept", exact: true });
  await expect(accept).toBeDisabled();
  await detail(page).getByRole("heading", { level: 2 }).click();
  await page.keyboard.press("a");
  await expect(page.getByTestId("notice")).toContainText("Not connected");
  await expect(page.getByTestId("outcome")).toHaveCount(0);
  await expect(page.getByText(/decision was sent|Sending your decision/)).toHaveCount(0);
  expect((await server.host.getItem({ itemId: item.id })).decision).toBeNull();
});

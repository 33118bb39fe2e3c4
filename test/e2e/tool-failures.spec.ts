// A run that finishes with a failed tool call in its conversation is not shown as a plain success, and
// the error's stack trace (local paths) is folded away.
import { detail, expect, expectOutcome, only, openInbox, openItem, test } from "./fixtures.js";

test("a “Done” whose conversation holds a failed tool call says a tool failed; the stack trace is folded", async ({ page, server }) => {
  const item = only(await server.run("tool-fails"));
  await openInbox(page, server);
  await openItem(page, item);
  await detail(page).getByRole("textbox", { name: "Response" }).fill("yes");
  await detail(page).getByRole("button", { name: "Send response" }).click();
  await expectOutcome(page, "done");
  await expect(page.getByTestId("outcome")).toContainText("a tool call failed: fetch_report");
  await expect(page.getByTestId("outcome")).not.toContainText("✓ Done");

  const conversation = detail(page).getByRole("list", { name: "Conversation" });
  await expect(conversation).toContainText("Error: ENOENT: no such file or directory");
  const trace = conversation.getByText("at fetchReport (/home/ana/agent/tools.ts:12:5)");
  await expect(trace).toBeHidden();
  await conversation.getByText("Stack trace (2 lines)").click();
  await expect(trace).toBeVisible();
});

// Bidi control characters from a payload ("send_email‮gnp.exe" reads as "…exe.png") are shown as their
// code in the list, the detail pane, the JSON views and the JSON editor: they never reorder what the reviewer reads.
import { detail, expect, openInbox, openItem, test } from "./fixtures.js";

const RLO = "\u202e";

test("bidi controls in titles, arguments and JSON values are shown as their code, never applied", async ({ page, server }) => {
  const [hitl] = await server.run("ask", {
    payload: {
      actionRequests: [{ name: `send_email${RLO}gnp.exe`, args: { attachment: `invoice${RLO}fdp.exe` } }],
      reviewConfigs: [{ actionName: `send_email${RLO}gnp.exe`, allowedDecisions: ["approve", "edit", "reject"] }],
    },
  });
  const [question] = await server.run("ask", { payload: { question: "Pay it?", file: `photo${RLO}gnp.exe`, nested: [`x${RLO}y`] } });
  await openInbox(page, server);

  const row = page.locator(`[role=row][data-item-id="${hitl!.id}"]`);
  await expect(row).toContainText("send_email⟨U+202E⟩gnp.exe");
  expect(await row.textContent()).not.toContain(RLO);

  await page.locator(`[role=row][data-item-id="${hitl!.id}"]`).click();
  await expect(detail(page).getByRole("heading", { level: 2 })).toContainText("⟨U+202E⟩");
  await expect(detail(page).getByRole("table")).toContainText("invoice⟨U+202E⟩fdp.exe");
  await detail(page).getByRole("radio", { name: "Edit" }).check();
  // The editor keeps the value as it is (an edit sends what the payload holds) but shows the character as a placeholder.
  await expect(detail(page).locator(".cm-editor .cm-specialChar")).toHaveCount(1);
  const shown = await detail(page).evaluate((element) => {
    const clone = element.cloneNode(true) as HTMLElement;
    clone.querySelectorAll(".cm-editor").forEach((editor) => editor.remove());
    return clone.textContent ?? "";
  });
  expect(shown).not.toContain(RLO);

  await openItem(page, { id: question!.id, title: question!.title });
  const value = detail(page).getByRole("region", { name: "Interrupt value" });
  await expect(value).toContainText("photo⟨U+202E⟩gnp.exe");
  expect(await detail(page).textContent()).not.toContain(RLO);
});

// A remote LangGraph Server deployment in the inbox, end to end in Chromium: added from the Sources
// tab, its item listed with its source beside the local ones, decided in the page, the graph on the
// server resumed with the answer.
import { Client } from "@langchain/langgraph-sdk";
import { startDevServer, type DevServer } from "../support/langgraph-dev.js";
import { detail, expect, expectOutcome, openInbox, openItem, test } from "./fixtures.js";

let deployment: DevServer;
let sdk: Client;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  deployment = await startDevServer({ graphs: { "ship-it": "main/host/graphs/demos/ship-it.ts:graph" } });
  sdk = new Client({ apiUrl: deployment.url, apiKey: null, callerOptions: { maxRetries: 0 } });
});
test.afterAll(async () => {
  await deployment?.stop();
});

test("a deployment added in the Sources tab feeds the inbox; its item is decided in the page and the remote graph resumes", async ({ page, server }) => {
  test.setTimeout(180_000);
  const thread = await sdk.threads.create({ graphId: "ship-it" });
  await sdk.runs.wait(thread.thread_id, "ship-it", { input: {} });
  await server.run("ship-it"); // a local item beside it

  await openInbox(page, server);
  await page.getByRole("tab", { name: "Sources" }).click();
  const form = page.getByRole("form", { name: "Add a deployment" });
  await form.getByLabel("Name", { exact: true }).fill("east");
  await form.getByLabel("Address", { exact: true }).fill(deployment.url);
  await form.getByRole("button", { name: "Add source" }).click();
  const row = page.getByTestId("source-east");
  await expect(row).toContainText(deployment.url);
  await expect(row).toContainText("Online", { timeout: 30_000 });

  await page.getByRole("tab", { name: "Inbox" }).click();
  const items = (await server.host.listItems({ source: "east" })).items;
  expect(items).toHaveLength(1);
  const remote = items[0]!;
  await expect(page.locator(`[role=row][data-item-id="${remote.id}"]`)).toContainText("east");
  // The source filter narrows the list to the deployment's items.
  await page.getByRole("combobox", { name: "Filter by source" }).selectOption("east");
  await expect(page.getByTestId("inbox-count")).toHaveText(/^1 of 2 items$/);

  await openItem(page, remote);
  await expect(detail(page).getByTestId("item-source")).toHaveText("from east");
  await detail(page).getByRole("textbox", { name: "Response" }).fill("Ship from the browser.");
  await detail(page).getByRole("button", { name: "Send response" }).click();
  await expectOutcome(page, "done");
  const state = await sdk.threads.getState<{ answer: unknown }>(thread.thread_id);
  expect(state.values.answer).toBe("Ship from the browser.");
  await expect(page.locator(`[role=row][data-item-id="${remote.id}"]`)).toHaveCount(0);

  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByRole("table", { name: "Past decisions" }).getByRole("row", { name: /Ship it\?/ }).first()).toContainText("Ship from the browser.");
});

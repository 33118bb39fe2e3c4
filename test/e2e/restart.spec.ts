// `countersign serve` restarted on the same data folder: an open page reconnects by itself (the
// token is kept in the folder); when the token no longer works, the page says what to do instead of
// reconnecting forever.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../../main/server/serve.js";
import { TOKEN_FILE } from "../../main/server/token-file.js";
import { E2E_CONFIG, expect, openInbox, test } from "./fixtures.js";

const start = (dataDir: string, port: number) =>
  serve({ dataDir, configPath: E2E_CONFIG, port, explicitHost: false, handleSignals: false, print: () => undefined, warn: () => undefined });

test.describe("a restart of serve on the same data folder", () => {
  let dataDir: string;
  test.beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "countersign-e2e-restart-"));
  });
  test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test("the open page reconnects and works with the new run", async ({ page }) => {
    const first = await start(dataDir, 0);
    let second: Awaited<ReturnType<typeof start>> | undefined;
    try {
      await openInbox(page, first);
      await first.close();
      await expect(page.getByTestId("connection-status")).toHaveText(/Disconnected/);
      second = await start(dataDir, first.port);
      const run = await second.host.startRun({ graphId: "ship-it", input: {} });
      await expect(page.getByTestId("connection-status")).toHaveText("Connected", { timeout: 20_000 });
      await expect(page.locator(`[role=row][data-item-id="${run.items[0]!.id}"]`)).toBeVisible();
    } finally {
      await first.close();
      await second?.close();
    }
  });

  test("a page whose token no longer works says to open the printed address, and stops retrying", async ({ page }) => {
    const first = await start(dataDir, 0);
    let second: Awaited<ReturnType<typeof start>> | undefined;
    try {
      await openInbox(page, first);
      await first.close();
      // A new token: the kept one was removed.
      rmSync(join(dataDir, TOKEN_FILE));
      second = await start(dataDir, first.port);
      expect(second.token).not.toBe(first.token);
      await expect(page.getByTestId("connection-status")).toHaveText("Address no longer valid", { timeout: 20_000 });
      await expect(page.getByRole("alert").filter({ hasText: "This address is no longer valid: open the address countersign serve printed." })).toBeVisible();
      await expect(page.getByText(/reconnecting/)).toHaveCount(0);

      // The address printed by the new run opens the inbox again in the same tab.
      await openInbox(page, second);
    } finally {
      await first.close();
      await second?.close();
    }
  });
});

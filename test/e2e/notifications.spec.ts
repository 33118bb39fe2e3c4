// Browser mode reaches the reviewer too: Web Notifications for new items while the tab is in the
// background (permission asked only from the visible control), a click that focuses the tab on the
// item; and the settings screen's reminders marking a waiting item overdue.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../../main/server/serve.js";
import type { BrowserContext, Page } from "@playwright/test";
import { E2E_CONFIG, expect, only, openInbox, test } from "./fixtures.js";

declare global {
  interface Window {
    __shown: Array<{ title: string; body?: string; tag?: string; target: EventTarget }>;
    __hidden: boolean;
    __asked: number;
  }
}

test("permission is asked from the visible control, never on load", async ({ page, server }) => {
  await page.addInitScript(() => {
    window.__asked = 0;
    class FakeNotification extends EventTarget {
      static permission: NotificationPermission = "default";
      static async requestPermission() {
        window.__asked += 1;
        FakeNotification.permission = "granted";
        return "granted" as const;
      }
    }
    Object.defineProperty(window, "Notification", { value: FakeNotification, configurable: true });
  });
  await openInbox(page, server);
  expect(await page.evaluate(() => window.__asked)).toBe(0);
  const enable = page.getByRole("banner").getByRole("button", { name: "Enable notifications" });
  await enable.click();
  await expect(enable).toBeHidden();
  expect(await page.evaluate(() => window.__asked)).toBe(1);
});

/** Notifications granted for the server's page, each one shown recorded in window.__shown; window.__hidden plays the tab's visibility. */
async function observeNotifications(page: Page, context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(["notifications"], { origin });
  await page.addInitScript(() => {
    window.__shown = [];
    window.__hidden = false;
    Object.defineProperty(document, "visibilityState", { get: () => (window.__hidden ? "hidden" : "visible"), configurable: true });
    const Real = window.Notification;
    class Observed extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        window.__shown.push({ title, body: options?.body, tag: options?.tag, target: this });
      }
    }
    Object.defineProperty(window, "Notification", { value: Observed, configurable: true });
  });
}

test("a new item raises a notification only while the tab is in the background; its click opens the item", async ({ page, context, server }) => {
  await observeNotifications(page, context, server.origin);
  await openInbox(page, server);
  // Granted already: no control to press.
  await expect(page.getByRole("banner").getByRole("button", { name: "Enable notifications" })).toHaveCount(0);

  // In the foreground, the list shows the item and nothing else happens.
  const first = only(await server.run("ship-it"));
  await expect(page.locator(`[role=row][data-item-id="${first.id}"]`)).toBeVisible();
  expect(await page.evaluate(() => window.__shown.length)).toBe(0);

  await page.evaluate(() => (window.__hidden = true));
  const second = only(await server.run("ship-it"));
  await expect.poll(() => page.evaluate(() => window.__shown.map(({ title, body, tag }) => ({ title, body, tag })))).toEqual([
    { title: "Ship it?", body: "Waiting for your decision · ship-it", tag: second.id },
  ]);

  await page.evaluate(() => {
    window.__hidden = false;
    window.__shown[0]!.target.dispatchEvent(new Event("click"));
  });
  await expect(page.getByRole("row", { selected: true })).toHaveAttribute("data-item-id", second.id);
});

test("settings: a reminder time marks the waiting item overdue, a bad one is refused, and each change is saved to the file", async ({ page, context, server }) => {
  await context.grantPermissions(["notifications"], { origin: server.origin });
  await page.clock.install();
  const item = only(await server.run("ship-it"));
  await openInbox(page, server);
  const row = page.locator(`[role=row][data-item-id="${item.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByText("overdue")).toHaveCount(0);

  await page.getByRole("tab", { name: "Settings" }).click();
  const reminders = page.getByLabel("Default reminder time in minutes");
  await reminders.fill("0");
  await page.getByRole("button", { name: "Save reminders" }).click();
  await expect(page.getByRole("alert")).toContainText("whole number of minutes");
  await reminders.fill("5");
  await page.getByRole("button", { name: "Save reminders" }).click();
  await expect(page.getByTestId("settings-status")).toHaveText("Reminders saved.");
  expect(JSON.parse(readFileSync(join(server.dataDir, "settings.json"), "utf8")).reminders).toEqual({ default: 5, graphs: {}, sources: {} });

  // The box shows the saved setting: it changes once main has saved it.
  const notify = page.getByRole("checkbox", { name: /Notify me of new items/ });
  await notify.click();
  await expect(notify).not.toBeChecked();
  await expect(page.getByTestId("settings-status")).toHaveText("Notifications saved.");
  expect(JSON.parse(readFileSync(join(server.dataDir, "settings.json"), "utf8")).notifications).toEqual({ enabled: false, actions: false });

  await page.getByRole("tab", { name: "Inbox" }).click();
  await page.clock.fastForward("06:00");
  await expect(row.getByText("overdue")).toBeVisible();
});

test("a settings file that is not valid: the defaults, a banner and a line saying why, the file kept", async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), "countersign-e2e-"));
  const settingsFile = join(dataDir, "settings.json");
  writeFileSync(settingsFile, "{ not json");
  const warnings: string[] = [];
  const running = await serve({ dataDir, configPath: E2E_CONFIG, port: 0, explicitHost: false, handleSignals: false, print: () => undefined, warn: (line) => warnings.push(line) });
  try {
    await page.goto(running.url);
    await expect(page.getByTestId("settings-file-problem")).toContainText(`${settingsFile} is not valid JSON`);
    expect(warnings.join("\n")).toContain("the default settings are used and the file is kept");
    await page.getByTestId("settings-file-problem").getByRole("button", { name: "Open Settings" }).click();
    await expect(page.getByRole("checkbox", { name: /Notify me of new items/ })).toBeChecked();
    expect(readFileSync(settingsFile, "utf8")).toBe("{ not json");
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("an item waiting past its reminder time raises one reminder while the tab is in the background", async ({ page, context, server }) => {
  await observeNotifications(page, context, server.origin);
  await page.clock.install();
  // The page's looks for overdue items: listItems of the oldest 500.
  let looks = 0;
  page.on("websocket", (socket) => socket.on("framesent", ({ payload }) => void (String(payload).includes('"limit":500') && looks++)));
  const item = only(await server.run("ship-it"));
  await openInbox(page, server);
  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByLabel("Default reminder time in minutes").fill("5");
  await page.getByRole("button", { name: "Save reminders" }).click();
  await expect(page.getByTestId("settings-status")).toHaveText("Reminders saved.");
  await page.evaluate(() => (window.__hidden = true));
  const shown = () => page.evaluate(() => window.__shown.map(({ title, tag }) => ({ title, tag })));
  await page.clock.fastForward("06:00");
  await expect.poll(shown).toEqual([{ title: "Still waiting: Ship it?", tag: item.id }]);
  // Later looks find it again, and remind no more.
  const before = looks;
  await page.clock.fastForward("05:00");
  await expect.poll(() => looks).toBeGreaterThan(before);
  await page.clock.fastForward("05:00");
  await expect.poll(() => looks).toBeGreaterThan(before + 1);
  expect(await shown()).toHaveLength(1);
});

// Shared fixtures of the e2e tests: a real browser-mode server (`serve()`: host, graphs, SQLite) on a
// fresh temp data folder for every test, and a page guard that fails the test on any uncaught page
// error or JavaScript dialog (alert/confirm/prompt: a payload must never open one).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test as base, expect, type Page } from "@playwright/test";
import type { HostClient } from "../../main/worker/host-client.js";
import { serve } from "../../main/server/serve.js";
import type { InboxItem } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";

export { expect };

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The demo graphs plus the test graphs `ask` (interrupts with any JSON payload) and `breakpoint` (interruptBefore). */
export const E2E_CONFIG = fileURLToPath(new URL("./langgraph.json", import.meta.url));

export interface E2EServer {
  /** The URL `serve()` printed, token included. */
  url: string;
  /** The same address without the token. */
  origin: string;
  token: string;
  /** The host, in its worker thread, as serve() runs it. */
  host: HostClient;
  dataDir: string;
  configPath: string;
  /** Starts a thread through the host and returns its pending items. */
  run(graphId: string, input?: Record<string, unknown>, threadId?: string): Promise<InboxItem[]>;
}

interface Fixtures {
  server: E2EServer;
  /** Uncaught errors of `page` so far (checked to be empty after each test). */
  pageErrors: string[];
  /** JavaScript dialogs `page` tried to open (dismissed; checked to be none after each test). */
  dialogs: string[];
}

export async function startServer(): Promise<E2EServer & { close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "countersign-e2e-"));
  try {
    const running = await serve({
      dataDir,
      configPath: E2E_CONFIG,
      port: 0,
      explicitHost: false,
      handleSignals: false,
      print: () => undefined,
      warn: () => undefined,
    });
    const { errors } = await running.host.listGraphs();
    if (errors.length > 0) throw new Error(`graphs failed to load: ${errors.map((e) => e.message).join("; ")}`);
    const { host } = running;
    return {
      url: running.url,
      origin: new URL(running.url).origin,
      token: running.token,
      host,
      dataDir,
      configPath: E2E_CONFIG,
      async run(graphId, input = {}, threadId) {
        const result = await host.startRun({ graphId: graphId, input, ...(threadId ? { threadId } : {}) });
        if (result.status === "error") throw new Error(`run of ${graphId} failed: ${result.error}`);
        return result.items;
      },
      async close() {
        try {
          await running.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export const test = base.extend<Fixtures>({
  // Playwright needs the destructuring pattern even when a fixture depends on no other.
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    const server = await startServer();
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "uncaught errors in the page").toEqual([]);
    },
    { auto: true },
  ],
  dialogs: [
    async ({ page }, use) => {
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss().catch(() => undefined);
      });
      await use(dialogs);
      expect(dialogs, "JavaScript dialogs opened by the page").toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens the inbox with the server's token URL and waits until the WebSocket is up and the list loaded. */
export async function openInbox(page: Page, server: Pick<E2EServer, "url">): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");
  await expect(page.getByTestId("inbox-count")).toHaveText(/\d items?$/);
}

/** Clicks the row of an item (scrolled into view by Playwright) and waits for its detail (its title as shown: bidi and zero-width characters revealed). */
export async function openItem(page: Page, item: Pick<InboxItem, "id" | "title">): Promise<void> {
  await page.locator(`[role=row][data-item-id="${item.id}"]`).click();
  await expect(page.getByRole("row", { selected: true })).toHaveAttribute("data-item-id", item.id);
  await expect(detail(page).getByRole("heading", { level: 2 })).toHaveText(revealControls(item.title));
}

export const detail = (page: Page) => page.getByRole("region", { name: "Selected item" });

/** Waits for the decision's progress to reach `phase` (done / waiting / error). */
export async function expectOutcome(page: Page, phase: "done" | "waiting" | "error", timeout = 20_000): Promise<void> {
  await expect(page.getByTestId("outcome")).toHaveAttribute("data-phase", phase, { timeout });
}

/** The thread's state values, read from the host (what the graph actually did with the decision). */
export async function threadValues<T = Record<string, unknown>>(server: E2EServer, itemId: string): Promise<T> {
  const { thread } = await server.host.getItem({ itemId: itemId });
  return thread.values as T;
}

export function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

// End-to-end tests of browser mode: the built renderer in Chromium against a real `serve()` (host,
// graphs, SQLite). `npx playwright test`, or through `npm test` (test/run-all.mjs).
// Chromium is the system one (/usr/bin/chromium, from apt): `npx playwright install` is not needed.
import { defineConfig } from "@playwright/test";

export const CHROMIUM = process.env.COUNTERSIGN_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./test/e2e/global-setup.ts",
  outputDir: ".test-results/playwright-artifacts",
  // Two cores: one browser at a time next to the host it drives.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["json", { outputFile: ".test-results/playwright.json" }]],
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    colorScheme: "light",
    locale: "en-US",
    timezoneId: "UTC",
    screenshot: "only-on-failure",
    trace: "off",
    video: "off",
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
});

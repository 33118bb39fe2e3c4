// The reliability suite's browser part (test/reliability/*.spec.ts): the XSS corpus in Chromium,
// with the e2e tests' fixtures and browser settings. Run by test/reliability/run.mjs.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config.js";

export default defineConfig({
  ...base,
  testDir: "test/reliability",
  testMatch: "**/*.spec.ts",
  outputDir: ".test-results/reliability-playwright-artifacts",
  reporter: [["list"], ["json", { outputFile: ".test-results/reliability-playwright.json" }]],
});

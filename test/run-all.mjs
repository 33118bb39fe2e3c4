// Runs every test runner of the project (Vitest, Playwright, the reliability suite) and ends with one line that totals them all,
// so a run that executed no test is visible: "N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const reportDir = ".test-results";
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const runners = [
  {
    name: "vitest",
    command: ["npx", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${join(reportDir, "vitest.json")}`],
    count(report) {
      return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTests ?? 0), skipped: report.numPendingTests + report.numTodoTests };
    },
    report: join(reportDir, "vitest.json"),
  },
  {
    // End-to-end: the built renderer in Chromium against a real server (playwright.config.ts; its
    // global setup builds the renderer when out/renderer is missing or stale).
    name: "playwright",
    command: ["npx", "playwright", "test"],
    count(report) {
      const { expected, unexpected, flaky, skipped } = report.stats;
      // Errors outside any test (global setup, a file that fails to load) count as failures.
      return { passed: expected + flaky, failed: unexpected + (report.errors?.length ?? 0), skipped };
    },
    report: join(reportDir, "playwright.json"),
  },
  {
    // The reliability suite (test/reliability/run.mjs: crash loop, races, fuzzing, bad files and
    // environments, electronegativity, the XSS corpus) at its default size.
    name: "reliability",
    command: ["node", "test/reliability/run.mjs"],
    count(report) {
      return report;
    },
    report: join(reportDir, "reliability.json"),
  },
];

// The end-to-end tests drive the system Chromium (Playwright cannot download its own browser here).
// On a fresh Debian machine, as root, install it rather than fail; elsewhere say what is missing.
const chromium = process.env.COUNTERSIGN_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing: installing Debian's chromium package for the end-to-end tests.");
    spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"], { stdio: "inherit" });
  } else {
    console.log(`Chromium is missing at ${chromium}: install it (apt-get install -y chromium) or set COUNTERSIGN_CHROMIUM.`);
  }
}

const total = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;
for (const runner of runners) {
  const [cmd, ...args] = runner.command;
  const result = spawnSync(cmd, args, { stdio: "inherit", env: process.env.CI ? { ...process.env, NO_COLOR: "1" } : process.env });
  if (result.status !== 0) exitCode = 1;
  let counts;
  try {
    counts = runner.count(JSON.parse(readFileSync(runner.report, "utf8")));
  } catch {
    // A runner that crashed before reporting counts as one failure, never as zero tests.
    counts = { passed: 0, failed: 1, skipped: 0 };
    exitCode = 1;
  }
  for (const key of Object.keys(total)) total[key] += counts[key];
}
if (total.passed + total.failed === 0) exitCode = 1;
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(exitCode);

// Runs every test runner of the project and ends with one line that totals them all,
// so a run that executed no test is visible: "N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
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
];

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

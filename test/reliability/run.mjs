// `npm run test:reliability [-- --soak]`: the reliability suite. Vitest (vitest.reliability.config.ts:
// crash loop, races, fuzzing, bad files, electronegativity), then Playwright
// (playwright.reliability.config.ts: the XSS corpus, a cross-site WebSocket), then a summary of the
// figures each test reported and one line "Reliability: N passed, N failed, N skipped". `--soak`
// multiplies every count by 10. It also writes .test-results/reliability.json ({ passed, failed,
// skipped }), which `npm test` (test/run-all.mjs) adds to its total.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

const soak = process.argv.includes("--soak");
const results = ".test-results";
const figuresDir = join(results, "reliability");
const vitestReport = join(results, "reliability-vitest.json");
const playwrightReport = join(results, "reliability-playwright.json");
rmSync(figuresDir, { recursive: true, force: true });
rmSync(vitestReport, { force: true });
rmSync(playwrightReport, { force: true });
mkdirSync(figuresDir, { recursive: true });

const env = { ...process.env, COUNTERSIGN_SOAK: soak ? "1" : "0", ...(process.env.CI ? { NO_COLOR: "1" } : {}) };
const started = Date.now();
const load = loadavg()[0];

const runners = [
  {
    name: "vitest",
    command: ["npx", "vitest", "run", "-c", "vitest.reliability.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`],
    report: vitestReport,
    count: (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTests ?? 0), skipped: r.numPendingTests + r.numTodoTests }),
  },
  {
    name: "playwright",
    command: ["npx", "playwright", "test", "-c", "playwright.reliability.config.ts"],
    report: playwrightReport,
    count: (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected + (r.errors?.length ?? 0), skipped: r.stats.skipped }),
  },
];

const total = { passed: 0, failed: 0, skipped: 0 };
for (const runner of runners) {
  const [cmd, ...args] = runner.command;
  const result = spawnSync(cmd, args, { stdio: "inherit", env });
  let counts;
  try {
    counts = runner.count(JSON.parse(readFileSync(runner.report, "utf8")));
  } catch {
    // A runner that crashed before reporting counts as one failure, never as zero tests.
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  for (const key of Object.keys(total)) total[key] += counts[key];
}

const seconds = Math.round((Date.now() - started) / 1000);
const figures = existsSync(figuresDir)
  ? readdirSync(figuresDir)
      .filter((file) => file.endsWith(".json"))
      .sort()
      .map((file) => JSON.parse(readFileSync(join(figuresDir, file), "utf8")))
  : [];
const lines = [
  `npm run test:reliability${soak ? " -- --soak" : ""}: ${new Date(started).toISOString().slice(0, 16).replace("T", " ")} UTC, ${Math.floor(seconds / 60)} min ${seconds % 60} s, Node ${process.versions.node}, ${cpus().length} CPUs, load average ${load.toFixed(2)} at the start${figures[0] ? `, seed ${figures[0].seed}` : ""}`,
  "",
  "| test | figure | value |",
  "| --- | --- | --- |",
  ...figures.flatMap(({ test, soak: _soak, seed: _seed, ...rest }) => Object.entries(rest).map(([name, value]) => `| ${test} | ${name} | ${typeof value === "number" ? value.toLocaleString("en-US") : value} |`)),
];
console.log(`\nReliability figures\n\n${lines.join("\n")}\n`);
writeFileSync(join(results, "reliability-summary.md"), `${lines.join("\n")}\n`);
writeFileSync(join(results, "reliability.json"), JSON.stringify(total));
console.log(`Reliability: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);

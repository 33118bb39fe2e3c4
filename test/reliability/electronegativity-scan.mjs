// Runs @doyensec/electronegativity (offline) over the Electron sources and writes its findings as
// JSON, severity included. Its own CLI writes CSV (header and rows in two unordered writes, so the
// header can overwrite the first row) or SARIF (no severity), so its runner is called directly,
// with the options its CLI passes.
// Usage: node test/reliability/electronegativity-scan.mjs <out.json>
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import run from "@doyensec/electronegativity";

/**
 * One input holding all the code that runs in Electron (the adapter, the main entry, the preload):
 * its global checks (navigation limits, permission handler, CSP) look across the files they scan,
 * so scanning the entries on their own would report what the adapter does as missing.
 */
const INPUTS = ["main"];
const electronVersion = JSON.parse(readFileSync("node_modules/electron/package.json", "utf8")).version;

try {
  const issues = [];
  const errors = [];
  for (const input of INPUTS) {
    const result = await run(
      {
        input: resolve(input),
        customScan: [],
        // Its fixes list is fetched from the internet.
        excludeFromScan: ["AvailableSecurityFixesGlobalCheck"],
        isRelative: true,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
    for (const issue of result.issues) {
      issues.push({
        check: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: issue.file === "N/A" ? input : `${input}/${issue.file}`,
        line: issue.location ? issue.location.line : null,
        sample: issue.sample ?? null,
        description: issue.description,
      });
    }
    for (const error of result.errors) errors.push({ input, file: error.file, message: error.message, tolerable: Boolean(error.tolerable) });
  }
  writeFileSync(process.argv[2], JSON.stringify({ electronVersion, inputs: INPUTS, issues, errors }, null, 2));
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}

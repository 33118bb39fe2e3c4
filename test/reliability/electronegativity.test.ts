// @doyensec/electronegativity over the Electron sources, offline: no finding of high or medium
// severity unless it is explained (electronegativity-explained.json), and no explanation for a
// finding the scan no longer makes. Also the packaging fuses (checklist item 19), which no scanner reads.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tempDir } from "../support/tmp.js";
import { reportFigures } from "./scale.js";

interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  line: number | null;
  description: string;
}

const explained = (JSON.parse(readFileSync("test/reliability/electronegativity-explained.json", "utf8")) as { findings: Array<{ check: string; file: string; reason: string; shownBy: string }> }).findings;

test("no high or medium finding is left unexplained, and every explanation is still needed", () => {
  const dir = tempDir();
  try {
    const out = dir.file("electronegativity.json");
    const scan = spawnSync(process.execPath, ["test/reliability/electronegativity-scan.mjs", out], { encoding: "utf8" });
    expect(scan.status, scan.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as { electronVersion: string; issues: Finding[]; errors: Array<{ file: string; message: string; tolerable: boolean }> };
    // Every file parsed: a file the parser skipped would hide its findings.
    expect(report.errors.filter((error) => !error.tolerable)).toEqual([]);
    const serious = report.issues.filter((issue) => issue.severity === "HIGH" || issue.severity === "MEDIUM");
    const key = (finding: { check: string; file: string }) => `${finding.check} in ${finding.file}`;
    const unexplained = serious.filter((issue) => !explained.some((entry) => key(entry) === key(issue)));
    expect(unexplained, "add a fix, or an entry with a reason and a test to electronegativity-explained.json").toEqual([]);
    const stale = explained.filter((entry) => !serious.some((issue) => key(issue) === key(entry)));
    expect(stale, "the scan no longer reports these: remove them").toEqual([]);
    for (const entry of explained) expect(entry.reason.length > 20 && entry.shownBy.length > 0, key(entry)).toBe(true);
    reportFigures("electronegativity", {
      "Electron version assumed": report.electronVersion,
      "findings (all severities)": report.issues.length,
      "high or medium": serious.length,
      "high or medium, explained": serious.length - unexplained.length,
      "high or medium, unexplained": unexplained.length,
    });
  } finally {
    dir.remove();
  }
});

test("packaging flips the fuses that turn the app into a general Node runtime off (checklist item 19)", () => {
  const config = readFileSync("build/electron-builder.yml", "utf8");
  const fuses = Object.fromEntries([...config.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((match) => [match[1], match[2] === "true"]));
  expect(fuses).toMatchObject({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
    enableCookieEncryption: true,
  });
});

// Builds the compiled CLI (`node build/cli.mjs` → out/cli) when it is missing or older than its
// sources, so tests and the bench that spawn `bin/countersign.js` always run the current code.
// Vitest runs it once before all tests (globalSetup in vitest.config.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUILT = join(ROOT, "out/cli/countersign.js");
/** What the compiled CLI is made of (npm packages stay imports, read at run time). */
const SOURCES = ["main", "shared", "build/cli.mjs", "package-lock.json"];

/** The newest modification time of a file, or of anything in a folder. */
export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function cliStale(): string | null {
  if (!existsSync(BUILT)) return "out/cli/countersign.js is missing";
  const built = statSync(BUILT).mtimeMs;
  const newer = SOURCES.find((source) => newestMtime(join(ROOT, source)) > built);
  return newer ? `${newer} changed since the last build` : null;
}

export function ensureCliBuilt(): void {
  const reason = cliStale();
  if (!reason) return;
  process.stderr.write(`[cli] building the CLI (${reason}): node build/cli.mjs\n`);
  const result = spawnSync(process.execPath, [join(ROOT, "build/cli.mjs")], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`node build/cli.mjs failed (exit ${result.status ?? result.signal}); the CLI tests need out/cli`);
}

export default ensureCliBuilt;

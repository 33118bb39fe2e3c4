// Builds the renderer (`electron-vite build` → out/renderer) when it is missing or older than its
// sources, so the e2e tests always drive the current UI: on a fresh machine, after an edit, in CI.
// The compiled CLI, which some tests spawn, likewise.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureCliBuilt, newestMtime } from "../support/cli-build.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUILT = join(ROOT, "out/renderer/index.html");
/** What the built renderer is made of. */
const SOURCES = ["renderer", "shared", "main/static/csp.ts", "electron.vite.config.ts", "package-lock.json", "tsconfig.web.json"];

export function rendererStale(): string | null {
  if (!existsSync(BUILT)) return "out/renderer/index.html is missing";
  const built = statSync(BUILT).mtimeMs;
  const newer = SOURCES.find((source) => newestMtime(join(ROOT, source)) > built);
  return newer ? `${newer} changed since the last build` : null;
}

export default function globalSetup(): void {
  ensureCliBuilt();
  const reason = process.env.COUNTERSIGN_E2E_BUILD === "always" ? "COUNTERSIGN_E2E_BUILD=always" : rendererStale();
  if (!reason) return;
  process.stderr.write(`[e2e] building the renderer (${reason}): npx electron-vite build\n`);
  const result = spawnSync("npx", ["electron-vite", "build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`electron-vite build failed (exit ${result.status ?? result.signal}); the e2e tests need out/renderer`);
  if (!existsSync(BUILT)) throw new Error("electron-vite build succeeded but out/renderer/index.html is missing");
}

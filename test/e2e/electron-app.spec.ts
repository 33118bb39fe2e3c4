// The real desktop app, end to end: Electron opens the built app on a fresh data folder, a demo
// graph is started from the empty inbox, and its item is approved in the window. It runs wherever
// an Electron binary exists (the electron package's download, or ELECTRON_OVERRIDE_DIST_PATH) and
// a display; elsewhere it is reported as skipped with the reason. The binary is found the way
// `npm start` finds it, without importing "electron" (which downloads it on the spot under Node).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { _electron as electron, expect, test } from "@playwright/test";
import { findElectron, systemProbe } from "../../main/launcher.js";
import { ROOT } from "./fixtures.js";

const found = findElectron(systemProbe(import.meta.url));
// The list reporter shows a skip without its reason: say it once here.
if (!found.ok) console.warn(`[e2e] the Electron app test is skipped: ${found.reason}`);

test("the app opens on a fresh data folder, shows a demo item and approves it", async () => {
  test.skip(!found.ok, `No usable Electron here: ${found.ok ? "" : found.reason}`);
  if (!found.ok) return;
  // better-sqlite3 for Electron's ABI (built once into .native/, needs Electron's headers the first time).
  const native = spawnSync(process.execPath, [join(ROOT, "build/native.mjs")], { cwd: ROOT, encoding: "utf8" });
  test.skip(native.status !== 0, `better-sqlite3 could not be built for Electron: ${native.stderr.trim().split("\n").at(-1)}`);
  const build = spawnSync("npx", ["electron-vite", "build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
  expect(build.status).toBe(0);

  const dataDir = mkdtempSync(join(tmpdir(), "countersign-electron-"));
  const env = { ...process.env, COUNTERSIGN_SQLITE_BINDING: native.stdout.trim() } as Record<string, string>;
  delete env.ELECTRON_RUN_AS_NODE;
  const app = await electron.launch({ executablePath: found.executable, args: [join(ROOT, "out/main/index.js"), `--data=${dataDir}`], cwd: ROOT, env });
  try {
    const page = await app.firstWindow();
    await page.getByRole("button", { name: "Start expense-approval" }).click();
    const detail = page.getByRole("region", { name: "Selected item" });
    await expect(detail.getByRole("button", { name: "Accept", exact: true })).toBeVisible({ timeout: 30_000 });
    await detail.getByRole("button", { name: "Accept", exact: true }).click();
    await expect(page.getByTestId("outcome")).toHaveAttribute("data-phase", "done", { timeout: 30_000 });
    await page.getByRole("tab", { name: /History/ }).click();
    await expect(page.getByRole("tabpanel")).toContainText("expense-approval");
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

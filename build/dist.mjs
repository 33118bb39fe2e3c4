// `npm run dist [-- electron-builder arguments]`: packages the app with electron-builder
// (build/electron-builder.yml). It needs an Electron distribution (node_modules/electron/dist,
// which the electron package downloads on demand, or ELECTRON_OVERRIDE_DIST_PATH) and better-sqlite3 built for that Electron (build/native.mjs; its
// headers come from the internet the first time). Anything missing ends it with one line.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ROOT, ensureElectronBinding, firstLine } from "./native.mjs";

const require = createRequire(import.meta.url);
const fail = (message) => {
  process.stderr.write(`countersign dist: ${message}\n`);
  process.exit(1);
};

/** The folder holding Electron's executable for this platform, or the reason there is none. */
export function electronDist(root = ROOT, env = process.env, platform = process.platform) {
  const executable = { darwin: "Electron.app", win32: "electron.exe", linux: "electron" }[platform];
  if (!executable) return { ok: false, reason: `Electron has no build for ${platform}` };
  const dir = env.ELECTRON_OVERRIDE_DIST_PATH || join(root, "node_modules", "electron", "dist");
  if (!existsSync(join(dir, executable))) {
    return {
      ok: false,
      reason: env.ELECTRON_OVERRIDE_DIST_PATH
        ? `ELECTRON_OVERRIDE_DIST_PATH holds no ${executable} (${dir})`
        : "no Electron distribution here (node_modules/electron/dist is missing: download it with `node node_modules/electron/install.js` where there is internet, or set ELECTRON_OVERRIDE_DIST_PATH)",
    };
  }
  return { ok: true, dir };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const dist = electronDist();
  if (!dist.ok) fail(dist.reason);
  const vite = join(dirname(require.resolve("electron-vite/package.json")), "bin", "electron-vite.js");
  if (spawnSync(process.execPath, [vite, "build"], { cwd: ROOT, stdio: "inherit" }).status !== 0) fail("the build failed (electron-vite build)");
  let binding;
  try {
    binding = await ensureElectronBinding({ log: (line) => process.stdout.write(`${line}\n`) });
  } catch (error) {
    fail(firstLine(error));
  }
  const builder = join(dirname(require.resolve("electron-builder/package.json")), JSON.parse(readFileSync(require.resolve("electron-builder/package.json"), "utf8")).bin["electron-builder"]);
  const args = [builder, "--config", "build/electron-builder.yml", `-c.electronDist=${dist.dir}`, ...process.argv.slice(2)];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, COUNTERSIGN_ELECTRON_SQLITE: binding } });
  if (result.status !== 0) fail("electron-builder failed (see above)");
}

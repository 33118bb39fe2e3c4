// What `npm start` decides, as plain functions: its arguments, and where the Electron executable
// is. The executable is found the way node_modules/electron/index.js does, without importing
// "electron": under plain Node that import downloads the binary on the spot and throws offline.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { hasDisplay } from "./host/display.js";

export interface ElectronProbe {
  /** node_modules/electron, or null when the package is not installed. */
  packageDir: string | null;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists(path: string): boolean;
  /** The file's text, or null when it cannot be read. */
  readText(path: string): string | null;
}

export type ElectronLookup = { ok: true; executable: string } | { ok: false; reason: string };

/** The executable's path inside an Electron distribution (install.js's getPlatformPath). */
export function platformExecutable(platform: NodeJS.Platform): string | null {
  switch (platform) {
    case "darwin":
      return "Electron.app/Contents/MacOS/Electron";
    case "win32":
      return "electron.exe";
    case "linux":
    case "freebsd":
    case "openbsd":
      return "electron";
    default:
      return null;
  }
}

export function findElectron(probe: ElectronProbe): ElectronLookup {
  if (!probe.packageDir) return { ok: false, reason: "the electron package is not installed" };
  const recorded = probe.readText(join(probe.packageDir, "path.txt"))?.trim() || null;
  const override = probe.env.ELECTRON_OVERRIDE_DIST_PATH;
  let executable: string;
  if (override) {
    const relative = recorded ?? platformExecutable(probe.platform);
    if (!relative) return { ok: false, reason: `Electron has no build for ${probe.platform}` };
    executable = join(override, relative);
    if (!probe.exists(executable)) return { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH holds no Electron executable (${executable})` };
  } else {
    if (!recorded) return { ok: false, reason: "the Electron binary is not downloaded" };
    executable = join(probe.packageDir, "dist", recorded);
    if (!probe.exists(executable)) return { ok: false, reason: `the Electron binary is not downloaded (no ${executable})` };
  }
  if (!hasDisplay(probe.platform, probe.env)) return { ok: false, reason: "no display (DISPLAY and WAYLAND_DISPLAY are unset)" };
  return { ok: true, executable };
}

/** The probe for this machine. */
export function systemProbe(from: string = import.meta.url): ElectronProbe {
  let packageDir: string | null;
  try {
    packageDir = dirname(createRequire(from).resolve("electron/package.json"));
  } catch {
    // Electron is not installed: the caller says so.
    packageDir = null;
  }
  return {
    packageDir,
    env: process.env,
    platform: process.platform,
    exists: existsSync,
    readText(path) {
      try {
        return readFileSync(path, "utf8");
      } catch {
        // A missing file is an answer here ("not installed"), not a failure.
        return null;
      }
    },
  };
}

/**
 * `--data DIR` and `--config FILE` (either form), made absolute against `cwd` (npm runs scripts
 * from the package folder; INIT_CWD is where the user typed the command). Anything else is refused.
 */
export function parseStartArgs(argv: readonly string[], cwd: string): { dataDir?: string; configPath?: string } | { error: string } {
  const args: { dataDir?: string; configPath?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    const flag = token.split("=")[0];
    if (flag !== "--data" && flag !== "--config") return { error: `Unknown argument ${token}` };
    const value = token.includes("=") ? token.slice(token.indexOf("=") + 1) : argv[++i];
    if (!value || value.startsWith("-")) return { error: `${flag} needs a value` };
    args[flag === "--data" ? "dataDir" : "configPath"] = resolve(cwd, value);
  }
  return args;
}

/** The arguments Electron's main process gets; `=` form, which Chromium never reorders. */
export function electronArgs(args: { dataDir?: string; configPath?: string }): string[] {
  return [...(args.dataDir ? [`--data=${args.dataDir}`] : []), ...(args.configPath ? [`--config=${args.configPath}`] : [])];
}

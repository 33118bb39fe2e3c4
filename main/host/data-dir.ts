import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where Countersign keeps its database: `--data DIR`, else `COUNTERSIGN_DATA`, else the
 * per-user application data folder the desktop app uses (Electron's `appData` + app name).
 */
export function resolveDataDir(options: { data?: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; home?: string } = {}): string {
  const env = options.env ?? process.env;
  if (options.data) return options.data;
  if (env.COUNTERSIGN_DATA) return env.COUNTERSIGN_DATA;
  const home = options.home ?? homedir();
  switch (options.platform ?? process.platform) {
    case "darwin":
      return join(home, "Library", "Application Support", "Countersign");
    case "win32":
      return join(env.APPDATA ?? join(home, "AppData", "Roaming"), "Countersign");
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, ".config"), "Countersign");
  }
}

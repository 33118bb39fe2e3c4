import { homedir } from "node:os";
import { join } from "node:path";

export interface DataDirOptions {
  /** `--data DIR`. */
  data?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  /** The per-user application data folder as the desktop app knows it (Electron's `appData`); else worked out here the same way. */
  appData?: string;
}

/**
 * Where Countersign keeps its database, for the desktop app, browser mode and the CLI alike:
 * `--data DIR`, else `COUNTERSIGN_DATA`, else Countersign in the per-user application data folder.
 */
export function resolveDataDir(options: DataDirOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.data) return options.data;
  if (env.COUNTERSIGN_DATA) return env.COUNTERSIGN_DATA;
  return join(options.appData || appDataFolder(env, options.platform ?? process.platform, options.home ?? homedir()), "Countersign");
}

/** The folder Electron's `app.getPath("appData")` names on each platform. */
function appDataFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  switch (platform) {
    case "darwin":
      return join(home, "Library", "Application Support");
    case "win32":
      return env.APPDATA ?? join(home, "AppData", "Roaming");
    default:
      return env.XDG_CONFIG_HOME ?? join(home, ".config");
  }
}

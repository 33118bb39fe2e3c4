import type Database from "better-sqlite3";

/**
 * Which compiled better-sqlite3 the host loads. Under Node, the package's own build. Under a real
 * Electron started by `npm start`, COUNTERSIGN_SQLITE_BINDING names a copy built for Electron's
 * ABI outside node_modules (build/native.mjs), so the tests under Node keep the package's build.
 * A packaged app carries the Electron build in place of the package's, and sets nothing.
 */
export function databaseOptions(env: NodeJS.ProcessEnv = process.env): Database.Options {
  const binding = env.COUNTERSIGN_SQLITE_BINDING;
  return binding ? { nativeBinding: binding } : {};
}

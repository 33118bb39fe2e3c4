// better-sqlite3 for Electron's ABI, kept apart from node_modules: the package's own build stays
// the one Node loads (the tests, the CLI, browser mode), and a copy built against the installed
// Electron's headers goes to .native/electron-<version>-<platform>-<arch>/. `npm start` hands
// that copy to the host (COUNTERSIGN_SQLITE_BINDING) when it opens a real Electron, and
// `npm run dist` puts it into the package (build/after-pack.cjs), so either order of `npm test`,
// `npm start` and `npm run dist` leaves each runtime its own build.
//
// `node build/native.mjs` prints the path of the Electron build (building it when missing);
// building needs Electron's headers, which @electron/rebuild downloads: it fails offline.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { URL, fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export function electronVersion(root = ROOT) {
  return JSON.parse(readFileSync(join(root, "node_modules", "electron", "package.json"), "utf8")).version;
}

export function electronBindingPath(root = ROOT, version = electronVersion(root), platform = process.platform, arch = process.arch) {
  return join(root, ".native", `electron-${version}-${platform}-${arch}`, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");
}

/** The Electron build of better-sqlite3, built now if missing (or `force`). Throws with the reason when it cannot be built. */
export async function ensureElectronBinding({ root = ROOT, force = false, log = () => undefined } = {}) {
  const version = electronVersion(root);
  const target = electronBindingPath(root, version);
  if (existsSync(target) && !force) return target;
  const stage = join(root, ".native", `electron-${version}-${process.platform}-${process.arch}`);
  const source = join(root, "node_modules", "better-sqlite3");
  const sqliteVersion = JSON.parse(readFileSync(join(source, "package.json"), "utf8")).version;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // The package's sources without its Node build.
  cpSync(source, join(stage, "node_modules", "better-sqlite3"), { recursive: true, dereference: true, filter: (path) => !relative(source, path).split(sep).includes("build") });
  writeFileSync(join(stage, "package.json"), JSON.stringify({ name: "countersign-native", version: "0.0.0", private: true, dependencies: { "better-sqlite3": sqliteVersion } }));
  log(`Building better-sqlite3 ${sqliteVersion} for Electron ${version} (${process.platform}-${process.arch})…`);
  const { rebuild } = await import("@electron/rebuild");
  try {
    await rebuild({ buildPath: stage, electronVersion: version, arch: process.arch, onlyModules: ["better-sqlite3"], force: true, buildFromSource: true });
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    throw new Error(`could not build better-sqlite3 for Electron ${version} (building needs Electron's headers from the internet): ${firstLine(error)}`, { cause: error });
  }
  if (!existsSync(target)) throw new Error(`@electron/rebuild finished without ${relative(root, target)}`);
  return target;
}

export function firstLine(error) {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${await ensureElectronBinding({ force: process.argv.includes("--force"), log: (line) => process.stderr.write(`${line}\n`) })}\n`);
  } catch (error) {
    process.stderr.write(`countersign: ${firstLine(error)}\n`);
    process.exit(1);
  }
}
